"""The embedder loads from the installed package with no network and gives unit-length vectors."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from steadyheart.errors import InputError
from steadyheart.understanding import embed_one, get_embedder
from steadyheart.understanding.embedder import Embedder


def test_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedder tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = Embedder()  # a fresh instance, not the cached one
    vectors = embedder.embed(["He hasn't replied yet."])
    assert vectors.shape == (1, 384)


def test_vectors_are_float32_and_normalised() -> None:
    vectors = get_embedder().embed(["I feel anxious tonight.", "We had pasta.", "x" * 3000])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, get_embedder().dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_are_closer() -> None:
    a, b, c = get_embedder().embed(
        [
            "My boyfriend hasn't answered my texts all day.",
            "He is ignoring my messages and I don't know why.",
            "The recipe needs two cups of flour.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_batch_matches_single_and_keeps_order() -> None:
    texts = ["short", "a much longer sentence about waiting for a reply at night", "medium length text"]
    batch = get_embedder().embed(texts)
    for text, row in zip(texts, batch, strict=True):
        assert np.allclose(row, embed_one(text), atol=1e-4)


def test_is_cached_per_process() -> None:
    assert get_embedder() is get_embedder()


def test_empty_batch() -> None:
    assert get_embedder().embed([]).shape == (0, 384)


def test_bad_input_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="list of texts"):
        get_embedder().embed("not a list")
    with pytest.raises(InputError, match="must be a string"):
        get_embedder().embed(["fine", 3])  # type: ignore[list-item]


def test_threads_follow_the_setting_else_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from steadyheart.understanding.embedder import EmbedderError, default_threads

    monkeypatch.setenv("STEADYHEART_EMBED_THREADS", "3")
    assert default_threads() == 3
    monkeypatch.setenv("STEADYHEART_EMBED_THREADS", "many")
    with pytest.raises(EmbedderError, match="whole number"):
        default_threads()
    monkeypatch.delenv("STEADYHEART_EMBED_THREADS")
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert default_threads() == 1
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_threads() == 1

