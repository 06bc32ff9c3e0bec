"""Measure redaction before a remote LLM: how many personal details are caught, how much else is touched.

    python evals/redaction.py [--split dev|heldout|all] [--misses]

Cases are project-written (evals/data/redaction/cases.yaml). Reported: recall of secrets (a secret counts
as caught when none of it reaches the provider), words kept that should be kept, exact restore, and on
real posts from ../shared/data/dreaddit (skipped when absent; never printed) the share of posts touched
and placeholders per 100 words, an upper bound on over-redaction (real posts do contain some names).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from steadyheart.privacy.redaction import Redaction  # noqa: E402

CASES = ROOT / "data" / "redaction" / "cases.yaml"
DREADDIT = ROOT.parent.parent / "shared" / "data" / "dreaddit" / "dreaddit-train.csv"


def run_cases(split: str, show_misses: bool) -> None:
    cases = [c for c in yaml.safe_load(CASES.read_text()) if split == "all" or c["split"] == split]
    secrets = caught = keeps = kept = restored = 0
    for case in cases:
        redaction = Redaction()
        sent = redaction.redact(case["text"])
        restored += redaction.restore(sent) == case["text"]
        for secret in case.get("secrets", []):
            secrets += 1
            hit = str(secret) not in sent
            caught += hit
            if not hit and show_misses:
                print(f"  missed {secret!r}: {sent}")
        for word in case.get("keep", []):
            keeps += 1
            ok = str(word) in sent
            kept += ok
            if not ok and show_misses:
                print(f"  over-redacted {word!r}: {sent}")
    print(f"split={split} cases={len(cases)}")
    print(f"  secrets caught (recall): {caught}/{secrets} = {caught / max(secrets, 1):.2f}")
    print(f"  ordinary words kept:     {kept}/{keeps} = {kept / max(keeps, 1):.2f}")
    print(f"  restored exactly:        {restored}/{len(cases)}")


def run_real() -> None:
    if not DREADDIT.exists():
        print(f"real posts: skipped ({DREADDIT} is absent)")
        return
    with DREADDIT.open(newline="", encoding="utf-8") as handle:
        posts = [row["text"] for row in csv.DictReader(handle)][:1000]
    touched = placeholders = words = 0
    for post in posts:
        redaction = Redaction()
        sent = redaction.redact(post)
        touched += sent != post
        placeholders += len(redaction.originals)
        words += len(post.split())
    print(f"real posts (dreaddit, first {len(posts)}): touched {touched / len(posts):.1%}, "
          f"{100 * placeholders / max(words, 1):.2f} placeholders per 100 words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="heldout")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    run_cases(args.split, args.misses)
    run_real()


if __name__ == "__main__":
    main()
