"""Fixtures for journal tests: a migrated database (SQLite, or PostgreSQL via pg_url) and a synthetic
four-week history whose patterns are known in advance (see KNOWN)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from steadyheart.journal import record_checkin
from steadyheart.store import conversations as repo
from steadyheart.store.db import Database

START = datetime(2026, 9, 7, tzinfo=UTC)  # a Monday
NOW = START + timedelta(days=28)


@dataclass
class Person:
    database: Database
    user_id: int


def open_database(url: str) -> Database:
    database = Database(url)
    database.migrate()
    return database


def new_person(database: Database, email: str | None = None) -> int:
    from steadyheart.store.models.conversations import User

    with database.session() as session:
        user = User(email=email, settings={}, display_name="Sam")
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def sqlite_db(home: Path) -> Iterator[Database]:
    home.mkdir(parents=True, exist_ok=True)
    database = open_database(f"sqlite:///{home / 'steadyheart.db'}")
    yield database
    database.dispose()


@pytest.fixture
def person(sqlite_db: Database) -> Person:
    return Person(sqlite_db, new_person(sqlite_db))


def add_turn(session: Session, conversation: object, at: datetime, analysis: dict[str, object],
             tier: str = "none", text: str = "a message") -> None:
    repo.add_turn(session, conversation, user_text=text, reply_text="a reply", tier=tier,  # type: ignore[arg-type]
                  triage={}, analysis=analysis, plan={}, responder="test", created_at=at)


def trap(name: str, score: float) -> dict[str, object]:
    return {"name": name, "score": score, "evidence": "", "why": ""}


def build_history(session: Session, user_id: int) -> None:
    """Four weeks with known answers: 6 spikes at 02:00 (4 after 'unanswered text', 4 on Tuesdays);
    social minutes = 30 x insecurity (rank correlation +1); sleep falls as anxiety rises (-1);
    urges resisted 1/4, 2/4, 3/4, 4/4 by week; 'paced breathing' drops 4 points (3 times),
    'grounding' 1 point (3 times), 'walk' only twice; 'mind_reading' 4 times in chat, caught twice."""
    spike_days = [(1, "unanswered text"), (2, "partner out with friends"), (8, "unanswered text"),
                  (9, "partner out with friends"), (15, "unanswered text"), (22, "unanswered text")]
    for day, trigger in spike_days:
        record_checkin(session, user_id, created_at=START + timedelta(days=day, hours=2), insecurity=8,
                       anxiety=9, trigger=trigger, social_minutes=240, sleep_hours=5.5,
                       note="Could not sleep, kept refreshing the chat.", share_note=day == 22)
    for i in range(10):
        level = 1 + i % 4  # 1..4
        record_checkin(session, user_id, created_at=START + timedelta(days=i * 2 + 1, hours=18), insecurity=level,
                       anxiety=level, trigger="work", social_minutes=30 * level, sleep_hours=10 - level * 0.5,
                       traps_noticed=["mind_reading"] if i < 2 else [])
    for week, resisted in enumerate((1, 2, 3, 4)):
        for k in range(4):
            record_checkin(session, user_id, created_at=START + timedelta(weeks=week, days=k, hours=12),
                           urge="ask for reassurance", urge_outcome="resisted" if k < resisted else "acted")
    for name, before, after, times in (("paced breathing", 7, 3, 3), ("grounding", 6, 5, 3), ("walk", 5, 1, 2)):
        for k in range(times):
            record_checkin(session, user_id, created_at=START + timedelta(days=3 + k * 7, hours=20),
                           exercise=name, intensity_before=before, intensity_after=after)
    conversation = repo.new_conversation(session, user_id)
    for k in range(4):
        add_turn(session, conversation, START + timedelta(days=4 + k, hours=21),
                 {"traps": [trap("mind_reading", 0.8)], "intensity": 0.5}, tier="ambiguous" if k < 2 else "none")
    for k in range(2):
        add_turn(session, conversation, START + timedelta(days=10 + k, hours=21),
                 {"traps": [trap("catastrophising", 0.9)], "intensity": 0.4})
    add_turn(session, conversation, START + timedelta(days=12, hours=21),
             {"traps": [trap("labelling", 0.3)], "intensity": 0.0})
    add_turn(session, conversation, START + timedelta(days=13, hours=21), {"intensity": 0.6}, tier="elevated",
             text="private crisis words that must never reach a report")


@pytest.fixture
def history(person: Person) -> Person:
    with person.database.session() as session:
        build_history(session, person.user_id)
    return person


HistoryBuilder = Callable[[Session, int], None]
