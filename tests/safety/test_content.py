"""Shipped safety content loads and is complete; broken files fail loudly; the disclosure schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from steadyheart.errors import ContentError
from steadyheart.safety import DISCLOSURE_INTERVAL, disclosure_due, disclosure_text
from steadyheart.safety.guard import load_rules
from steadyheart.safety.replies import REPLIES_PATH, load_replies
from steadyheart.safety.similarity import load_examples


def test_shipped_content_loads() -> None:
    assert load_replies().questions["are_you_safe"] == "Are you safe right now?"
    assert len(load_rules().rules) >= 10
    assert len(load_examples()) > 100


def test_replies_with_an_unknown_placeholder_fail(tmp_path: Path) -> None:
    text = REPLIES_PATH.read_text(encoding="utf-8").replace("or {crisis_line}. You don't", "or {crisis_lnie}. You don't")
    bad = tmp_path / "replies.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="unknown placeholders"):
        load_replies(bad)


def test_disclosure_says_ai_not_person_not_therapist() -> None:
    text = disclosure_text()
    assert "AI" in text and "not a person" in text and "not a therapist" in text and "/crisis" in text


def test_disclosure_schedule_with_an_injected_clock() -> None:
    start = datetime(2026, 1, 1, 22, 0, tzinfo=UTC)
    assert disclosure_due(None, start)  # the start of a session
    assert not disclosure_due(start, start + timedelta(hours=2, minutes=59))
    assert disclosure_due(start, start + DISCLOSURE_INTERVAL)
    assert disclosure_due(start, start + timedelta(hours=7))


def test_every_crisis_sentence_for_every_country_passes_the_guard() -> None:
    from steadyheart.safety import Tier, guard, known_countries
    from steadyheart.safety.replies import fill
    from steadyheart.safety.resources import crisis_resources

    replies = load_replies()
    texts = [*replies.questions.values(), *replies.lines.values(), *replies.followups.values(),
             replies.plan_offer, replies.device_note, replies.resources_stay]
    texts += [variant for variants in replies.openers.values() for variant in variants]
    for code in [c for c, _ in known_countries()] + ["XX"]:
        for text in texts:
            filled = fill(text, crisis_resources(code))
            assert "{" not in filled
            for user_text in ("I want to die", "he hit me", "how many pills would be fatal"):
                assert guard(filled, user_text, Tier.IMMINENT).blocked is None, (code, filled)
