"""The chat page: replies streamed as server-sent events, or a plain form post when JavaScript is off."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from steadyheart.companion import Disclosure, Reply
from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.errors import InputError, SteadyheartError
from steadyheart.web.api.deps import ChatSlot, CsrfChecked, PageUser, StateDep
from steadyheart.web.core import limits
from steadyheart.web.core.help import disclosure, resources_for
from steadyheart.web.core.templating import render
from steadyheart.web.core.turns import (
    check_turn,
    conversation_for,
    plan_names,
    reply_why,
    shows_resources,
    turn_why,
    why_groups,
)

router = APIRouter(include_in_schema=False)

#: a long conversation shows its latest turns; everything is in the export
SHOWN_TURNS = 100
TextField = Annotated[str, Form(max_length=MAX_MESSAGE_CHARS * 2)]
ConversationField = Annotated[int | None, Form(ge=1)]


def chat_page(request: Request, state: StateDep, person: PageUser, conversation: int | None,
              error: str | None = None, draft: str = "", status_code: int = 200) -> Response:
    companion = state.companion_for(person.settings)
    if conversation is None:
        conversation = companion.latest_conversation_id(person.id)
    turns = companion.turns(conversation, person.id) if conversation is not None else []
    last_crisis = bool(turns) and turns[-1].tier in {"elevated", "imminent"}
    return render(request, "chat.html", {
        "person": person, "active": "chat", "conversation_id": conversation, "error": error, "draft": draft,
        "turns": [{"turn": t, "why": why_groups(turn_why(t)), "plan": plan_names(t.plan)}
                  for t in turns[-SHOWN_TURNS:]],
        "earlier": max(0, len(turns) - SHOWN_TURNS),
        "disclosure": disclosure(), "resources": resources_for(person.country), "show_resources": last_crisis,
        "max_chars": MAX_MESSAGE_CHARS,
    }, status_code=status_code)


@router.get("/chat")
def chat(request: Request, state: StateDep, person: PageUser, conversation: int | None = None) -> Response:
    return chat_page(request, state, person, conversation)


@router.post("/chat", dependencies=[CsrfChecked, ChatSlot])
def send(request: Request, state: StateDep, person: PageUser, text: TextField,
         conversation_id: ConversationField = None) -> Response:
    """Without JavaScript: answer, then show the page again (post/redirect/get)."""
    limits.chat(state, person.id)
    companion = state.companion_for(person.settings)
    try:
        check_turn(companion, text, conversation_id, person.id)
        reply = companion.reply(text, conversation_for(companion, conversation_id, person.id), user_id=person.id)
    except InputError as exc:
        return chat_page(request, state, person, conversation_id, str(exc), text[:MAX_MESSAGE_CHARS], 400)
    return RedirectResponse(f"/chat?conversation={reply.conversation_id}#turn-{reply.turn_index}", status_code=303)


@router.post("/chat/new", dependencies=[CsrfChecked])
def new_conversation(state: StateDep, person: PageUser) -> Response:
    conversation = state.companion.new_conversation(person.id)
    return RedirectResponse(f"/chat?conversation={conversation}", status_code=303)


@router.post("/chat/stream", dependencies=[CsrfChecked])
def stream(state: StateDep, person: PageUser, text: TextField, conversation_id: ConversationField = None) -> Response:
    """With JavaScript: the reply as server-sent events (`disclosure`?, `chunk`..., then `done` or `error`)."""
    limits.chat(state, person.id)
    companion = state.companion_for(person.settings)
    check_turn(companion, text, conversation_id, person.id)  # errors become a status code, not a broken stream
    conversation_id = conversation_for(companion, conversation_id, person.id)

    replies = companion.stream_reply(text, conversation_id, user_id=person.id)
    return StreamingResponse(reply_events(replies), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def reply_events(stream: Iterator[str | Disclosure | Reply]) -> Iterator[str]:
    """The companion's stream as server-sent events.

    If the browser goes away mid-reply, the turn is still finished and saved: the person may have read
    part of it, and a reply someone has seen is never lost.
    """
    try:
        for item in stream:
            if isinstance(item, Reply):
                yield _event("done", _done(item))
            elif isinstance(item, Disclosure):
                yield _event("disclosure", {"text": item.text})
            else:
                yield _event("chunk", {"text": item})
    except SteadyheartError as exc:
        yield _event("error", {"detail": str(exc)})
    finally:
        try:
            for _ in stream:
                pass
        except SteadyheartError:
            pass  # the error was already sent, or nobody is left to tell


def _done(reply: Reply) -> dict[str, object]:
    return {"reply": reply.text, "tier": reply.tier, "plan": reply.plan, "conversation_id": reply.conversation_id,
            "turn_index": reply.turn_index, "why": reply_why(reply), "resources_shown": shows_resources(reply),
            "replaced_stream": reply.replaced_stream, "disclosure": reply.disclosure}


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"
