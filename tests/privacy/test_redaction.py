"""Redaction before a remote LLM: details out, placeholders in, originals back in the reply."""

from __future__ import annotations

import pytest

from steadyheart.privacy.redaction import Redaction, is_local_endpoint, remote_notice


@pytest.mark.parametrize(("text", "secrets"), [
    ("My boyfriend Jake hasn't texted since Monday.", ["Jake"]),
    ("Sarah said she was busy, but Sarah's stories show a party.", ["Sarah"]),
    ("I emailed him at jake.b@gmail.com and called +44 7700 900123.", ["jake.b@gmail.com", "7700 900123"]),
    ("Text me on 555-123-4567.", ["555-123-4567"]),
    ("She moved to 42 Baker Street last week.", ["42 Baker Street"]),
    ("We used to walk down Elm Road together.", ["Elm Road"]),
    ("He posted https://example.com/p/abc?x=1 and www.example.org too.", ["example.com", "www.example.org"]),
    ("I saw Mateo with Chloe at the bar.", ["Mateo", "Chloe"]),
])
def test_personal_details_are_replaced_and_restored(text: str, secrets: list[str]) -> None:
    redaction = Redaction()
    redacted = redaction.redact(text)
    for secret in secrets:
        assert secret not in redacted
    assert redaction.restore(redacted) == text


def test_ordinary_capitalised_words_dates_and_times_stay() -> None:
    text = "I feel anxious. He said OK on WhatsApp on Friday at 11pm, on 2024-03-15. It's late."
    assert Redaction().redact(text) == text


def test_the_same_detail_gets_the_same_placeholder_and_the_persons_own_name_is_known() -> None:
    redaction = Redaction()
    first = redaction.redact("Noor keeps asking if Noor is too much.", known_names=["Noor"])
    assert first == "[NAME_1] keeps asking if [NAME_1] is too much."


def test_a_stream_with_placeholders_split_across_chunks_is_restored() -> None:
    redaction = Redaction()
    redaction.redact("My partner Ravi and ravi@x.io")
    restorer = redaction.restorer()
    shown = [restorer.feed(piece) for piece in ("You miss [NA", "ME_1", "], and ", "[EMAIL_1] is", " quiet [x")]
    shown.append(restorer.flush())
    assert "".join(shown) == "You miss Ravi, and ravi@x.io is quiet [x"
    assert "[" not in "".join(shown[:2])


def test_a_model_that_drops_the_brackets_is_understood() -> None:
    redaction = Redaction()
    redaction.redact("My husband Omar is late.")
    assert redaction.restore("Omar? NAME_1 is late.") == "Omar? Omar is late."


@pytest.mark.parametrize(("url", "local"), [
    ("http://localhost:11434/v1", True), ("http://127.0.0.1:8080/v1", True), ("http://127.3.4.5/v1", True),
    ("http://[::1]:8000/v1", True), ("https://api.openai.com/v1", False), ("http://192.168.1.20:11434/v1", False),
    ("http://10.0.0.2/v1", False), ("http://localhost.evil.com/v1", False),
])
def test_only_this_machine_counts_as_local(url: str, local: bool) -> None:
    assert is_local_endpoint(url) is local
    assert (remote_notice(url) is None) is local


def test_the_notice_names_the_provider_and_what_is_sent() -> None:
    notice = remote_notice("https://api.example.com/v1")
    assert notice is not None and "api.example.com" in notice
    assert "sent there" in notice and "placeholders" in notice
