"""Sentence and clause boundaries, and negation around a match: shared by the pattern detectors."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?;\n]+")
#: "when", "if", "since" ... start a new clause: "I can't breathe when she doesn't answer" negates nothing after it.
_CLAUSE_BREAK = re.compile(
    r"[,:;()]|\s(?:but|although|though|because|so|when|whenever|while|until|since|after|before|if)\s", re.IGNORECASE
)
#: Each contraction also without its apostrophe ("wasnt", "cant"): people type fast at 2 a.m.
NEGATOR = re.compile(
    r"\b(?:not|no|never|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|"
    r"won't|can't|cant|cannot|couldn'?t|nor|without|no\s+longer|stopped|stop|quit)\b",
    re.IGNORECASE,
)
#: "I couldn't stop shaking", "I keep crying": these affirm the signal despite the negative word.
AFFIRMER = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|won'?t|wouldn'?t|haven'?t|hasn'?t|never|doesn'?t|don'?t)\s+stop(?:ped)?\b"
    r"|\bkeep\b"
    # "I can't believe he proposed": disbelief affirms what follows.
    r"|\b(?:can'?t|cannot|couldn'?t)\s+believe\b",
    re.IGNORECASE,
)
RESOLVED_AFTER = re.compile(
    # "I can't do this anymore" is despair, not relief.
    r"\b(?:(?<!\bthis\s)(?<!\bit\s)(?<!\bthat\s)(?:anymore|any\s+more)|no\s+longer|(?:has|have|had|it's|is)\s+(?:calmed|settled|stopped|eased|gone|"
    r"slowed|passed)|calmed\s+down|went\s+away|eased\s+off|loosened|loosening|loosens|easing|slowed\s+down|stopped\s+now)\b",
    re.IGNORECASE,
)


#: "I can't see him on his phone without my heart jumping": two negatives that affirm the signal.
_NEVER_WITHOUT = re.compile(r"\b(?:can'?t|cannot|couldn'?t|never)\b[^.!?]*\bwithout\s+(?:[\w']+\s+){0,3}$", re.IGNORECASE)
_TO_AFTER = re.compile(r"\s+to\s+(?:even\s+)?\w+", re.IGNORECASE)


def bounds(text: str, start: int, end: int, boundary: re.Pattern[str]) -> tuple[int, int]:
    """The start and end offsets of the stretch between two `boundary` matches that holds text[start:end]."""
    begin = 0
    for mark in boundary.finditer(text, 0, start):
        begin = mark.end()
    after = boundary.search(text, end)
    return begin, after.start() if after else len(text)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end offsets of the sentence holding text[start:end]."""
    return bounds(text, start, end, _SENTENCE_END)


def clause_start(text: str, start: int) -> int:
    """Where the clause holding offset `start` begins (after a comma, 'but', sentence end ...)."""
    sentence_begin, _ = sentence_bounds(text, start, start)
    begin = sentence_begin
    for mark in _CLAUSE_BREAK.finditer(text, sentence_begin, start):
        begin = mark.end()
    return begin


def last_words(text: str, count: int) -> str:
    return " ".join(text.split()[-count:])


def is_negated(text: str, start: int, end: int, *, own_negation: bool = False, window: int = 3) -> bool:
    """True when the match text[start:end] is denied ("not", "isn't") or resolved ("... anymore")."""
    clause = text[clause_start(text, start) : start]
    before = last_words(clause, window)
    # The affirmer may sit a little further back: "I can't stop thinking about her ex".
    if (
        NEGATOR.search(before)
        and not AFFIRMER.search(last_words(clause, window + 2))
        and not _NEVER_WITHOUT.search(text, sentence_bounds(text, start, start)[0], start)
    ):
        return True
    if own_negation:
        return False
    inside = text[start:end]
    if NEGATOR.search(inside) and not AFFIRMER.search(inside):
        return True
    # "too exhausted to even argue anymore": the "anymore" belongs to the verb after "to", not the signal.
    if _TO_AFTER.match(text, end):
        return False
    _, sentence_end = sentence_bounds(text, start, end)
    return bool(RESOLVED_AFTER.search(text, end, sentence_end))
