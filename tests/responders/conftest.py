"""A tiny OpenAI-compatible HTTP server on 127.0.0.1 that can misbehave on purpose (slow, malformed, cut)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from steadyheart.responders.settings import LLMSettings


def sse_event(content: str | None, finish: str | None = None) -> bytes:
    delta = {} if content is None else {"content": content}
    event = {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(event)}\n\n".encode()


@dataclass
class Script:
    """What the server does with the next requests: a mode and its knobs."""

    mode: str = "ok"  # ok | slow_first | trickle | stall | garbage | no_choices | cut | http500 | json | drop
    chunks: list[str] = field(default_factory=lambda: ["I hear ", "how hard ", "this waiting is. ",
                                                        "What do you notice in ", "your body?"])
    delay: float = 0.0


class FakeLLMServer:
    def __init__(self) -> None:
        self.script = Script()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                try:
                    body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
                    server.requests.append(body)
                    server.headers.append(dict(self.headers))
                    server.respond(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on a timeout

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def settings(self, **overrides: Any) -> LLMSettings:
        values: dict[str, Any] = {"base_url": self.base_url, "model": "fake", "first_token_timeout": 2.0,
                                  "total_timeout": 5.0}
        values.update(overrides)
        return LLMSettings(**values)

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        script = self.script
        if script.mode == "http500":
            self._send(handler, 500, "application/json", b'{"error": {"message": "overloaded"}}')
            return
        if script.mode == "json":
            reply = "".join(script.chunks)
            payload = {"choices": [{"index": 0, "message": {"role": "assistant", "content": reply},
                                    "finish_reason": "stop"}]}
            self._send(handler, 200, "application/json", json.dumps(payload).encode())
            return
        if script.mode == "slow_first" and self.stopping.wait(script.delay):
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Transfer-Encoding", "chunked")  # as uvicorn streams: a cut is detectable
        handler.send_header("Connection", "close")
        handler.end_headers()

        def write(data: bytes) -> None:
            handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            handler.wfile.flush()

        if script.mode == "garbage":
            write(b"data: {this is not json\n\n")
        elif script.mode == "no_choices":
            write(b'data: {"object": "chat.completion.chunk"}\n\n')
        else:
            write(b": keep-alive\n\n" + sse_event(None))  # a role-only first event, as real servers send
            for index, chunk in enumerate(script.chunks):
                if index == 2 and script.mode in ("drop", "cut"):
                    break
                if script.mode == "trickle" and self.stopping.wait(script.delay):
                    return
                if script.mode == "stall" and index == 3 and self.stopping.wait(30):
                    return  # goes quiet after three chunks
                write(sse_event(chunk))
            if script.mode == "drop":
                handler.connection.shutdown(2)  # the server dies mid-reply: no closing chunk
                return
            if script.mode != "cut":
                write(sse_event(None, "stop") + b"data: [DONE]\n\n")
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.httpd.shutdown()
        server.httpd.server_close()


def request_for(moves: tuple[str, ...] = ("reflect", "ask"), user_text: str = "He hasn't texted back and I feel sick.",
                **fields: Any) -> Any:
    from steadyheart.dialogue.plan import Move, MoveName, Plan
    from steadyheart.responders.base import RenderRequest
    from steadyheart.understanding.analysis import Analysis, Scored, TrapFinding

    analysis = fields.pop("analysis", Analysis(
        emotions=(Scored("anxiety", 0.82, "feel sick"),),
        traps=(TrapFinding("mind_reading", 0.7, "he must be bored of me", "guessing what he thinks"),),
        intensity=0.7,
    ))
    plan = Plan(tuple(Move(MoveName(m)) for m in moves))
    return RenderRequest(plan=plan, user_text=user_text, analysis=analysis, **fields)


@pytest.fixture
def make_request() -> Any:
    return request_for
