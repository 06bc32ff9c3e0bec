"""End to end with the lead's Companion: real chat turns (tagged by the pipeline) plus check-ins feed the
insights and the report, and an export restores into a new home with the conversation intact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from steadyheart.journal import build_report, insights, list_checkins, record_checkin
from steadyheart.journal.timeline import load_timeline
from steadyheart.privacy import export as portability

companion_module = pytest.importorskip("steadyheart.companion", reason="the lead's Companion is not importable")
MESSAGES = [
    "He hasn't answered my text for three hours and my chest feels tight.",
    "I keep wanting to ask him if we're okay, but I held off this time.",
    "Honestly this waiting is killing me.",
    "I scrolled through his followers for an hour last night.",
]


@pytest.fixture
def companion(home: Path) -> Iterator[Any]:
    opened = companion_module.Companion.open(home)
    yield opened
    opened.close()


def test_chat_turns_and_checkins_feed_insights_and_report(companion: Any) -> None:
    replies = [companion.reply(text) for text in MESSAGES]
    user_id = companion.local_user_id()
    now = companion.turns(replies[-1].conversation_id)[-1].created_at
    with companion.database.session() as session:
        for k in range(8):
            record_checkin(session, user_id, insecurity=2 + k % 5, social_minutes=20 * (2 + k % 5),
                           created_at=now - timedelta(days=k, hours=1))
    with companion.database.session() as session:
        timeline = load_timeline(session, user_id, until=now + timedelta(seconds=1))
        found = {i.key: i for i in insights(session, user_id, now + timedelta(seconds=1))}
        page = build_report(session, user_id, 2, "html", now=now + timedelta(seconds=1)).decode("utf-8")
    assert timeline.tiers == [r.tier for r in replies]  # every turn was read, in order
    tagged = [r for r in replies if r.analysis.emotions or r.analysis.traps or r.analysis.triggers
              or r.analysis.urges or r.analysis.intensity > 0]
    assert len([m for m in timeline.moments if m.source == "chat"]) == len(tagged)
    assert found["social"].enough_data and found["social"].n == 8 and "+1.00" in found["social"].text
    crisis = sum(1 for r in replies if r.tier in ("elevated", "imminent"))
    gentle = sum(1 for r in replies if r.tier == "ambiguous")
    assert f"<th scope='row'>Crisis resources shown</th><td>{crisis}</td>" in page
    assert f"<th scope='row'>Gentle safety check-ins</th><td>{gentle}</td>" in page
    for text in MESSAGES:
        assert text not in page and text.replace("'", "&#x27;") not in page


def test_export_restores_the_conversation_into_a_new_home(companion: Any, tmp_path: Path) -> None:
    replies = [companion.reply(text) for text in MESSAGES[:2]]
    user_id = companion.local_user_id()
    with companion.database.session() as session:
        record_checkin(session, user_id, anxiety=6, note="felt better after the walk")
        portability.write_export(session, user_id, tmp_path / "export")
    restored = companion_module.Companion.open(tmp_path / "new_home")
    try:
        with restored.database.session() as session:
            summary = portability.import_person(session, portability.read_export(tmp_path / "export"),
                                                into_user_id=restored.local_user_id())
        assert summary.rows["turns"] == 2 and summary.rows["checkins"] == 1
        (conversation,) = restored.conversations()
        turns = restored.turns(conversation.id)
        assert [t.user_text for t in turns] == MESSAGES[:2]
        assert [t.reply_text for t in turns] == [r.text for r in replies]
        assert [t.tier for t in turns] == [r.tier for r in replies]
        follow_up = restored.reply("Thanks, that helped a bit.", conversation.id)
        assert follow_up.conversation_id == conversation.id and follow_up.turn_index == 2
    finally:
        restored.close()


def test_the_chat_check_in_flow_saves_a_check_in(companion: Any) -> None:
    answers = ["Can we do a check in?", "7", "scared and jealous", "tight chest", "he did not reply for hours",
               "text him again"]
    replies = [companion.reply(text) for text in answers]
    assert replies[-1].plan == ["continue_flow"] and "journal" in replies[-1].text
    with companion.database.session() as session:
        (saved,) = list_checkins(session, companion.local_user_id())
    assert (saved.source, saved.insecurity, saved.feelings, saved.body_signals) == ("chat", 7, ["scared", "jealous"],
                                                                                   ["tight chest"])
    assert (saved.trigger, saved.urge, saved.urge_outcome) == ("he did not reply for hours", "text him again", "urge")
