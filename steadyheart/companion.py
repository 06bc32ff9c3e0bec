"""The library's front door: `Companion.open()` and `companion.reply(text)`.

It loads a conversation's state, runs the pipeline, and saves the turn with its analysis, plan and tier
in one transaction before the reply is returned, so a reply a person has seen is never lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steadyheart import config
from steadyheart.dialogue import memory
from steadyheart.dialogue.plan import Move, MoveName, Plan
from steadyheart.journal.chat_records import save_chat_record
from steadyheart.measures import Catalog, check_measures_content
from steadyheart.message_input import clean_message
from steadyheart.pipeline import SideFlow, SideTurn, TurnInput, TurnOutcome, stream_turn
from steadyheart.privacy.encryption import bind_person_key
from steadyheart.responders.base import ExchangeLine, Responder
from steadyheart.safety import disclosure_text
from steadyheart.safety.plans import record_safety_event
from steadyheart.safety.tiers import Triage
from steadyheart.store import conversations as repo
from steadyheart.store.base import utcnow
from steadyheart.store.db import Database
from steadyheart.store.home import open_home_database
from steadyheart.understanding.analysis import Analysis

HISTORY_TURNS = 10
#: New York GBL art. 47 asks for the AI disclosure at least every three hours of continuous use.
DISCLOSURE_EVERY = timedelta(hours=3)
#: A gap this long ends a session; the next message starts a new one (and gets the disclosure).
SESSION_GAP = timedelta(minutes=30)


@dataclass(frozen=True)
class Disclosure:
    """The AI disclosure, due before this reply (a new session, or three hours of use)."""

    text: str


@dataclass(frozen=True)
class Reply:
    text: str
    tier: str
    plan: list[str]
    plan_detail: Plan
    analysis: Analysis
    triage: Triage
    conversation_id: int
    turn_index: int
    responder: str
    resources_shown: bool = False
    #: the AI disclosure to show before this reply (start of a session, or three hours on), else None
    disclosure: str | None = None
    replaced_stream: bool = False
    fallback_reason: str | None = None


class Companion:
    def __init__(self, database: Database, *, responder: Responder | None = None,
                 clock: Callable[[], datetime] | None = None, catalog: Catalog | None = None) -> None:
        self.database = database
        self.responder = responder
        self.clock = clock or utcnow
        self._local_user: int | None = None
        #: questionnaires (shipped + the home's added ones); loaded once, not on every turn
        self._catalog = catalog

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None, *, database_url: str | None = None,
             responder: Responder | None = None, clock: Callable[[], datetime] | None = None) -> Companion:
        """Open (and on first use create) a home: its folder, its database, its migrations."""
        # a broken instrument file fails now, not mid-way through a questionnaire
        catalog = check_measures_content(config.resolve_home(home))
        database = open_home_database(home, database_url)
        companion = cls(database, responder=responder, clock=clock, catalog=catalog)
        companion.local_user_id()
        return companion

    def close(self) -> None:
        self.database.dispose()

    # -- people -------------------------------------------------------------------------------------
    def local_user_id(self) -> int:
        """The terminal's one person (created on first use); remembered after the first look-up."""
        if self._local_user is None:
            with self.database.session() as session:
                self._local_user = repo.ensure_local_user(session).id
        return self._local_user

    def create_user(self, email: str | None = None) -> int:
        from steadyheart.store.models.conversations import User

        with self.database.session() as session:
            user = User(email=email, settings={})
            session.add(user)
            session.flush()
            return user.id

    def profile(self, user_id: int | None = None) -> dict[str, Any]:
        with self.database.session() as session:
            user = repo.get_user(session, self._user(user_id))
            return {"display_name": user.display_name, "country": user.country,
                    "welcomed_at": user.welcomed_at, "settings": dict(user.settings or {})}

    def update_profile(self, user_id: int | None = None, **changes: Any) -> None:
        """Change display_name, country or welcomed_at; unknown fields are refused."""
        allowed = {"display_name", "country", "welcomed_at"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
        with self.database.session() as session:
            user = repo.get_user(session, self._user(user_id))
            for key, value in changes.items():
                setattr(user, key, value.upper() if key == "country" and value else value)

    def update_settings(self, user_id: int | None = None, **settings: Any) -> None:
        """Merge JSON-serialisable settings (e.g. consent flags, notices shown) into the person's settings."""
        with self.database.session() as session:
            user = repo.get_user(session, self._user(user_id))
            user.settings = {**(user.settings or {}), **settings}

    # -- conversations ------------------------------------------------------------------------------
    def conversations(self, user_id: int | None = None) -> list[repo.ConversationSummary]:
        with self.database.session() as session:
            bind_person_key(session, self._user(user_id))
            return repo.list_conversations(session, self._user(user_id))

    def turns(self, conversation_id: int, user_id: int | None = None) -> list[repo.TurnRecord]:
        with self.database.session() as session:
            bind_person_key(session, self._user(user_id))
            return repo.list_turns(session, conversation_id, self._user(user_id))

    def latest_conversation_id(self, user_id: int | None = None) -> int | None:
        with self.database.session() as session:
            bind_person_key(session, self._user(user_id))
            conversation = repo.latest_conversation(session, self._user(user_id))
            return conversation.id if conversation else None

    def new_conversation(self, user_id: int | None = None) -> int:
        with self.database.session() as session:
            bind_person_key(session, self._user(user_id))
            return repo.new_conversation(session, self._user(user_id)).id

    # -- turns --------------------------------------------------------------------------------------
    def reply(self, text: str, conversation_id: int | None = None, *, user_id: int | None = None) -> Reply:
        result: Reply | None = None
        for item in self.stream_reply(text, conversation_id, user_id=user_id):
            if isinstance(item, Reply):
                result = item
        assert result is not None  # stream_reply always ends with the Reply
        return result

    def stream_reply(self, text: str, conversation_id: int | None = None, *,
                     user_id: int | None = None) -> Iterator[str | Disclosure | Reply]:
        """Yield a Disclosure when one is due, the reply's chunks as they form, then the saved Reply.

        Chunks come only from text the guard has passed. The turn is committed before the Reply is
        yielded; if saving fails, StorageError is raised instead and nothing half-written remains.
        """
        message = clean_message(text)
        uid = self._user(user_id)
        with self.database.session() as session:
            bind_person_key(session, uid)  # this person's data key seals and opens their text
            conversation, user = repo.conversation_with_owner(session, conversation_id, uid)
            exchanges, index = repo.recent_turns(session, conversation.id, HISTORY_TURNS)
            history = [line for said, answered in exchanges
                       for line in (ExchangeLine("user", said), ExchangeLine("assistant", answered))]
            now = self.clock()
            state, disclosure = _disclosure(dict(conversation.state or {}), now)
            if disclosure:
                yield Disclosure(disclosure)
            remembered = memory.list_memory(session, uid)
            turn_input = TurnInput(message, history, state, remembered, remembered.get("name") or user.display_name,
                                   user.country, seed=conversation.id * 7919 + index)
            outcome = yield from stream_turn(turn_input, self.responder, self._questionnaires(session, uid))
            conversation.state = outcome.state
            memory.apply_updates(session, uid, outcome.memory_updates)
            for record in outcome.records:
                save_chat_record(session, uid, record, created_at=now)
            _count_safety_events(session, uid, outcome)
            repo.add_turn(session, conversation, index, user_text=message, reply_text=outcome.text,
                          tier=outcome.triage.tier.value, triage=outcome.triage.to_dict(),
                          analysis=outcome.analysis.to_dict(), plan=outcome.plan.to_dict(),
                          responder=outcome.responder, created_at=now)
            reply = _to_reply(outcome, conversation.id, index, disclosure)
        yield reply

    def _questionnaires(self, session: Session, user_id: int) -> SideFlow:
        """Questionnaires asked for in chat run one item at a time, saved as they are answered."""
        from steadyheart.measures.chat import QuestionnaireRunner
        from steadyheart.measures.results import messages

        runner = QuestionnaireRunner(self.questionnaires, clock=self.clock)

        def answer(text: str, state: dict[str, Any]) -> SideTurn | None:
            step = runner(session, user_id, state, text)
            if step is None:
                return None
            plan = Plan((Move(MoveName.CONTINUE_FLOW, f"the {step.instrument} questionnaire, one item at a time"),),
                        flow=f"questionnaire:{step.instrument}")
            if step.safety_flow and step.triage is not None:
                return SideTurn(step.text, plan, step.triage, lead=messages().item9_handover)
            return SideTurn(step.text, plan)

        return answer

    def report_reply(self, conversation_id: int, user_id: int | None = None) -> bool:
        """Flag the last reply of a conversation as harmful or wrong; kept as a label (which responder, which
        first move), never as text, so operators can count and review. False if there is no reply yet."""
        uid = self._user(user_id)
        with self.database.session() as session:
            bind_person_key(session, uid)
            repo.get_conversation(session, conversation_id, uid)
            last = repo.last_turn(session, conversation_id)
            if last is None:
                return False
            moves = last.plan.get("moves", []) if isinstance(last.plan, dict) else []
            first = str(moves[0].get("name", "")) if moves else ""
            record_safety_event(session, uid, "reply_reported", last.tier, f"{last.responder}:{first}"[:32])
            return True

    @property
    def questionnaires(self) -> Catalog:
        """The questionnaires this companion offers: shipped ones plus those added to its home."""
        if self._catalog is None:
            self._catalog = Catalog.load()
        return self._catalog

    # -- memory -------------------------------------------------------------------------------------
    def memory(self, user_id: int | None = None) -> dict[str, str]:
        """What the person chose to share and asked to be remembered."""
        with self.database.session() as session:
            uid = self._user(user_id)
            bind_person_key(session, uid)
            return memory.list_memory(session, uid)

    def forget(self, key: str | None = None, user_id: int | None = None) -> int:
        """Forget one remembered thing (by key), or everything when key is None; return how many."""
        with self.database.session() as session:
            uid = self._user(user_id)
            if key is None:
                return memory.forget_all(session, uid)
            return int(memory.forget(session, uid, key))

    def _user(self, user_id: int | None) -> int:
        return self.local_user_id() if user_id is None else user_id


def _disclosure(state: dict[str, Any], now: datetime) -> tuple[dict[str, Any], str | None]:
    """Decide whether this reply carries the AI disclosure: a new session, or three hours since the last."""
    session = dict(state.get("session", {}))
    last_turn = _parse(session.get("last_turn_at"))
    disclosed = _parse(session.get("disclosed_at"))
    new_session = last_turn is None or now - last_turn >= SESSION_GAP
    due = new_session or disclosed is None or now - disclosed >= DISCLOSURE_EVERY
    session["last_turn_at"] = now.isoformat()
    if due:
        session["disclosed_at"] = now.isoformat()
    return {**state, "session": session}, disclosure_text() if due else None


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _count_safety_events(session: Session, user_id: int, outcome: TurnOutcome) -> None:
    """Counts for the operator and the therapist report: labels only, never words."""
    tier = outcome.triage.tier.value
    if tier != "none":
        first = outcome.triage.categories[0].value if outcome.triage.categories else None
        record_safety_event(session, user_id, "triage", tier, first)
    if outcome.fallback_reason and outcome.fallback_reason.startswith("guard:"):
        record_safety_event(session, user_id, "guard_block", tier, outcome.fallback_reason.removeprefix("guard:")[:32])
    if outcome.resources_shown:
        record_safety_event(session, user_id, "resources_shown", tier)


def _to_reply(outcome: TurnOutcome, conversation_id: int, index: int, disclosure: str | None) -> Reply:
    return Reply(
        text=outcome.text, tier=outcome.triage.tier.value, plan=outcome.plan.move_names, plan_detail=outcome.plan,
        analysis=outcome.analysis, triage=outcome.triage, conversation_id=conversation_id, turn_index=index,
        responder=outcome.responder, resources_shown=outcome.resources_shown, disclosure=disclosure,
        replaced_stream=outcome.replaced_stream, fallback_reason=outcome.fallback_reason,
    )
