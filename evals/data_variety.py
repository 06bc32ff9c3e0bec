"""How varied a written test set is, in numbers only: a check on a blind writer's file that never shows a message.

    python evals/data_variety.py evals/data/sealed/safety_round17.yaml evals/data/safety/messages_heldout.yaml

Reads the safety format (`groups:` of `texts:`) and the understanding format (`messages:`). Prints, per file:
messages, mean words, the share of word trigrams that occur once in the file, and the most messages that share
their first two words. A templated file shows a low share and many messages opening alike.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml


def texts(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "groups" in data:
        return [t["text"] if isinstance(t, dict) else t for group in data["groups"] for t in group["texts"]]
    return [m["text"] for m in data["messages"]]


def variety(messages: list[str]) -> tuple[int, float, float, int]:
    """(messages, mean words, distinct trigram share, most messages sharing their first two words)."""
    trigrams: Counter[tuple[str, ...]] = Counter()
    words = 0
    for text in messages:
        tokens = text.lower().split()
        words += len(tokens)
        trigrams.update(tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2))
    openings = Counter(" ".join(text.lower().split()[:2]) for text in messages)
    share = len(trigrams) / sum(trigrams.values()) if trigrams else 0.0
    return len(messages), words / max(len(messages), 1), share, max(openings.values(), default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="+", type=Path)
    for path in parser.parse_args().files:
        try:
            count, mean, share, alike = variety(texts(path))
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            sys.exit(f"{path}: not a suite file this script reads ({exc})")
        print(f"{path.name}: {count} messages, {mean:.1f} words on average, {share:.1%} of word trigrams distinct, "
              f"at most {alike} messages open with the same two words")


if __name__ == "__main__":
    main()
