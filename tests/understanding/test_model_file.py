"""The int8 model file is built from the package's model once, reused, rebuilt when its recipe changes, and
written somewhere even when the cache directory cannot be."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steadyheart.understanding import model_file
from steadyheart.understanding.embedder import Embedder

TEXTS = ["He still hasn't texted back and it's nearly midnight.", "We had a lovely walk by the river.", "ok"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model_file.quantized_model(directory=tmp_path_factory.mktemp("cache"))


def test_built_once_then_reused(built: Path) -> None:
    stamp = built.stat().st_mtime_ns
    assert model_file.quantized_model(directory=built.parent) == built
    assert built.stat().st_mtime_ns == stamp
    assert [p.name for p in built.parent.iterdir()] == [built.name]  # no half-written leftovers


def test_a_new_recipe_gets_a_new_file(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_file, "RECIPE", "something-else")
    other = model_file.quantized_model(directory=built.parent)
    assert other != built and other.is_file()
    assert other.read_bytes() == built.read_bytes()  # same recipe steps: the build is deterministic


def test_an_unwritable_cache_still_gives_a_model(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    path = model_file.quantized_model(directory=blocker / "cache")
    assert path.is_file() and not str(path).startswith(str(blocker))


def test_int8_vectors_stay_close_to_the_float_products(built: Path) -> None:
    quantized = Embedder(built, threads=1).embed(TEXTS)
    floating = Embedder(model_file.source_model(), threads=1).embed(TEXTS)
    cosines = np.sum(quantized * floating, axis=1)
    assert cosines.min() > 0.95, cosines


def test_the_default_embedder_runs_the_int8_model(monkeypatch: pytest.MonkeyPatch, built: Path) -> None:
    monkeypatch.setenv("STEADYHEART_CACHE_DIR", str(built.parent))
    vectors = Embedder(threads=1).embed(TEXTS)
    assert np.array_equal(vectors, Embedder(built, threads=1).embed(TEXTS))


def test_a_text_gets_the_same_vector_alone_or_in_any_batch() -> None:
    embedder = Embedder(threads=1)
    alone = np.stack([embedder.embed_one(t) for t in TEXTS])
    assert np.array_equal(embedder.embed(TEXTS), alone)
    assert np.array_equal(embedder.embed(list(reversed(TEXTS)))[::-1], alone)
