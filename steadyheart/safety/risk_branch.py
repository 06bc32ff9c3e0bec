"""The risk branch: MiniLM's top two layers fine-tuned on the project's written messages, with a head for three
probabilities (any risk: tier ambiguous or above; crisis: elevated or above; imminent).

It reads the hidden states that the shared embedding pass leaves after its first four layers
(`Embedder.trunk_state`), so a message still runs through the transformer once: the branch adds its two
layers (about 1 ms) instead of a second model. Fitted by evals/train_risk_branch.py on the dev split of
evals/data/safety and data/risk_examples.yaml (never a held-out round, never dataset text), exported to
ONNX with int8 products like the embedder. A linear model over the frozen embedding (model.py) could not
tell a plan said in new words from ordinary worry; fine-tuning the layers that make the representation
could (docs/safety.md, "risk branch"). When the file is absent, or a vector came with no text and was not
made by a recent pass of the shared embedder, triage falls back to model.py. Imports numpy, onnxruntime, steadyheart.errors, .model and (at first use) the shared embedder.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from steadyheart.errors import ContentError
from steadyheart.safety.model import RiskScores

DATA = Path(__file__).parent / "data"
BRANCH_PATH = DATA / "risk_branch.onnx"
#: What the branch was trained on: the embedding model's id and the trunk depth (they must match at run time).
META_PATH = DATA / "risk_branch.json"
#: Chosen by leave-rounds-out on new authors (`python evals/train_risk_branch.py --cv`, docs/safety.md),
#: never on a held-out round.
CRISIS_THRESHOLD = 0.8
CHECK_THRESHOLD = 0.7
IMMINENT_THRESHOLD = 0.5


@dataclass(frozen=True)
class RiskBranch:
    session: Any
    input_name: str

    def scores(self, state: npt.NDArray[np.float32]) -> RiskScores:
        """The three probabilities for one message's trunk states (tokens x dim)."""
        hidden = np.asarray(state, dtype=np.float32)[None, :, :]
        any_risk, crisis, imminent = (float(p) for p in self.session.run(None, {self.input_name: hidden})[0][0])
        return RiskScores(any_risk=any_risk, crisis=crisis, imminent=imminent)


def load_branch(path: Path, meta_path: Path | None = None) -> RiskBranch:
    """The branch in `path`; refuses one trained on another embedding model or trunk depth."""
    import onnxruntime as ort

    from steadyheart.understanding.embedder import TRUNK_LAYERS
    from steadyheart.understanding.model_file import model_id

    meta_path = meta_path or path.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one message at a time, like the embedder
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own types (InvalidProtobuf, Fail ...), json ValueError
        raise ContentError(f"The safety risk branch {path.name} cannot be read: {exc}") from exc
    if meta.get("model_id") != model_id() or meta.get("trunk_layers") != TRUNK_LAYERS:
        raise ContentError(f"The safety risk branch {path.name} was trained on another embedding model "
                           f"({meta.get('model_id')}, {meta.get('trunk_layers')} layers): retrain it with "
                           "evals/train_risk_branch.py.")
    return RiskBranch(session=session, input_name=session.get_inputs()[0].name)


_lock = threading.Lock()
_branch: RiskBranch | None = None
_loaded = False
#: The last message's scores: triage asks for them twice when a found crisis may be happening now.
_last: tuple[RiskBranch, bytes, RiskScores] | None = None


def risk_branch() -> RiskBranch | None:
    """The shipped branch, loaded once; None when its file is absent."""
    global _branch, _loaded
    if not _loaded:
        with _lock:
            if not _loaded:
                _branch = load_branch(BRANCH_PATH, META_PATH) if BRANCH_PATH.is_file() else None
                _loaded = True
    return _branch


def use_branch(branch: RiskBranch | None, *, off: bool = False) -> None:
    """Replace the loaded branch (leave-rounds-out evaluation fits one per fold); None goes back to the
    shipped file, and `off` runs without a branch (the linear model alone, for comparison)."""
    global _branch, _loaded
    with _lock:
        _branch, _loaded = branch, branch is not None or off


def branch_scores(vector: npt.NDArray[np.float32], text: str | None = None) -> RiskScores | None:
    """The branch's probabilities for the message whose shared-pass vector this is; None without a branch.
    The trunk states come from the embedder's memory of its recent passes; when the vector is not among
    them (a caller that embedded many messages first), `text` is embedded again, else None."""
    global _last
    branch = risk_branch()
    if branch is None:
        return None
    key = np.asarray(vector, dtype=np.float32).tobytes()
    last = _last
    if last is not None and last[0] is branch and last[1] == key:
        return last[2]
    from steadyheart.understanding.embedder import get_embedder

    embedder = get_embedder()
    state = embedder.trunk_state(vector)
    if state is None and text is not None:
        state = embedder.trunk_state(embedder.embed_one(text))
    if state is None:
        return None
    scores = branch.scores(state)
    _last = (branch, key, scores)
    return scores
