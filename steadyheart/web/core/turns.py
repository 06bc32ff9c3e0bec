"""Shared by the chat page and the API: check a message before streaming, and explain a turn."""

from __future__ import annotations

from typing import Any

from steadyheart.companion import Companion, Reply
from steadyheart.explain import explain, explain_record
from steadyheart.message_input import clean_message
from steadyheart.privacy.encryption import bind_person_key
from steadyheart.store import conversations as repo
from steadyheart.store.conversations import TurnRecord

CRISIS_TIERS = {"elevated", "imminent"}


def check_turn(companion: Companion, text: str, conversation_id: int | None, user_id: int) -> str:
    """Raise InputError or NotFoundError now, before a streamed answer has started."""
    message = clean_message(text)
    if conversation_id is not None:
        with companion.database.session() as session:
            bind_person_key(session, user_id)  # the conversation's state is sealed with this person's key
            repo.get_conversation(session, conversation_id, user_id)
    return message


def conversation_for(companion: Companion, conversation_id: int | None, user_id: int) -> int:
    """The conversation to continue: the given one, else the latest, else a new one.

    Chosen (and created) in its own short transaction, so the turn's transaction never holds a write
    lock while the pipeline runs (SQLite lets one writer in at a time).
    """
    if conversation_id is not None:
        return conversation_id
    return companion.latest_conversation_id(user_id) or companion.new_conversation(user_id)


def why_lines(text: str) -> list[str]:
    return [line.strip().removeprefix("- ") for line in text.splitlines() if line.strip()]


def why_groups(lines: list[str]) -> list[tuple[str, list[str]]]:
    """["What I noticed:", "a", "What I did and why:", "b"] -> [("What I noticed", ["a"]), ...] for pages."""
    groups: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.endswith(":") or not groups:
            groups.append((line.rstrip(":"), []))
        else:
            groups[-1][1].append(line)
    return groups


def reply_why(reply: Reply) -> list[str]:
    return why_lines(explain(reply.analysis, reply.plan_detail, reply.tier, list(reply.triage.evidence)))


def turn_why(turn: TurnRecord) -> list[str]:
    return why_lines(explain_record(turn.analysis, turn.plan, turn.tier, turn.triage))


def plan_names(plan: dict[str, Any]) -> list[str]:
    return [str(move.get("name", "")) for move in plan.get("moves", [])]


def shows_resources(reply: Reply) -> bool:
    return reply.resources_shown or reply.tier in CRISIS_TIERS
