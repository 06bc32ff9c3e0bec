"""'I keep wanting to check' is an urge, not a deed (found in a browser screenshot of the web app)."""

from __future__ import annotations

import pytest

from steadyheart.understanding import analyze
from steadyheart.understanding.analysis import UrgeStatus
from steadyheart.understanding.urges import status_of_text


@pytest.mark.parametrize(("text", "status"), [
    ("He hasn't answered since lunch and I keep wanting to check his location.", "urge"),
    ("I keep checking his location", "acted"),
    ("I was wanting to text her again", "urge"),
])
def test_wanting_to_is_an_urge(text: str, status: str) -> None:
    urges = analyze(text).urges
    assert urges and urges[0].status.value == status


def test_a_denied_deed_without_a_known_verb_is_held_back() -> None:
    assert status_of_text("Her laptop was right there and I didn't touch it.") is UrgeStatus.RESISTED
    assert status_of_text("I went through it all again last night.") is UrgeStatus.ACTED
