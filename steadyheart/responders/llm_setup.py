"""Building the LLM responder for the command line and the web app, from options, environment and file.

`responder_for_chat(llm_url, model, home)` is what `steadyheart chat` calls; it returns None when no
endpoint is configured anywhere, so the embedded responder answers. `privacy_notice(responder)` is the
one-time notice to show a person before their first message goes to a remote provider.
"""

from __future__ import annotations

import os

from steadyheart.config import resolve_home
from steadyheart.privacy.redaction import remote_notice
from steadyheart.responders.base import Responder
from steadyheart.responders.openai_compatible import OpenAICompatibleResponder, responder_from_settings
from steadyheart.responders.settings import load_llm_settings


def responder_for_chat(
    llm_url: str | None, model: str | None, home: str | os.PathLike[str] | None = None
) -> Responder | None:
    """The LLM responder from --llm/--model, else $STEADYHEART_LLM_*, else <home>/llm.toml; or None.

    Raises InputError (one sentence) for bad settings or a named API-key variable that is not set.
    """
    settings = load_llm_settings(resolve_home(home), base_url=llm_url, model=model)
    return None if settings is None else responder_from_settings(settings)


def privacy_notice(responder: Responder | None) -> str | None:
    """The notice that words go to a provider off this machine, or None (embedded or local endpoint)."""
    if isinstance(responder, OpenAICompatibleResponder):
        return remote_notice(responder.settings.base_url)
    return None
