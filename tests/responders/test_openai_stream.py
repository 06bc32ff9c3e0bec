"""The LLM responder's own logic over httpx.MockTransport: streaming, every failure reason, redaction, logs."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from steadyheart.errors import ResponderError
from steadyheart.responders.base import Responder, render
from steadyheart.responders.openai_compatible import OpenAICompatibleResponder, responder_from_settings
from steadyheart.responders.settings import LLMSettings

LOCAL = "http://127.0.0.1:9/v1"
REMOTE = "https://llm.example.com/v1"


def sse(*pieces: str, finish: str | None = "stop", done: bool = True) -> bytes:
    events = [{"choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]}]
    events += [{"choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]} for p in pieces]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + ("data: [DONE]\n\n" if done else "")
    return body.encode()


class Recorder:
    """A MockTransport handler that answers with a fixed body and keeps the requests it saw."""

    def __init__(self, body: bytes, status: int = 200, content_type: str = "text/event-stream") -> None:
        self.body, self.status, self.content_type = body, status, content_type
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, headers={"content-type": self.content_type}, content=self.body)

    @property
    def sent(self) -> dict[str, Any]:
        return dict(json.loads(self.requests[-1].content))


def responder(handler: Callable[[httpx.Request], httpx.Response], base_url: str = LOCAL, **kw: Any) -> OpenAICompatibleResponder:
    settings = LLMSettings(base_url=base_url, model="m", max_chars=kw.pop("max_chars", 300))
    return OpenAICompatibleResponder(settings, transport=httpx.MockTransport(handler), **kw)


def reason_of(llm: OpenAICompatibleResponder, request: Any) -> str:
    with pytest.raises(ResponderError) as caught:
        render(llm, request)
    return caught.value.reason


def test_it_is_a_responder_named_llm() -> None:
    llm = responder(Recorder(sse("Hi.")))
    assert isinstance(llm, Responder) and llm.name == "llm"


def test_the_reply_streams_chunk_by_chunk_and_the_request_is_well_formed(make_request: Any) -> None:
    recorder = Recorder(sse(" I hear", " how hard this is.", " What do you", " notice?"))
    chunks = list(responder(recorder).stream(make_request(("reflect", "ask"))))
    assert chunks == ["I hear", " how hard this is.", " What do you", " notice?"]
    sent = recorder.sent
    assert recorder.requests[0].url == "http://127.0.0.1:9/v1/chat/completions"
    assert sent["stream"] is True and sent["model"] == "m" and sent["messages"][0]["role"] == "system"


def test_a_server_that_ignores_stream_and_sends_json_is_accepted(make_request: Any) -> None:
    body = json.dumps({"choices": [{"message": {"content": "That sounds hard. What helps?"}, "finish_reason": "stop"}]})
    llm = responder(Recorder(body.encode(), content_type="application/json"))
    assert render(llm, make_request()) == "That sounds hard. What helps?"


@pytest.mark.parametrize(("body", "status", "content_type", "reason"), [
    (b'{"error": {"message": "no such model"}}', 404, "application/json", "http_error"),
    (b"busy", 503, "text/plain", "http_error"),
    (b"data: {not json\n\n", 200, "text/event-stream", "malformed"),
    (b'data: {"object": "x"}\n\n', 200, "text/event-stream", "malformed"),
    (b'data: {"choices": [{"delta": {"content": 7}}]}\n\n', 200, "text/event-stream", "malformed"),
    (b'data: {"error": {"message": "oops"}}\n\n', 200, "text/event-stream", "http_error"),
    (b"<html>hello</html>", 200, "text/html", "malformed"),
    (b'{"choices": []}', 200, "application/json", "malformed"),
    (sse("I hear you.", done=False, finish=None), 200, "text/event-stream", "malformed"),
    (sse("I hear you and", finish="length"), 200, "text/event-stream", "too_long"),
    (sse("   ", ""), 200, "text/event-stream", "empty"),
])
def test_every_broken_answer_becomes_a_responder_error_with_a_reason(
    make_request: Any, body: bytes, status: int, content_type: str, reason: str
) -> None:
    llm = responder(Recorder(body, status, content_type))
    assert reason_of(llm, make_request(("reflect", "validate"))) == reason


def test_a_connection_error_is_reason_connection(make_request: Any) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    assert reason_of(responder(refuse), make_request()) == "connection"


@pytest.mark.parametrize(("pieces", "moves", "reason"), [
    (("Is it the silence? Or is it", " the waiting?"), ("reflect", "ask"), "off_plan"),
    (("That sounds really hard.",), ("reflect", "ask"), "off_plan"),
    (("I'm here with you.",), ("answer_identity",), "off_plan"),
    (("Hi [NAME_7], that sounds hard.",), ("reflect",), "off_plan"),
    (("<|im_start|>user I hear you.",), ("reflect",), "off_plan"),
    (("This is long. " * 30,), ("reflect",), "too_long"),
])
def test_off_plan_or_over_long_replies_are_refused(make_request: Any, pieces: tuple[str, ...], moves: tuple[str, ...],
                                                   reason: str) -> None:
    assert reason_of(responder(Recorder(sse(*pieces))), make_request(moves)) == reason


@pytest.mark.parametrize("promise", [
    "I'm sure he still loves you.", "She is definitely not cheating.", "Everything will be fine between you two.",
    "He'll text you back soon.", "Your relationship is solid.", "Your boyfriend cares about you.",
])
def test_promises_about_the_partner_feed_the_loop_and_are_refused(make_request: Any, promise: str) -> None:
    assert reason_of(responder(Recorder(sse(promise))), make_request(("reflect", "notice_loop"))) == "reassurance"


@pytest.mark.parametrize("fine", [
    "Not knowing what he feels is so hard to sit with.", "You care about him a lot.",
    "It makes sense to want to hear that things will work out.",
])
def test_naming_the_wish_for_reassurance_is_allowed(make_request: Any, fine: str) -> None:
    assert render(responder(Recorder(sse(fine))), make_request(("reflect", "notice_loop"))) == fine


def test_a_sentence_from_a_recent_reply_is_not_said_again(make_request: Any) -> None:
    llm = responder(Recorder(sse("That sounds  really hard. ", "What feels hardest?")))
    request = make_request(recent_sentences=frozenset({"that sounds really hard."}))
    assert reason_of(llm, request) == "repeat"
    assert render(llm, make_request()) == "That sounds  really hard. What feels hardest?"


def test_a_second_question_stops_the_stream_before_it_is_shown(make_request: Any) -> None:
    seen: list[str] = []
    llm = responder(Recorder(sse("What happened?", " And why", " did he go?", " More text.")))
    with pytest.raises(ResponderError):
        for chunk in llm.stream(make_request()):
            seen.append(chunk)
    assert "".join(seen) == "What happened? And why"


def test_identity_replies_must_say_ai(make_request: Any) -> None:
    llm = responder(Recorder(sse("I'm an AI companion, not a person.")))
    assert render(llm, make_request(("answer_identity",))) == "I'm an AI companion, not a person."


def test_a_remote_endpoint_sees_placeholders_and_the_person_sees_the_originals(make_request: Any) -> None:
    recorder = Recorder(sse("It hurts that [NA", "ME_1] went quiet. ", "Did you try [EMAIL_1]?"))
    llm = responder(recorder, base_url=REMOTE)
    assert llm.redacts
    text = render(llm, make_request(user_text="My boyfriend Tomas went quiet. I wrote to tomas@mail.org."))
    assert text == "It hurts that Tomas went quiet. Did you try tomas@mail.org?"
    sent = json.dumps(recorder.sent)
    assert "Tomas" not in sent and "tomas@mail.org" not in sent and "[NAME_1]" in sent


def test_a_local_endpoint_gets_the_words_as_written(make_request: Any) -> None:
    recorder = Recorder(sse("That hurts. What now?"))
    llm = responder(recorder)
    assert not llm.redacts
    render(llm, make_request(user_text="My boyfriend Tomas went quiet."))
    assert "Tomas" in recorder.sent["messages"][-1]["content"]


def test_the_api_key_comes_from_the_named_environment_variable(make_request: Any) -> None:
    recorder = Recorder(sse("That hurts. What now?"))
    settings = LLMSettings(base_url=LOCAL, model="m", api_key_env="MY_LLM_KEY")
    llm = responder_from_settings(settings, transport=httpx.MockTransport(recorder), env={"MY_LLM_KEY": "sk-test"})
    render(llm, make_request())
    assert recorder.requests[0].headers["authorization"] == "Bearer sk-test"


def test_logs_carry_the_reason_but_never_the_words(make_request: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "my secret worry about Jonah"
    for body in (sse("Echo: my secret worry about Jonah? Twice?"), sse("Echo: my secret worry. About Jonah?")):
        with contextlib.suppress(ResponderError):
            render(responder(Recorder(body)), make_request(user_text=secret))
    records = [r for r in caplog.records if r.name.startswith("steadyheart")]
    assert any(getattr(r, "reason", None) == "off_plan" for r in records)
    assert any("streamed" in r.getMessage() for r in records)
    for record in caplog.records:
        assert "secret" not in record.getMessage() and "Jonah" not in record.getMessage()
