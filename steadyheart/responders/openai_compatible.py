"""The LLM responder: an OpenAI-compatible chat model phrases the plan; it never makes the clinical decisions.

The plan, the analysis in brief and our content go in the system message (responders.prompt); the reply
streams back over server-sent events (responders.chat_stream), has private details restored when the
endpoint is remote (privacy.redaction), and is checked against the plan while it streams
(responders.reply_checks). Any failure raises ResponderError with a reason, and the pipeline lets the
embedded responder answer instead. Logs carry reasons, timings and sizes, never message text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from steadyheart.errors import ResponderError
from steadyheart.privacy.redaction import Redaction, is_local_endpoint
from steadyheart.responders.base import RenderRequest, Responder
from steadyheart.responders.chat_stream import stream_chat
from steadyheart.responders.prompt import build_messages, requirements
from steadyheart.responders.reply_checks import ReplyChecker
from steadyheart.responders.settings import LLMSettings

log = logging.getLogger("steadyheart.responders.llm")


class OpenAICompatibleResponder:
    """Streams a reply from `settings.base_url` + /chat/completions.

    `redact` defaults to True exactly when the endpoint is not on this machine. `transport` lets tests
    and benchmarks pass an httpx transport; `extra_body` adds request fields a server understands
    (Ollama's options, llama.cpp's grammar).
    """

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings,
        *,
        api_key: str | None = None,
        redact: bool | None = None,
        transport: httpx.BaseTransport | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.redacts = not is_local_endpoint(settings.base_url) if redact is None else redact
        self.extra_body = dict(extra_body or {})
        headers = {"Accept": "text/event-stream"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(transport=transport, headers=headers, trust_env=False)
        self._url = f"{settings.base_url}/chat/completions"

    def stream(self, request: RenderRequest) -> Iterator[str]:
        started = time.perf_counter()
        try:
            chars = 0
            for chunk in self._stream(request):
                chars += len(chunk)
                yield chunk
        except ResponderError as exc:
            log.warning("llm reply not used: reason=%s after %.0f ms", exc.reason, _ms(started),
                        extra={"reason": exc.reason, "responder": self.name})
            raise
        log.info("llm reply streamed: %d chars in %.0f ms", chars, _ms(started))

    def _stream(self, request: RenderRequest) -> Iterator[str]:
        redaction = Redaction() if self.redacts else None
        messages = build_messages(request, redaction)
        checker = ReplyChecker(requirements(request.plan), self.settings.max_chars, request.recent_sentences)
        restorer = redaction.restorer() if redaction is not None else None
        body = {
            "model": self.settings.model,
            "messages": messages,
            "stream": True,
            "temperature": self.settings.temperature,
            # Generous in tokens so the character limit, checked while streaming, is what stops a long reply.
            "max_tokens": self.settings.max_chars // 2,
            **self.extra_body,
        }
        text = ""
        deltas = stream_chat(self._client, self._url, body, first_token_timeout=self.settings.first_token_timeout,
                             total_timeout=self.settings.total_timeout)
        for delta in deltas:
            piece = restorer.feed(delta) if restorer is not None else delta
            if not text:
                piece = piece.lstrip()
            if piece:
                text += piece
                checker.check_partial(text)
                yield piece
        tail = restorer.flush() if restorer is not None else ""
        text += tail
        checker.check_final(text)
        if tail:
            yield tail

    def close(self) -> None:
        self._client.close()


def responder_from_settings(
    settings: LLMSettings, *, transport: httpx.BaseTransport | None = None, env: Mapping[str, str] | None = None
) -> Responder:
    """The responder for these settings; reads the API key from the environment variable they name.

    Raises InputError (one sentence) when that variable is named but not set.
    """
    return OpenAICompatibleResponder(settings, api_key=settings.api_key(env), transport=transport)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
