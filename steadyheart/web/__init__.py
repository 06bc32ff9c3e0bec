"""The web app and JSON API: FastAPI, server-rendered pages, accounts, per-person isolation.

Owns steadyheart.web.*; may import the library (companion, store, safety, journal, measures, privacy),
never the CLI. Build it with `create_app(settings)`; workers keep no state of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from steadyheart.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI is an optional extra: import it only when the web app is asked for.
    if name == "create_app":
        from steadyheart.web.app import create_app

        return create_app
    raise AttributeError(name)
