"""API: chat turns and the conversations they belong to, always those of the signed-in person."""

from __future__ import annotations

from fastapi import APIRouter

from steadyheart.message_input import clean_message
from steadyheart.web.api.deps import ChatSlot, ChatUser, CurrentUser, StateDep
from steadyheart.web.api.schemas import ChatIn, ChatOut, ConversationDetail, ConversationOut, TurnOut
from steadyheart.web.core.turns import conversation_for, plan_names, reply_why, turn_why

router = APIRouter(prefix="/api/v1", tags=["chat"])


@router.post("/chat", response_model=ChatOut, dependencies=[ChatSlot])
def chat(body: ChatIn, person: ChatUser, state: StateDep) -> ChatOut:
    """Send one message and get the companion's reply (an AI, not a person). Crisis replies carry resources."""
    companion = state.companion_for(person.settings)
    clean_message(body.text)  # refuse bad input before a conversation is opened for it
    conversation_id = conversation_for(companion, body.conversation_id, person.id)
    reply = companion.reply(body.text, conversation_id, user_id=person.id)
    return ChatOut(reply=reply.text, tier=reply.tier, plan=reply.plan, conversation_id=reply.conversation_id,
                   turn_index=reply.turn_index, resources_shown=reply.resources_shown, responder=reply.responder,
                   disclosure=reply.disclosure, why=reply_why(reply))


@router.get("/conversations", response_model=list[ConversationOut])
def conversations(person: CurrentUser, state: StateDep) -> list[ConversationOut]:
    return [ConversationOut(id=c.id, started_at=c.started_at, updated_at=c.updated_at, turn_count=c.turn_count,
                            first_message=c.first_message)
            for c in state.companion.conversations(person.id)]


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
def conversation(conversation_id: int, person: CurrentUser, state: StateDep) -> ConversationDetail:
    turns = state.companion.turns(conversation_id, person.id)
    return ConversationDetail(id=conversation_id, turns=[
        TurnOut(index=t.index, created_at=t.created_at, user_text=t.user_text, reply_text=t.reply_text,
                tier=t.tier, plan=plan_names(t.plan), why=turn_why(t))
        for t in turns
    ])
