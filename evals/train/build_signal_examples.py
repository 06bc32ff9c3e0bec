"""Embed the project-written example phrases of data/signal_examples.yaml for the signals back-off.

Nothing is fitted: the vectors are the shipped embedder's output for each phrase, stored with the
label they stand for, the sha256 of the YAML they came from and the embedding model's id (loading
refuses a file that matches neither).

    /work/venv/bin/python evals/train/build_signal_examples.py

Writes steadyheart/understanding/weights/signal_examples.npz.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import sources

from steadyheart.understanding.embedder import get_embedder
from steadyheart.understanding.lexicon import DATA_DIR, signal_examples
from steadyheart.understanding.model_file import model_id

OUT = sources.ROOT / "steadyheart" / "understanding" / "weights" / "signal_examples.npz"


def main() -> None:
    source = DATA_DIR / "signal_examples.yaml"
    examples = signal_examples()
    vectors = get_embedder().embed([e.phrase for e in examples])
    np.savez_compressed(
        OUT,
        vectors=vectors.astype(np.float32),
        kinds=np.array([e.kind for e in examples]),
        labels=np.array([e.label for e in examples]),
        source_sha256=np.array(hashlib.sha256(source.read_bytes()).hexdigest()),
        model_id=np.array(model_id()),
    )
    print(f"{len(examples)} example phrases -> {OUT.relative_to(sources.ROOT)}")


if __name__ == "__main__":
    main()
