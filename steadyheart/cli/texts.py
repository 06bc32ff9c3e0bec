"""Loads the terminal's own words (chat_texts.yaml) once, failing loudly if the file is broken."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from steadyheart.errors import ContentError

_FILE = Path(__file__).with_name("chat_texts.yaml")
_REQUIRED = {"welcome", "welcome_back", "ask_name", "ask_country", "bad_country", "settings_saved", "ready", "help",
             "why_nothing", "new_started", "unknown_command", "goodbye", "not_saved", "memory_empty", "memory_intro",
             "forgotten", "reported"}


@cache
def chat_texts() -> dict[str, str]:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not set(data) >= _REQUIRED or not all(isinstance(v, str) for v in data.values()):
        raise ContentError(f"{_FILE.name} must map each of {sorted(_REQUIRED)} to text.")
    return {key: value.rstrip("\n") for key, value in data.items()}
