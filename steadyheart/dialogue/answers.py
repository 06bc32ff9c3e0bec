"""Read short answers inside a guided flow: numbers 0-10, yes and no, and transition conditions."""

from __future__ import annotations

import re
from typing import Any

_NUMBER_WORDS = {
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}
_NUMBER = re.compile(r"\b(10|[0-9])(?:\s*(?:/|out of)\s*10)?\b|\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please|let'?s|alright|i think so|i guess|definitely|absolutely|"
    r"a bit|a little|kind of|kinda|sort of|sometimes|often|always|maybe|probably|true|ya)\b", re.I)
_NO = re.compile(r"^\W*(?:no|nope|nah|not really|not at all|never|i don'?t think so|not that i know|rarely)\b", re.I)


def parse_number(text: str) -> int | None:
    match = _NUMBER.search(text)
    if not match:
        return None
    if match.group(1) is not None:
        return int(match.group(1))
    return _NUMBER_WORDS[match.group(2).lower()]


def is_yes(text: str) -> bool:
    return bool(_YES.search(text)) and not _NO.search(text)


def is_no(text: str) -> bool:
    return bool(_NO.search(text))


def condition_holds(when: str, answer: str, answers: dict[str, Any]) -> bool:
    """Whether a flow transition's condition holds for this answer (and what was derived from it)."""
    number = parse_number(answer)
    if when == "always":
        return True
    if when == "yes":
        return is_yes(answer)
    if when == "no":
        return is_no(answer)
    if when == "number":
        return number is not None
    if when.startswith("number>="):
        return number is not None and number >= int(when[8:])
    if when.startswith("number<"):
        return number is not None and number < int(when[7:])
    if when.startswith("has:"):
        return bool(answers.get(when[4:]))
    if when.startswith("contains:"):
        lowered = answer.lower()
        return any(word in lowered for word in when[9:].split("|"))
    return False
