"""Measure the signals back-off: each suite part scored with the lexicons alone and with the back-off.

    /work/venv/bin/python evals/train/check_signal_backoff.py [--parts tune2,held2] [--labels]

analyze() runs the back-off after the lexicon detectors (and the learned head after it, which this script
leaves out: evals/train/train_signal_heads.py --loao measures the two together).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import sources

from steadyheart.understanding import signals, urges

SUITE = sources.ROOT / "evals" / "data" / "understanding_suite.yaml"
Key = tuple[str, str]


def gold(message: dict[str, object]) -> set[Key]:
    found = {("body", str(x)) for x in message.get("body") or []}  # type: ignore[attr-defined]
    found |= {("trigger", str(x)) for x in message.get("triggers") or []}  # type: ignore[attr-defined]
    return found | {("urge", str(x)) for x in message.get("urges") or {}}  # type: ignore[attr-defined]


def score(pairs: list[tuple[set[Key], set[Key]]]) -> dict[Key, list[int]]:
    counts: dict[Key, list[int]] = {}
    for want, got in pairs:
        for key in want | got:
            counts.setdefault(key, [0, 0, 0])[0 if key in want and key in got else 1 if key in got else 2] += 1
    return counts


def pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--parts", default="tune,held_out,blind,tune2,held2,held3,held4,held5,held6,held7,held8,held9,held10")
    ap.add_argument("--labels", action="store_true", help="per-label precision and recall")
    args = ap.parse_args()
    messages = yaml.safe_load(SUITE.read_text(encoding="utf-8"))["messages"]
    vectors = sources.embed_cached([m["text"] for m in messages])
    for part in args.parts.split(","):
        rows = [(m, v) for m, v in zip(messages, vectors, strict=True) if m["part"] == part]
        plain, backed, added = [], [], []
        for message, vector in rows:
            text = message["text"]
            body, found_triggers, found_urges = (
                signals.body_signals(text), signals.triggers(text), urges.detect_urges(text)
            )
            lexical = {("body", s.name) for s in body} | {("trigger", s.name) for s in found_triggers}
            lexical |= {("urge", u.name) for u in found_urges}
            b, t, u = signals.with_backoff(text, vector, body, found_triggers, found_urges)
            extended = {("body", s.name) for s in b} | {("trigger", s.name) for s in t} | {("urge", x.name) for x in u}
            want = gold(message)
            plain.append((want, lexical))
            backed.append((want, extended))
            for key in extended - lexical:
                added.append(("right" if key in want else "wrong", key[1], text))
        print(f"\n## part `{part}` ({len(rows)} messages)\n")
        for name, pairs in (("lexicons", plain), ("lexicons + back-off", backed)):
            counts = score(pairs)
            p, r = pr(*(sum(c[i] for c in counts.values()) for i in range(3)))
            print(f"- {name}: micro precision {p:.3f}, recall {r:.3f}")
        for verdict, label, text in added:
            print(f"  - back-off added `{label}` ({verdict}): \"{text}\"")
        if args.labels:
            lexical_counts, backed_counts = score(plain), score(backed)
            print("\n| kind | label | support | P lexicons | R lexicons | P + back-off | R + back-off |")
            print("|---|---|---|---|---|---|---|")
            for key in sorted(lexical_counts.keys() | backed_counts.keys()):
                a, b_ = lexical_counts.get(key, [0, 0, 0]), backed_counts.get(key, [0, 0, 0])
                (p1, r1), (p2, r2) = pr(*a), pr(*b_)
                print(f"| {key[0]} | {key[1]} | {a[0] + a[2]} | {p1:.2f} | {r1:.2f} | {p2:.2f} | {r2:.2f} |")


if __name__ == "__main__":
    main()
