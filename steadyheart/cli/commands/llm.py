"""`steadyheart llm check`: does the configured OpenAI-compatible endpoint answer, and does it stream?

Sends one fixed probe (no words of the person's) and reports the time to the first token. Heavy imports
stay inside the command so `steadyheart` starts fast.
"""

from __future__ import annotations

import time

import click

from steadyheart.errors import InputError, ResponderError

PROBE = "Reply with one short friendly sentence to say you can hear me."


@click.group()
def llm() -> None:
    """Set up and check an OpenAI-compatible language model (Ollama, vLLM, llama.cpp, a hosted API)."""


@llm.command()
@click.option("--llm", "llm_url", metavar="URL", help="The endpoint, e.g. http://localhost:11434/v1 (else settings).")
@click.option("--model", help="The model name at that endpoint (else settings).")
@click.option("--home", type=click.Path(file_okay=False), help="Data directory holding llm.toml (default: $STEADYHEART_HOME).")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=None, help="Seconds to wait for the first token.")
def check(llm_url: str | None, model: str | None, home: str | None, timeout: float | None) -> None:
    """Say whether the endpoint answers and streams, and how fast the first token comes."""
    import httpx

    from steadyheart.config import resolve_home
    from steadyheart.privacy.redaction import remote_notice
    from steadyheart.responders.chat_stream import stream_chat
    from steadyheart.responders.settings import load_llm_settings

    settings = load_llm_settings(resolve_home(home), base_url=llm_url, model=model, first_token_timeout=timeout)
    if settings is None:
        raise InputError("No LLM is configured: give --llm URL --model NAME, or write llm.toml in the data folder.")
    headers = {"Authorization": f"Bearer {key}"} if (key := settings.api_key()) else {}
    body = {"model": settings.model, "stream": True, "max_tokens": 40, "temperature": 0,
            "messages": [{"role": "user", "content": PROBE}]}
    click.echo(f"Checking {settings.base_url} (model {settings.model}) ...")
    started = time.monotonic()
    first: float | None = None
    chunks, chars = 0, 0
    try:
        with httpx.Client(trust_env=False) as client:
            for delta in stream_chat(client, f"{settings.base_url}/chat/completions", body, headers=headers,
                                     first_token_timeout=settings.first_token_timeout,
                                     total_timeout=settings.total_timeout):
                first = first if first is not None else time.monotonic() - started
                chunks, chars = chunks + 1, chars + len(delta)
    except ResponderError as exc:
        raise ResponderError(f"No usable answer from {settings.base_url}: {exc}", reason=exc.reason) from None
    total = time.monotonic() - started
    if first is None:
        raise InputError(f"{settings.base_url} answered but sent no text; check the model name.")
    click.echo(f"It answers: yes (first token after {first:.2f} s, done after {total:.2f} s).")
    if chunks > 1:
        click.echo(f"It streams: yes ({chunks} chunks, {chars} characters).")
    else:
        click.echo("It streams: no, the whole reply came at once (Steadyheart still works; replies appear in one go).")
    notice = remote_notice(settings.base_url)
    click.echo(notice if notice else "It runs on this machine, so nothing you write leaves it.")


COMMANDS: list[click.Command] = [llm]
