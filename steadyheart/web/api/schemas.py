"""The JSON shapes of the API (pydantic models at the edge; unknown fields are refused)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from steadyheart.config import MAX_MESSAGE_CHARS


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Credentials(Strict):
    email: str = Field(max_length=320, examples=["sam@example.org"])
    password: str = Field(max_length=256)


class Accepted(BaseModel):
    detail: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class ChatIn(Strict):
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    conversation_id: int | None = Field(default=None, ge=1)


class ChatOut(BaseModel):
    reply: str
    tier: str
    plan: list[str]
    conversation_id: int
    turn_index: int
    resources_shown: bool
    #: who phrased the reply: "embedded", "llm" or "safety" (the deterministic crisis flow)
    responder: str
    #: the AI disclosure, present at the start of a session and every three hours
    disclosure: str | None = None
    why: list[str] = Field(default_factory=list)


class ConversationOut(BaseModel):
    id: int
    started_at: datetime
    updated_at: datetime
    turn_count: int
    first_message: str


class TurnOut(BaseModel):
    index: int
    created_at: datetime
    user_text: str
    reply_text: str
    tier: str
    plan: list[str]
    why: list[str]


class ConversationDetail(BaseModel):
    id: int
    turns: list[TurnOut]


class Profile(BaseModel):
    email: str
    display_name: str | None
    country: str | None


class ProfileIn(Strict):
    display_name: str | None = Field(default=None, max_length=80)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")


class PasswordChange(Strict):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class PasswordConfirm(Strict):
    password: str = Field(max_length=256)


class Message(BaseModel):
    detail: str


JSONObject = dict[str, Any]
