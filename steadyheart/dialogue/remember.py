"""What the person chose to share for us to keep (their name, partner's name, how long together, known
triggers, what has helped), and explicit requests to forget. Nothing else is ever remembered.

Returns updates (key -> value, or None to forget) and the plain words the reply uses to say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The only things memory holds, with how a reply names them.
MEMORY_KEYS = {
    "name": "your name",
    "partner_name": "your partner's name",
    "together_for": "how long you've been together",
    "triggers": "what tends to set the worry off",
    "what_helps": "what has helped you",
}
MAX_VALUE_CHARS = 200
_I = re.IGNORECASE
_NAME = r"([A-Z][a-zA-Z'-]{1,30}(?: [A-Z][a-zA-Z'-]{1,30})?)"
_PARTNER = r"(?:partner|boyfriend|girlfriend|bf|gf|husband|wife|fianc[eé]e?|spouse)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Names need their capital letter ("call me back" is not a name), so only the lead-in ignores case.
    ("name", re.compile(r"\b(?i:call me|my name is|my name's|i'm called)\s+" + _NAME + r"\b(?![a-z])")),
    ("partner_name", re.compile(rf"\b(?i:my {_PARTNER}(?:'s name)? is (?:called |named )?)" + _NAME + r"\b(?![a-z])")),
    ("partner_name", re.compile(rf"\b(?i:my {_PARTNER}(?:'s| is) (?:called|named) )" + _NAME + r"\b(?![a-z])")),
    ("together_for", re.compile(
        r"\bwe(?:'ve| have)? been (?:together|dating|married|a couple) (?:for )?((?:about |almost |nearly |over |just )?"
        r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|\d+)\s*(?:days?|weeks?|months?|years?))", _I)),
    ("triggers", re.compile(
        r"\b(?:(?:a|one|my (?:biggest |main )?)trigger(?: for me)? is|i(?:'m| am| get) (?:usually |always )?triggered (?:by|when))\s+([^.!?]{3,160})", _I)),
    ("what_helps", re.compile(
        r"\b(?:what (?:really |usually )?helps(?: me)? is|it (?:really |usually )?helps (?:me )?(?:to|when)|(?:it )?helped (?:me )?(?:to|when))\s+([^.!?]{3,160})", _I)),
]
_FORGET_ALL = re.compile(r"\bforget (?:everything|all of it|all that|all about me|what you know)\b", _I)
_FORGET_KEY = {
    "name": re.compile(r"\bforget my name\b", _I),
    "partner_name": re.compile(rf"\bforget (?:my {_PARTNER}'?s name|(?:his|her|their) name)\b", _I),
    "together_for": re.compile(r"\bforget how long\b", _I),
    "triggers": re.compile(r"\bforget (?:my |the |about my )?triggers?\b", _I),
    "what_helps": re.compile(r"\bforget what helps\b", _I),
}


@dataclass(frozen=True)
class MemoryChange:
    updates: dict[str, str | None] = field(default_factory=dict)
    #: e.g. "that your partner's name is Sam" or "your partner's name"
    said: str = ""
    forgot: bool = False


def read_memory_change(text: str, memory: dict[str, str]) -> MemoryChange:
    """Find what the person asked us to keep or forget in this message."""
    if _FORGET_ALL.search(text):
        return MemoryChange({key: None for key in memory}, "everything you asked me to keep", forgot=True)
    forgotten = [key for key, pattern in _FORGET_KEY.items() if pattern.search(text)]
    if forgotten:
        return MemoryChange({key: None for key in forgotten},
                            join_phrases([MEMORY_KEYS[key] for key in forgotten]), forgot=True)
    updates: dict[str, str | None] = {}
    phrases: list[str] = []
    for key, pattern in _PATTERNS:
        match = pattern.search(text)
        if not match or key in updates:
            continue
        value = " ".join(match.group(1).split()).strip(" ,;:")[:MAX_VALUE_CHARS]
        if key in ("triggers", "what_helps") and memory.get(key) and value.lower() not in memory[key].lower():
            value = f"{memory[key]}; {value}"[:MAX_VALUE_CHARS]
        if value and memory.get(key) != value:
            updates[key] = value
            phrases.append(describe(key, match.group(1)))
    return MemoryChange(updates, join_phrases(phrases)) if updates else MemoryChange()


def describe(key: str, value: str) -> str:
    value = " ".join(value.split())
    return {
        "name": f"that you'd like me to call you {value}",
        "partner_name": f"that your partner's name is {value}",
        "together_for": f"that you've been together {value}",
        "triggers": f"that this can set the worry off: {value}",
        "what_helps": f"that this has helped you: {value}",
    }[key]


def join_phrases(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
