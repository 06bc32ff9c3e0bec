"""The exception tree, in one place. Every error a person can cause carries one clear sentence.

SteadyheartError
├── InputError          bad input from a person or a script (too long, empty, not UTF-8 …)
├── StorageError        the data directory or database cannot be used (read-only, locked, missing)
├── ContentError        a shipped data file (phrasings, flows, resources, instruments) is invalid
└── ResponderError      a responder could not answer (the pipeline falls back to the embedded one)
"""

from __future__ import annotations


class SteadyheartError(Exception):
    """Base class: str(error) is a sentence fit to show a person."""


class InputError(SteadyheartError):
    pass


class StorageError(SteadyheartError):
    pass


class ContentError(SteadyheartError):
    pass


class ResponderError(SteadyheartError):
    def __init__(self, message: str, reason: str = "error") -> None:
        super().__init__(message)
        self.reason = reason  # logged as the fallback reason; never contains message text
