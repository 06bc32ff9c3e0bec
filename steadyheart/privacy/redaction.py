"""Redaction before words leave this machine: personal details become placeholders, restored in the reply.

For an LLM endpoint that is not on this machine, names, e-mail addresses, phone numbers, street addresses
and URLs are replaced by placeholders such as [NAME_1] before sending; the model's reply has them put
back. Endpoints on this machine (localhost, 127.0.0.0/8, ::1) skip it. Imports only the standard library.

Names are found without a model: the person's own name, names after a cue ("my boyfriend Sam", "named
Alex", "texted Jo"), and capitalised words inside a sentence that are not ordinary capitalised words.
It errs towards redacting too much; see docs/llm.md for what it measures and misses.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)]", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{6,}\d(?!\w)")
_STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|way|terrace|close|"
    r"crescent|square|sq|parkway|highway|hwy|straße|strasse|str|weg|gasse|platz|rue|via|calle"
)
_STREET = re.compile(
    rf"\b\d{{1,5}}[a-z]?,?\s+(?:[A-Z][\w'-]*\s+){{1,3}}(?:{_STREET_WORDS})\b\.?"
    rf"|\b(?:[A-Z][\w'-]*\s*)(?:{_STREET_WORDS})\s+\d{{1,5}}[a-z]?\b",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(?:boyfriend|girlfriend|partner|husband|wife|fianc[eé]e?|ex|spouse|friend|sister|brother|mum|mom|dad|"
    r"boss|coworker|colleague|named|called|with|texted|messaged|told|asked|met|saw|and|from)\s+"
    r"([A-Z][a-zà-ÿ'-]+)\b"
)
_NAMED_STREET = re.compile(
    r"\b(?:[A-Z][\w'-]+\s+){1,2}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Boulevard|Way|Court|Place|Close|"
    r"Crescent|Square|Terrace)\b"
)
_SUBJECT = re.compile(
    r"(?:^|[.!?]\s+)([A-Z][a-zà-ÿ-]+)(?:'s\b|\s+(?:said|says|told|texted|messaged|called|replied|has|hasn't|"
    r"is|isn't|was|wasn't|keeps|never|always|did|didn't|does|doesn't|will|won't|wants|thinks|left|posted|liked|"
    r"follows|went|from|and I|and me|just|still)\b)"
)
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)(?<![\"“(\[\n])\b([A-Z][a-zà-ÿ'-]{1,})\b")
_PLACEHOLDER = re.compile(r"\[?\b(NAME|EMAIL|PHONE|ADDRESS|URL)_(\d{1,3})\b\]?")

#: Capitalised words that are not names of people (days, months, pronouns, common mid-sentence words).
_ORDINARY_WORDS = """I I'm I've I'd I'll Im Ive OK Okay AI God Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November December Christmas
    Easter Valentine Valentines Instagram Facebook WhatsApp Snapchat TikTok Tinder Hinge Bumble Twitter
    Google iPhone Android English Spanish French German Steadyheart Netflix Zoom Uber Discord Reddit Spotify
    The A An And But Or So If When Why What How Who Where He She They We You It My His Her Their Our Your
    Please Thanks Thank Yes No Hi Hey Hello Sorry Also Then Now Still Just Maybe Anyway Honestly It That This
    There Here Let Everyone Everything Nobody Nothing Someone Something Today Tonight Tomorrow Yesterday Last
    Mum Mom Dad"""
_ORDINARY = frozenset(_ORDINARY_WORDS.split()) | {
    day + "s" for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}


@dataclass
class Redaction:
    """The placeholder map for one conversation turn; the same detail always gets the same placeholder."""

    originals: dict[str, str] = field(default_factory=dict)
    _by_value: dict[tuple[str, str], str] = field(default_factory=dict)

    def redact(self, text: str, known_names: Iterable[str] = ()) -> str:
        for kind, pattern in (("EMAIL", _EMAIL), ("URL", _URL), ("ADDRESS", _STREET), ("ADDRESS", _NAMED_STREET)):
            text = pattern.sub(lambda m, k=kind: self._placeholder(k, m.group(0)), text)  # type: ignore[misc]
        text = _PHONE.sub(self._phone, text)
        names = {n.strip() for n in known_names if n and len(n.strip()) > 1}
        names.update(m.group(1) for m in _CUE.finditer(text))
        names.update(m.group(1) for m in _SUBJECT.finditer(text))
        names.update(m.group(1) for m in _CAPITALISED.finditer(text))
        for name in sorted(names - _ORDINARY, key=len, reverse=True):
            if name in _ORDINARY or name.upper() == name:
                continue
            text = re.sub(rf"(?<![\w\[]){re.escape(name)}(?![\w\]])", lambda m: self._placeholder("NAME", m.group(0)), text)
        return text

    def restore(self, text: str) -> str:
        """Put the originals back; a model that dropped the brackets ("NAME_1") is understood too."""
        return _PLACEHOLDER.sub(lambda m: self.originals.get(f"[{m.group(1)}_{m.group(2)}]", m.group(0)), text)

    def _phone(self, match: re.Match[str]) -> str:
        value = match.group(0)
        if sum(c.isdigit() for c in value) < 7 or _DATE.fullmatch(value.strip()):
            return value
        return self._placeholder("PHONE", value)

    def restorer(self) -> StreamRestorer:
        return StreamRestorer(self)

    def _placeholder(self, kind: str, value: str) -> str:
        key = (kind, value.casefold())
        if key not in self._by_value:
            count = sum(1 for k, _ in self._by_value if k == kind) + 1
            placeholder = f"[{kind}_{count}]"
            self._by_value[key] = placeholder
            self.originals[placeholder] = value
        return self._by_value[key]


class StreamRestorer:
    """Restores placeholders in a stream whose chunks may split one: holds back an unfinished "[...".

    feed() returns the text that is safe to show now; flush() returns what is left at the end.
    """

    _LONGEST = len("[ADDRESS_999]")

    def __init__(self, redaction: Redaction) -> None:
        self._redaction = redaction
        self._pending = ""

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        cut = text.rfind("[")
        if cut != -1 and "]" not in text[cut:] and len(text) - cut < self._LONGEST:
            text, self._pending = text[:cut], text[cut:]
        else:
            self._pending = ""
        return self._redaction.restore(text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._redaction.restore(text)


def is_local_endpoint(base_url: str) -> bool:
    """True for endpoints on this machine: localhost, 127.0.0.0/8 and ::1. Anything else is remote."""
    host = (urlsplit(base_url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def remote_notice(base_url: str) -> str | None:
    """The one-time notice for a remote endpoint (shown once per person), or None for a local one."""
    if is_local_endpoint(base_url):
        return None
    host = urlsplit(base_url).hostname or base_url
    return (
        f"Heads up: replies are being written by a language model at {host}, which is not on this device. "
        "What you type will be sent there. Before it leaves, Steadyheart swaps names, e-mail addresses, "
        "phone numbers, street addresses and links for placeholders, but the rest of your words go as "
        "they are, and that provider's own privacy rules apply. Crisis replies never go there."
    )
