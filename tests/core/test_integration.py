"""The Companion ties the concerns together: questionnaires in chat, memory, and check-ins saved to the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart import Companion
from steadyheart.journal.checkins import list_checkins


def test_gad7_in_chat_one_item_at_a_time_with_a_result_that_is_not_a_diagnosis(home: Path) -> None:
    companion = Companion.open()
    first = companion.reply("can I do the anxiety questionnaire?")
    assert first.plan == ["continue_flow"]
    assert "Over the last 2 weeks" in first.text
    assert "Feeling nervous, anxious or on edge" in first.text
    for answer in ["1", "2", "2", "1", "0", "1"]:
        step = companion.reply(answer, first.conversation_id)
        assert step.plan == ["continue_flow"]
    last = companion.reply("nearly every day", first.conversation_id)  # an option word works as well as a number
    assert "10" in last.text  # 1+2+2+1+0+1+3
    assert "moderate" in last.text.lower()
    assert "not a diagnosis" in last.text.lower()
    after = companion.reply("thanks, I feel a bit calmer", first.conversation_id)
    assert after.plan != ["continue_flow"]


def test_phq9_item_9_starts_the_safety_flow_at_once(home: Path) -> None:
    companion = Companion.open()
    companion.update_profile(country="US")
    start = companion.reply("can I do the depression questionnaire?")
    for _ in range(8):
        companion.reply("0", start.conversation_id)
    reply = companion.reply("1", start.conversation_id)  # item 9: several days
    assert reply.tier in {"elevated", "imminent"}
    assert reply.resources_shown
    assert "988" in reply.text
    assert "continue_flow" not in reply.plan


def test_memory_is_explicit_listed_and_erasable(home: Path) -> None:
    companion = Companion.open()
    reply = companion.reply("my partner's name is Alex")
    assert companion.memory() == {"partner_name": "Alex"}
    assert "Alex" in reply.text or "remember" in reply.text.lower()
    companion.reply("I'm worried about him tonight", reply.conversation_id)
    assert companion.forget("partner_name") == 1
    assert companion.memory() == {}


def test_check_in_flow_in_chat_is_saved_to_the_journal(home: Path) -> None:
    companion = Companion.open()
    reply = companion.reply("can we do a check-in?")
    conversation = reply.conversation_id
    for answer in ["7", "scared and jealous", "tight chest", "he went quiet after dinner", "ask him if we're ok"]:
        reply = companion.reply(answer, conversation)
    assert "journal" in reply.text
    with companion.database.session() as session:
        rows = list_checkins(session, companion.local_user_id())
    assert len(rows) == 1
    assert rows[0].insecurity == 7
    assert rows[0].feelings == ["scared", "jealous"]
    assert rows[0].source == "chat"


def test_safety_events_are_counted_as_labels_only(home: Path) -> None:
    from steadyheart.safety.plans import safety_event_counts

    companion = Companion.open()
    companion.reply("I have the pills in my hand and I'm going to take them all tonight")
    companion.reply("my boyfriend hasn't texted back")  # the crisis flow follows up, resources still shown
    with companion.database.session() as session:
        counts = safety_event_counts(session, companion.local_user_id())
    assert counts[("triage", "imminent", "suicide")] == 1
    assert sum(n for (kind, _, _), n in counts.items() if kind == "triage") == 1
    assert counts[("resources_shown", "imminent", "")] == 1


def test_a_harmful_reply_can_be_reported_as_a_label(home: Path) -> None:
    from steadyheart.safety.plans import safety_event_counts

    companion = Companion.open()
    conversation = companion.new_conversation()
    assert companion.report_reply(conversation) is False  # nothing to report yet
    reply = companion.reply("he didn't text back and I feel awful", conversation)
    assert companion.report_reply(conversation) is True
    with companion.database.session() as session:
        counts = safety_event_counts(session, companion.local_user_id())
    reported = [key for key in counts if key[0] == "reply_reported"]
    assert reported == [("reply_reported", "none", f"embedded:{reply.plan[0]}")]


def test_an_instrument_added_to_an_explicit_home_is_the_one_chat_uses(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import steadyheart.measures

    monkeypatch.setenv("STEADYHEART_HOME", str(tmp_path / "another-home"))
    home = tmp_path / "explicit"
    (home / "instruments").mkdir(parents=True)
    shipped = Path(steadyheart.measures.__file__).parent / "instruments" / "gad2.yaml"
    text = shipped.read_text(encoding="utf-8").replace("id: gad2", "id: gadtwo", 1)
    assert "id: gadtwo" in text
    (home / "instruments" / "gadtwo.yaml").write_text(text, encoding="utf-8")
    companion = Companion.open(home)
    assert "gadtwo" in companion.questionnaires.ids()
    assert "gadtwo" not in Companion.open(tmp_path / "plain").questionnaires.ids()
