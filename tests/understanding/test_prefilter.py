"""The literal prefilter skips a lexicon regex only where it cannot match; project-written cases."""

from __future__ import annotations

import re

import pytest

from steadyheart import prefilter
from steadyheart.understanding import lexicon, traps


def needs(source: str) -> prefilter.Needs | None:
    return prefilter.needed(re.compile(source, re.IGNORECASE))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\bheart\s+(?:is\s+)?racing", ("racing",)),  # the longest required word
        (r"\b(?:heart|pulse)\s+(?:racing|pounding)", ("pounding", "racing")),  # every branch needs one
        (r"\bCHEST\b", ("chest",)),  # lower-cased, as the text is
        (r"(?:tight)+\s+chest", ("tight",)),  # a repeat needs its body once; ties go to the first
        (r"\b(?:my\s+)?(?:gf|bf)\b", None),  # two letters: in too many messages to be worth a test
        (r"\b(?:can'?t|cannot)\s+sleep", ("sleep",)),
        (r"\b(?:waiting|\w+ing)\s+up", ("ing", "waiting")),
        (r"\b(?:waiting|\w+)\s+up", None),  # one branch needs no literal, and "up" is too short
        (r"(?:ab)?c\d+", None),
    ],
)
def test_the_strings_a_pattern_needs(source: str, expected: prefilter.Needs | None) -> None:
    assert needs(source) == expected


def test_an_unfiltered_pattern_and_non_ascii_text_always_run() -> None:
    pattern = lexicon.Pattern(re.compile(r"\bsleep", re.IGNORECASE), needs=("sleep",))
    other = lexicon.Pattern(re.compile(r"\w+", re.IGNORECASE))
    strings = prefilter.literals([pattern, other])
    assert prefilter.candidates([pattern, other], strings, prefilter.lowered("I can't eat")) == [other]
    assert prefilter.candidates([pattern, other], strings, prefilter.lowered("I can't SLEEP")) == [pattern, other]
    # "ſ" (long s) matches "s" case-insensitively: text that is not ASCII is not filtered.
    text = "I can't ſleep"
    assert prefilter.lowered(text) is None
    assert pattern.regex.search(text)
    assert prefilter.candidates([pattern, other], strings, prefilter.lowered(text)) == [pattern, other]


def every_shipped_pattern() -> list[tuple[re.Pattern[str], prefilter.Needs | None]]:
    found = [(p.regex, p.needs) for group in (lexicon.body_signals(), lexicon.triggers(), lexicon.feelings())
             for e in group for p in e.patterns]
    found += [(p.regex, p.needs) for b in lexicon.behaviours() for p in b.phrases]
    return found + [(c, n) for d in traps.definitions().values() for c, n in zip(d.cues, d.cue_needs, strict=True)]


def test_no_shipped_pattern_is_skipped_where_it_matches() -> None:
    """Each pattern against the back-off's project-written phrases: a match always holds one of its strings."""
    texts = [e.phrase for e in lexicon.signal_examples()]
    texts += ["He hasn't texted back in four hours and my heart is racing.", "I CAN'T STOP CHECKING HIS INSTAGRAM"]
    patterns = every_shipped_pattern()
    assert sum(n is not None for _, n in patterns) > 0.8 * len(patterns)  # most patterns are filtered
    for text in texts:
        lower = prefilter.lowered(text)
        assert lower is not None
        for regex, strings in patterns:
            if strings is not None and regex.search(text):
                assert any(s in lower for s in strings), (regex.pattern, text)


def test_the_indexed_search_finds_exactly_the_strings_a_plain_search_finds() -> None:
    from steadyheart.safety.patterns import load_patterns

    strings = prefilter.literals(load_patterns().risk)  # over a thousand: the indexed path
    assert len(strings) > 100
    for text in ("he hasn't replied and i keep thinking i could just end it all tonight",
                 "my heart is racing, i checked his phone again and cried", "ok", "", "abc"):
        assert prefilter.present(strings, text) == {x for x in strings if x in text}
