"""JSON-lines batch runs for scripts and evaluation: `steadyheart triage` and `steadyheart analyze`.

Each input line is {"text": ..., "context"?: [earlier messages]}; each output line is the result or
{"error": ...}. Lines are embedded in batches (one pass per message, shared by triage and analysis).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from steadyheart.config import MAX_MESSAGE_CHARS

BATCH = 64


@dataclass(frozen=True)
class Item:
    text: str
    context: list[str]


def parse_line(raw: bytes) -> Item | str:
    """The item on one line, or the sentence saying what is wrong with it."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "the line is not valid UTF-8"
    except json.JSONDecodeError as exc:
        return f"the line is not valid JSON ({exc.msg})"
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return 'each line must be a JSON object with a "text" string'
    context = data.get("context", [])
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        return '"context" must be a list of strings'
    text = data["text"]
    if not text.strip():
        return '"text" is empty'
    if len(text) > MAX_MESSAGE_CHARS:
        return f'"text" is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}'
    return Item(text, context)


def run(lines: Iterable[bytes], handle: Callable[[list[Item]], list[dict[str, Any]]], out: IO[str]) -> int:
    """Stream results in input order; return how many lines were malformed."""
    errors = 0
    for chunk in _chunks(lines):
        parsed = [parse_line(raw) for raw in chunk]
        good = [p for p in parsed if isinstance(p, Item)]
        results = iter(handle(good)) if good else iter(())
        for p in parsed:
            if isinstance(p, Item):
                out.write(json.dumps(next(results), ensure_ascii=False) + "\n")
            else:
                errors += 1
                out.write(json.dumps({"error": p}) + "\n")
        out.flush()
    return errors


def _chunks(lines: Iterable[bytes]) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for raw in lines:
        if not raw.strip():
            continue
        chunk.append(raw.rstrip(b"\r\n"))
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def with_progress(lines: list[bytes]) -> Iterator[bytes]:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield from lines
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(lines, description="working", console=Console(stderr=True), transient=True)


def triage_items(items: list[Item]) -> list[dict[str, Any]]:
    from steadyheart.safety import triage
    from steadyheart.understanding.embedder import get_embedder

    vectors = get_embedder().embed([i.text for i in items])
    return [triage(i.text, i.context, v).to_dict() for i, v in zip(items, vectors, strict=True)]


def analyze_items(items: list[Item]) -> list[dict[str, Any]]:
    from steadyheart.safety import triage
    from steadyheart.understanding import analyze
    from steadyheart.understanding.embedder import get_embedder

    vectors = get_embedder().embed([i.text for i in items])
    results = []
    for item, vector in zip(items, vectors, strict=True):
        a = analyze(item.text, item.context, vector)
        results.append({
            "emotions": [{"name": e.name, "score": round(e.score, 4)} for e in a.emotions],
            "body": [{"name": b.name, "score": round(b.score, 4), "evidence": b.evidence} for b in a.body],
            "traps": [{"name": t.name, "score": round(t.score, 4), "evidence": t.evidence, "why": t.why}
                      for t in a.traps],
            "triggers": [{"name": t.name, "score": round(t.score, 4), "evidence": t.evidence} for t in a.triggers],
            "urges": [{"name": u.name, "status": u.status.value, "score": round(u.score, 4), "evidence": u.evidence}
                      for u in a.urges],
            "intensity": round(a.intensity, 4),
            "tier": triage(item.text, item.context, vector).tier.value,
        })
    return results
