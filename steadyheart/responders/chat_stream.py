"""Streaming chat completions over HTTP (OpenAI's wire format, server-sent events), with two deadlines.

`stream_chat()` yields content deltas and turns every way the exchange can fail into a ResponderError
with a reason: connection, first_token_timeout, total_timeout, http_error, malformed, too_long. Error
texts carry status codes and timings only, never a request or response body. Imports httpx and errors.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from steadyheart.errors import ResponderError


def stream_chat(
    client: httpx.Client,
    url: str,
    body: Mapping[str, Any],
    *,
    headers: Mapping[str, str] | None = None,
    first_token_timeout: float,
    total_timeout: float,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[str]:
    """POST a streaming chat request and yield each piece of reply text as it arrives.

    A reader thread does the blocking I/O; this generator waits on it with the time left, so both
    deadlines hold to the moment even while a read is blocked (httpx fixes a read timeout per response).
    """
    started = clock()
    first_deadline = started + min(first_token_timeout, total_timeout)
    total_deadline = started + total_timeout
    inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    stop = threading.Event()
    # The reader's own timeouts only bound how long an abandoned thread lingers.
    timeout = httpx.Timeout(total_timeout, connect=min(first_token_timeout, total_timeout))
    reader = threading.Thread(target=_read_into, args=(inbox, stop, client, url, dict(body), headers, timeout),
                              name="steadyheart-llm-reader", daemon=True)
    reader.start()
    got_content = False
    try:
        while True:
            remaining = (total_deadline if got_content else first_deadline) - clock()
            try:
                kind, value = inbox.get(timeout=max(remaining, 0.0)) if remaining > 0 else inbox.get_nowait()
            except queue.Empty:
                raise _timeout(got_content, first_token_timeout, total_timeout) from None
            if kind == "text":
                got_content = True
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()


def _read_into(inbox: queue.SimpleQueue[tuple[str, Any]], stop: threading.Event, client: httpx.Client, url: str,
               body: dict[str, Any], headers: Mapping[str, str] | None, timeout: httpx.Timeout) -> None:
    """The reader thread: every outcome, good or bad, goes into the inbox; nothing escapes the thread."""
    try:
        for delta in _deltas(client, url, body, headers, timeout):
            if stop.is_set():
                return
            inbox.put(("text", delta))
        inbox.put(("end", None))
    except ResponderError as exc:
        inbox.put(("error", exc))
    except httpx.TimeoutException as exc:
        reason = "connection" if isinstance(exc, httpx.ConnectTimeout) else "total_timeout"
        inbox.put(("error", ResponderError("The model's server did not answer in time.", reason=reason)))
    except httpx.HTTPError as exc:
        inbox.put(("error", ResponderError(f"The model's server could not be reached ({type(exc).__name__}).",
                                           reason="connection")))
    except Exception as exc:  # a bug must still end the wait with a fallback, not hang the turn
        inbox.put(("error", ResponderError(f"The exchange with the model failed ({type(exc).__name__}).",
                                           reason="connection")))


def _deltas(client: httpx.Client, url: str, body: dict[str, Any], headers: Mapping[str, str] | None,
            timeout: httpx.Timeout) -> Iterator[str]:
    with client.stream("POST", url, json=body, headers=headers, timeout=timeout) as response:
        if response.status_code >= 400:
            raise ResponderError(f"The model's server answered with HTTP {response.status_code}.", reason="http_error")
        content_type = response.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            # A server that ignores stream=true: accept its whole answer as one chunk.
            text = _message_content(_parse_json(response.read()))
            if text:
                yield text
            return
        if not content_type.startswith("text/event-stream"):
            raise ResponderError("The model's server did not send a stream of events.", reason="malformed")
        for line in response.iter_lines():
            delta, finished = _parse_event_line(line)
            if delta:
                yield delta
            if finished:
                return
        raise ResponderError("The model's stream ended before the reply was complete.", reason="malformed")


def _timeout(got_content: bool, first_token_timeout: float, total_timeout: float) -> ResponderError:
    if got_content:
        return ResponderError(f"The model took longer than {total_timeout:g} s to finish.", reason="total_timeout")
    return ResponderError(f"The model did not start answering within {first_token_timeout:g} s.",
                          reason="first_token_timeout")


def _parse_event_line(line: str) -> tuple[str, bool]:
    """One line of the event stream: (text delta, whether the reply is finished)."""
    line = line.strip()
    if not line or line.startswith(":") or not line.startswith("data:"):
        return "", False  # blank separators, comments (keep-alives), event: and id: fields
    data = line[5:].strip()
    if data == "[DONE]":
        return "", True
    event = _parse_json(data.encode())
    if "error" in event:
        raise ResponderError("The model's server reported an error in the stream.", reason="http_error")
    choices = event.get("choices")
    if not isinstance(choices, list):
        raise ResponderError("The model's stream had an event without choices.", reason="malformed")
    if not choices:
        return "", False  # usage-only events
    choice = choices[0]
    delta = choice.get("delta") if isinstance(choice, dict) else None
    if not isinstance(delta, dict):
        raise ResponderError("The model's stream had an event without a delta.", reason="malformed")
    content = delta.get("content")
    if content is not None and not isinstance(content, str):
        raise ResponderError("The model's stream had content that is not text.", reason="malformed")
    reason = choice.get("finish_reason")
    if reason == "length":
        raise ResponderError("The model's reply ran past its length limit.", reason="too_long")
    return content or "", reason is not None


def _parse_json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ResponderError("The model's server sent something that is not JSON.", reason="malformed") from None
    if not isinstance(value, dict):
        raise ResponderError("The model's server sent JSON of the wrong shape.", reason="malformed")
    return value


def _message_content(completion: dict[str, Any]) -> str:
    try:
        choice = completion["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        if "error" in completion:
            raise ResponderError("The model's server reported an error.", reason="http_error") from None
        raise ResponderError("The model's answer had no message in it.", reason="malformed") from None
    if not isinstance(content, str):
        raise ResponderError("The model's answer had content that is not text.", reason="malformed")
    if choice.get("finish_reason") == "length":
        raise ResponderError("The model's reply ran past its length limit.", reason="too_long")
    return content
