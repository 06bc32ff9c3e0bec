"""The scripted test double: queued replies in order, chunks streamed, errors raised, requests recorded."""

from __future__ import annotations

import pytest

from steadyheart.dialogue.plan import Plan
from steadyheart.errors import ResponderError
from steadyheart.responders.base import RenderRequest, Responder, render
from steadyheart.responders.scripted import ScriptedResponder
from steadyheart.understanding.analysis import Analysis

REQUEST = RenderRequest(plan=Plan(()), user_text="hello", analysis=Analysis())


def test_replies_in_order_and_records_requests() -> None:
    responder = ScriptedResponder().enqueue("First.", ["Sec", "ond."])
    assert isinstance(responder, Responder)
    assert render(responder, REQUEST) == "First."
    assert list(responder.stream(REQUEST)) == ["Sec", "ond."]
    assert [r.user_text for r in responder.requests] == ["hello", "hello"]


def test_raises_queued_errors_and_when_empty() -> None:
    responder = ScriptedResponder().enqueue(ResponderError("down", reason="timeout"))
    with pytest.raises(ResponderError, match="down"):
        render(responder, REQUEST)
    with pytest.raises(ResponderError, match="nothing queued"):
        render(responder, REQUEST)
