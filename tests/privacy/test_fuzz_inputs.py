"""Hostile input, generated: the chat input path and the JSON-lines interfaces raise nothing but
InputError (or report the line as an error), and never leave anything half-saved."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from steadyheart.cli import batch
from steadyheart.config import MAX_MESSAGE_CHARS
from steadyheart.errors import InputError
from steadyheart.message_input import clean_message

# Everything a keyboard, a paste or a script can send: any code point (lone surrogates included), control
# characters, right-to-left marks, emoji, and lengths on both sides of the limit.
messages = st.one_of(
    st.text(min_size=0, max_size=300),
    st.text(alphabet=st.characters(codec=None), max_size=60),
    st.text(alphabet=st.sampled_from(list("\x00\x1b[\r\n\t \u202e\u200d\ufeff🙂ü")), max_size=40),
    st.builds(lambda n, c: c * n, st.integers(MAX_MESSAGE_CHARS - 2, MAX_MESSAGE_CHARS + 3), st.sampled_from("aé🙂 ")),
    st.sampled_from(["'; DROP TABLE turns; --", "<script>alert(1)</script>", "{{7*7}}", "%s%n%x", "\\x00"]),
)


@pytest.fixture(scope="module")
def companion(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from steadyheart import Companion

    opened = Companion.open(tmp_path_factory.mktemp("fuzz") / "home")
    yield opened
    opened.close()


def _turn_count(companion: object) -> int:
    return sum(s.turn_count for s in companion.conversations())  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=messages)
def test_reply_raises_only_input_error_and_saves_whole_turns_or_nothing(companion: object, text: str) -> None:
    before = _turn_count(companion)
    try:
        reply = companion.reply(text)  # type: ignore[attr-defined]
    except InputError as exc:
        event("refused with InputError")
        assert str(exc).endswith(".") and "\n" not in str(exc)
        assert _turn_count(companion) == before
        return
    event("answered and saved")
    assert reply.text.strip()
    turns = companion.turns(reply.conversation_id)  # type: ignore[attr-defined]
    assert _turn_count(companion) == before + 1
    assert turns[-1].user_text == clean_message(text) and turns[-1].reply_text == reply.text
    assert [t.index for t in turns] == list(range(len(turns)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
objects = st.fixed_dictionaries({}, optional={"text": json_values | st.text(max_size=80),
                                              "context": json_values | st.lists(st.text(max_size=30), max_size=3)})
lines = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    objects.map(lambda v: json.dumps(v).encode()),
    objects.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
)


@settings(max_examples=400, deadline=None)
@given(raw=lines)
def test_parse_line_returns_an_item_or_a_sentence(raw: bytes) -> None:
    parsed = batch.parse_line(raw)
    if isinstance(parsed, batch.Item):
        assert parsed.text.strip() and len(parsed.text) <= MAX_MESSAGE_CHARS
        assert all(isinstance(c, str) for c in parsed.context)
    else:
        assert isinstance(parsed, str) and parsed


@settings(max_examples=40, deadline=None)
@given(batch_lines=st.lists(lines, max_size=12))
def test_run_answers_every_line_in_order_with_a_result_or_an_error(batch_lines: list[bytes]) -> None:
    raw = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in batch_lines]
    out = io.StringIO()
    errors = batch.run(raw, batch.triage_items, out)
    written = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = [line for line in raw if line.strip()]
    assert len(written) == len(expected)
    assert errors == sum(1 for entry in written if "error" in entry)
    for line, entry in zip(expected, written, strict=True):
        assert ("error" in entry) == isinstance(batch.parse_line(line.rstrip(b"\r\n")), str)
        if "error" not in entry:
            assert entry["tier"] in {"none", "ambiguous", "elevated", "imminent"}


def test_the_fuzz_home_is_still_sound(companion: object) -> None:
    import sqlite3

    url = companion.database.url  # type: ignore[attr-defined]
    with sqlite3.connect(Path(url.removeprefix("sqlite:///"))) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
