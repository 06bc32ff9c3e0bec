"""Checks a message before anything else sees it: not empty, not over the limit, no control characters."""

from __future__ import annotations

import re
import unicodedata

from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.errors import InputError

# Control characters other than tab and newline carry no meaning in a chat message; escape sequences
# pasted from a terminal would otherwise be stored and replayed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_message(text: str) -> str:
    """Return the message ready for the pipeline, or raise InputError with one clear sentence."""
    if not isinstance(text, str):
        raise InputError("A message must be text.")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r\n", "\n")))
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from bad input become U+FFFD
    if not text.strip():
        raise InputError("The message is empty; write something and press Enter.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(
            f"That message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}. "
            "Please send it in shorter parts. Nothing was cut or saved."
        )
    return text.strip()
