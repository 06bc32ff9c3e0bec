"""The LLM responder against a real local HTTP server that is slow, cut off, malformed or gone."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from steadyheart.errors import ResponderError
from steadyheart.responders.base import render
from steadyheart.responders.openai_compatible import OpenAICompatibleResponder
from steadyheart.responders.settings import LLMSettings


def failure(llm: OpenAICompatibleResponder, request: Any) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(ResponderError) as caught:
        render(llm, request)
    return caught.value.reason, time.monotonic() - started


def test_a_good_server_streams_the_reply(fake_llm: Any, make_request: Any) -> None:
    llm = OpenAICompatibleResponder(fake_llm.settings())
    chunks = list(llm.stream(make_request(("reflect", "ask_body"))))
    assert chunks == ["I hear ", "how hard ", "this waiting is. ", "What do you notice in ", "your body?"]


def test_no_first_token_in_time_is_a_first_token_timeout(fake_llm: Any, make_request: Any) -> None:
    fake_llm.script.mode, fake_llm.script.delay = "slow_first", 5.0
    llm = OpenAICompatibleResponder(fake_llm.settings(first_token_timeout=0.4, total_timeout=3.0))
    reason, took = failure(llm, make_request())
    assert reason == "first_token_timeout"
    assert 0.35 <= took < 1.5


def test_a_reply_that_trickles_past_the_total_budget_is_a_total_timeout(fake_llm: Any, make_request: Any) -> None:
    fake_llm.script.mode, fake_llm.script.delay = "trickle", 0.3  # each chunk alone is quick enough
    llm = OpenAICompatibleResponder(fake_llm.settings(first_token_timeout=1.0, total_timeout=0.8))
    reason, took = failure(llm, make_request())
    assert reason == "total_timeout"
    assert 0.7 <= took < 1.6


def test_after_the_first_token_only_the_total_deadline_counts(fake_llm: Any, make_request: Any) -> None:
    # The read timeout follows the deadline: a quiet spell longer than first_token_timeout is allowed
    # once text has come, and the wait ends at the total deadline, not a read timeout later.
    fake_llm.script.mode = "stall"
    llm = OpenAICompatibleResponder(fake_llm.settings(first_token_timeout=0.8, total_timeout=1.4))
    reason, took = failure(llm, make_request())
    assert reason == "total_timeout"
    assert 1.35 <= took < 2.0


@pytest.mark.parametrize(("mode", "reason"), [
    ("garbage", "malformed"), ("no_choices", "malformed"), ("cut", "malformed"),
    ("http500", "http_error"), ("drop", "connection"),
])
def test_broken_servers_give_a_reason(fake_llm: Any, make_request: Any, mode: str, reason: str) -> None:
    fake_llm.script.mode = mode
    llm = OpenAICompatibleResponder(fake_llm.settings())
    assert failure(llm, make_request(("reflect", "ask_body")))[0] == reason


def test_nobody_listening_is_a_connection_error(make_request: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    llm = OpenAICompatibleResponder(LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", model="m"))
    assert failure(llm, make_request())[0] == "connection"
