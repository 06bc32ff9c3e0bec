"""`steadyheart chat`: the conversation in a terminal, or one reply per line when input is piped."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, TextIO

import click

from steadyheart.errors import InputError, SteadyheartError

if TYPE_CHECKING:
    from steadyheart.companion import Companion
    from steadyheart.responders.base import Responder

_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


@click.command()
@click.option("--new", "start_new", is_flag=True, help="Start a new conversation instead of continuing the last.")
@click.option("--json", "as_json", is_flag=True, help="With piped input: one JSON line per reply.")
@click.option("--home", type=click.Path(file_okay=False), help="Data directory (default: $STEADYHEART_HOME or the user data dir).")
@click.option("--llm", "llm_url", metavar="URL", help="An OpenAI-compatible endpoint to phrase replies (e.g. http://localhost:11434/v1).")
@click.option("--model", help="The model name at that endpoint.")
def chat(start_new: bool, as_json: bool, home: str | None, llm_url: str | None, model: str | None) -> None:
    """Talk with Steadyheart. Continues your last conversation unless --new."""
    from steadyheart.companion import Companion
    from steadyheart.privacy.keys import unlock_if_needed

    companion = Companion.open(home, responder=_responder(llm_url, model, home))
    unlock_if_needed(companion.database.engine)  # a locked home asks for its passphrase now, not mid-message
    conversation_id = companion.new_conversation() if start_new else companion.latest_conversation_id()
    if sys.stdin.isatty():
        _interactive(companion, conversation_id, home)
    else:
        _piped(companion, conversation_id, as_json, sys.stdin.buffer, sys.stdout)


def _responder(llm_url: str | None, model: str | None, home: str | None) -> Responder | None:
    """The LLM responder from --llm/--model, $STEADYHEART_LLM_* or <home>/llm.toml; None for embedded."""
    from steadyheart.responders.llm_setup import responder_for_chat

    return responder_for_chat(llm_url, model, home)


def _piped(companion: Companion, conversation_id: int | None, as_json: bool, stream: object, out: TextIO) -> None:
    """One message per line in, one reply per message out. A bad line gets an error and the run goes on.

    /quit, /crisis and /why work here too; the AI disclosure goes to standard error (plain) or in a
    "disclosure" field (JSON), so standard output stays one line per message.
    """
    for raw in stream:  # type: ignore[attr-defined]
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            _report(out, as_json, "That line is not valid UTF-8 text, so it was skipped.")
            continue
        if line.strip().startswith("/"):
            if not _piped_command(companion, conversation_id, line.strip(), as_json, out):
                return
            continue
        try:
            reply = companion.reply(line, conversation_id)
        except InputError as exc:
            _report(out, as_json, str(exc))
            continue
        except SteadyheartError as exc:
            _report(out, as_json, str(exc))
            continue
        conversation_id = reply.conversation_id
        if as_json:
            out.write(json.dumps({"reply": reply.text, "tier": reply.tier, "plan": reply.plan,
                                  "conversation_id": reply.conversation_id, "disclosure": reply.disclosure},
                                 ensure_ascii=False) + "\n")
        else:
            if reply.disclosure:
                click.echo(reply.disclosure, err=True)
            out.write(reply.text.replace("\n", " ") + "\n")
        out.flush()


def _piped_command(companion: Companion, conversation_id: int | None, line: str, as_json: bool, out: TextIO) -> bool:
    """A slash command on a piped line; False to stop reading."""
    name = line.split(" ", 1)[0].lower()
    if name in {"/quit", "/exit", "/bye"}:
        return False
    if name == "/crisis":
        from steadyheart.safety import format_resources

        _emit(out, as_json, "resources", format_resources(companion.profile()["country"]))
    elif name == "/why":
        from steadyheart.explain import explain_record

        turns = companion.turns(conversation_id) if conversation_id is not None else []
        if not turns:
            _report(out, as_json, "There is no reply yet to explain.")
        else:
            last = turns[-1]
            _emit(out, as_json, "why", explain_record(last.analysis, last.plan, last.tier, last.triage))
    else:
        _report(out, as_json, f"{name} works in the interactive chat only (run `steadyheart chat` in a terminal); "
                              "piped input knows /why, /crisis and /quit.")
    return True


def _emit(out: TextIO, as_json: bool, key: str, text: str) -> None:
    out.write((json.dumps({key: text}, ensure_ascii=False) if as_json else " ".join(text.split("\n"))) + "\n")
    out.flush()


def _report(out: TextIO, as_json: bool, message: str) -> None:
    if as_json:
        out.write(json.dumps({"error": message}) + "\n")
        out.flush()
    else:
        click.echo(f"steadyheart: {message}", err=True)


def _interactive(companion: Companion, conversation_id: int | None, home: str | None) -> None:
    from steadyheart.cli.session import ChatSession
    from steadyheart.responders.llm_setup import privacy_notice

    ChatSession(companion, conversation_id, notice=privacy_notice(companion.responder), home=home).run()


def valid_country(text: str) -> str | None:
    text = text.strip()
    return text.upper() if _COUNTRY.match(text) else None


COMMANDS = [chat]
