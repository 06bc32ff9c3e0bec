"""A cheap test before a lexicon regex runs: the literal words without which the pattern cannot match.

Most messages match none of an entry's patterns. Every match of `\\bheart\\s+(?:racing|pounding)` contains
"heart", so a message whose lower-cased text lacks "heart" skips that regex: one substring test instead of
a regex search. The words are read from the compiled pattern's parse tree (CPython's own `re._parser`);
a pattern or a part of one it cannot read gives no words, and such a pattern always runs. The test is used
on ASCII text only: there a case-insensitive match is plain lower-casing ("ſ" matches "s" otherwise).

May import re only.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

_parser: Any
_c: Any
try:  # CPython 3.11+ (not in the typeshed stubs); without it every pattern simply runs
    _parser, _c = importlib.import_module("re._parser"), importlib.import_module("re._constants")
except ImportError:  # pragma: no cover
    _parser = _c = None

#: Words of one or two letters are in most messages ("he" is in "the"): such a filter is not worth its test.
_MIN_USEFUL = 3

Needs = tuple[str, ...]


class Filtered(Protocol):
    @property
    def needs(self) -> Needs | None: ...


F = TypeVar("F", bound=Filtered)


def needed(regex: re.Pattern[str]) -> Needs | None:
    """Lower-case strings at least one of which every match of `regex` contains, or None (no such set known)."""
    if _parser is None:  # pragma: no cover
        return None
    try:
        tree = _parser.parse(regex.pattern, regex.flags)
    except re.error:  # pragma: no cover - it compiled, so it parses
        return None
    found = _sequence(list(tree))
    if found is None or min(len(s) for s in found) < _MIN_USEFUL:
        return None
    return found


def _best(candidates: Iterable[Needs]) -> Needs | None:
    """The most selective set: its shortest string longest, then the fewest strings."""
    return max(candidates, key=lambda s: (min(len(x) for x in s), -len(s)), default=None)


def _sequence(items: list[tuple[Any, Any]]) -> Needs | None:
    """Every item of a sequence is required, so any one item's set will do: the best one."""
    candidates: list[Needs] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        if run:
            candidates.append(("".join(run),))
            run = []
        inner = _item(op, av)
        if inner is not None:
            candidates.append(inner)
    if run:
        candidates.append(("".join(run),))
    return _best(candidates)


def _item(op: Any, av: Any) -> Needs | None:
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if found is None:
                return None
            union.update(found)
        return tuple(sorted(union))
    # Anything else (a character class, an anchor, a lookaround, a back-reference) asks for no literal.
    return None


def literals(items: Iterable[Filtered]) -> Needs:
    """Every string any of `items` needs, each once: what `candidates` looks for in a message."""
    return tuple(sorted({x for item in items for x in item.needs or ()}))


def lowered(text: str) -> str | None:
    """The text to look for the strings in, or None when the test does not apply (non-ASCII text)."""
    return text.lower() if text.isascii() else None


def candidates(items: Sequence[F], strings: Needs, lower_text: str | None) -> Sequence[F]:
    """The items (patterns) that may match: those without a set, and those with a string of theirs in the
    text. `strings` is `literals(items)`, `lower_text` is `lowered(text)`."""
    if lower_text is None:
        return items
    seen = present(strings, lower_text)
    return [item for item in items if item.needs is None or not seen.isdisjoint(item.needs)]


#: Many strings (triage's risk group needs over a thousand): index them by their first three letters, so a message is
#: searched only for the strings that start with one of its own three-letter runs.
_MANY = 24
_BY_START: dict[int, tuple[Needs, dict[str, tuple[str, ...]]]] = {}


def present(strings: Needs, lower_text: str) -> set[str]:
    """The strings that occur in the text (every string has at least _MIN_USEFUL letters)."""
    if len(strings) < _MANY:
        return {x for x in strings if x in lower_text}
    entry = _BY_START.get(id(strings))
    if entry is None or entry[0] is not strings:  # the entry holds its tuple, so an id is never reused
        index: dict[str, list[str]] = {}
        for x in strings:
            index.setdefault(x[:_MIN_USEFUL], []).append(x)
        entry = _BY_START[id(strings)] = (strings, {k: tuple(v) for k, v in index.items()})
    starts = entry[1]
    runs = {lower_text[i : i + _MIN_USEFUL] for i in range(len(lower_text) - _MIN_USEFUL + 1)}
    return {x for run in runs.intersection(starts) for x in starts[run] if x in lower_text}
