"""A test double: a responder that says what a test queued, in order, and records every request.

Like llm's mock model: `responder.enqueue("text")` (or a list of chunks, or an exception to raise), then
drive the pipeline; `responder.requests` holds what it was asked to phrase.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from steadyheart.errors import ResponderError
from steadyheart.responders.base import RenderRequest


class ScriptedResponder:
    name = "scripted"

    def __init__(self) -> None:
        self._queue: deque[str | list[str] | BaseException] = deque()
        self.requests: list[RenderRequest] = []

    def enqueue(self, *replies: str | list[str] | BaseException) -> ScriptedResponder:
        """Queue replies: a text, a list of chunks streamed one by one, or an exception to raise."""
        self._queue.extend(replies)
        return self

    def stream(self, request: RenderRequest) -> Iterator[str]:
        self.requests.append(request)
        if not self._queue:
            raise ResponderError("The scripted responder has nothing queued.", reason="empty_queue")
        reply = self._queue.popleft()
        if isinstance(reply, BaseException):
            raise reply
        yield from ([reply] if isinstance(reply, str) else reply)
