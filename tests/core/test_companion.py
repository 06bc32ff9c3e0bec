"""The Companion end to end on a real SQLite file (and PostgreSQL): reply, save, continue, isolate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from steadyheart import Companion, InputError
from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.responders.base import normalise_sentence, split_sentences
from steadyheart.store.conversations import NotFoundError

ORDINARY = [
    "He hasn't texted back in four hours and I keep checking my phone",
    "I feel like she's losing interest in me",
    "My chest is tight and I can't sleep",
    "We had a small fight and now he's quiet",
    "I saw my girlfriend liked her ex's photo",
    "I always ruin everything",
    "I want to ask him again if we're okay",
    "He cancelled our plans tonight",
    "I looked at his phone while he was in the shower",
    "I didn't text him fifteen times, I waited",
    "It's 2am and I can't stop thinking about it",
    "I'm scared she'll leave me like my last partner did",
]


def test_reply_is_saved_with_analysis_plan_and_tier(home: Path) -> None:
    companion = Companion.open()
    reply = companion.reply("He hasn't texted back in four hours and my heart is racing")
    assert reply.text.strip()
    assert reply.tier == "none"
    assert reply.plan and all(isinstance(m, str) for m in reply.plan)
    turns = companion.turns(reply.conversation_id)
    assert len(turns) == 1
    assert turns[0].reply_text == reply.text
    assert turns[0].plan["moves"] and turns[0].tier == "none"
    assert "emotions" in turns[0].analysis
    assert (home / "steadyheart.db").exists()


def test_conversation_continues_after_reopening(home: Path) -> None:
    first = Companion.open()
    a = first.reply("I keep worrying that he'll leave")
    first.close()
    again = Companion.open()
    b = again.reply("It gets worse at night")
    assert b.conversation_id == a.conversation_id
    assert [t.index for t in again.turns(a.conversation_id)] == [0, 1]
    fresh = again.new_conversation()
    c = again.reply("New day, new worry", fresh)
    assert c.conversation_id == fresh != a.conversation_id
    assert len(again.conversations()) == 2


def test_no_sentence_repeats_within_ten_replies(home: Path) -> None:
    companion = Companion.open()
    said: list[list[str]] = []
    for text in ORDINARY + ORDINARY[:6]:
        reply = companion.reply(text)
        sentences = [normalise_sentence(s) for s in split_sentences(reply.text)]
        for earlier in said[-10:]:
            assert not set(sentences) & set(earlier), (text, reply.text)
        said.append(sentences)


def test_at_most_one_question_per_ordinary_reply(home: Path) -> None:
    companion = Companion.open()
    for text in ORDINARY:
        reply = companion.reply(text)
        assert reply.text.count("?") <= 1, reply.text


@pytest.mark.parametrize("bad", ["", "   \n\t ", "x" * (MAX_MESSAGE_CHARS + 1)])
def test_bad_messages_are_refused_and_nothing_saved(home: Path, bad: str) -> None:
    companion = Companion.open()
    kept = companion.reply("first message")
    with pytest.raises(InputError) as caught:
        companion.reply(bad, kept.conversation_id)
    assert "\n" not in str(caught.value)
    if len(bad) > MAX_MESSAGE_CHARS:
        assert f"{MAX_MESSAGE_CHARS:,}" in str(caught.value)
    assert len(companion.turns(kept.conversation_id)) == 1


def test_control_characters_are_removed(home: Path) -> None:
    companion = Companion.open()
    reply = companion.reply("he left me on read\x1b[31m\x00 again")
    assert companion.turns(reply.conversation_id)[0].user_text == "he left me on read[31m again"


def test_one_person_cannot_reach_anothers_conversation(home: Path) -> None:
    companion = Companion.open()
    alice = companion.create_user("alice@example.org")
    bob = companion.create_user("bob@example.org")
    mine = companion.reply("only for me", user_id=alice)
    with pytest.raises(NotFoundError):
        companion.turns(mine.conversation_id, user_id=bob)
    with pytest.raises(NotFoundError):
        companion.reply("sneaky", mine.conversation_id, user_id=bob)
    assert companion.conversations(bob) == []
    assert len(companion.turns(mine.conversation_id, user_id=alice)) == 1


def test_disclosure_at_session_start_and_after_three_hours(home: Path) -> None:
    now = [datetime(2026, 1, 1, 20, 0, tzinfo=UTC)]
    companion = Companion.open(clock=lambda: now[0])
    first = companion.reply("hi")
    assert first.disclosure and "AI" in first.disclosure
    for _ in range(11):  # continuous use: a message every 15 minutes, up to 2 h 45 min
        now[0] += timedelta(minutes=15)
        assert companion.reply("still worried").disclosure is None
    now[0] += timedelta(minutes=15)  # three hours since the disclosure
    assert companion.reply("still here").disclosure
    now[0] += timedelta(hours=2)  # a long pause starts a new session
    assert companion.reply("back again").disclosure


def test_same_conversation_on_postgresql(home: Path, pg_url: str) -> None:
    companion = Companion.open(database_url=pg_url)
    a = companion.reply("My partner is away and I feel lonely")
    b = companion.reply("I keep refreshing his location", a.conversation_id)
    assert [t.index for t in companion.turns(a.conversation_id)] == [0, 1]
    assert b.tier == "none"
    companion.close()
