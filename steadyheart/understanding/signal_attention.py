"""The signal head's attention model: for each of the 27 labels, attention pooling over the hidden states the
shared embedding pass leaves after its first layers (`Embedder.trunk_state`), added to a logistic regression
over the sentence embedding and a word bag. Numpy only; fitted by evals/train/train_signal_attention.py.

The file also carries the word weights of the linear recipe (train_signal_heads.py) fitted on the same
messages: with_head's word-logit floors and evidence read those, not the model's own (see `AttentionWeights`).
signal_head.py decides when this model runs. May import numpy, steadyheart.errors, the embedder's TRUNK_LAYERS
and model_file only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from steadyheart.errors import ContentError
from steadyheart.understanding.embedder import TRUNK_LAYERS
from steadyheart.understanding.model_file import model_id

ATTENTION_WEIGHTS = Path(__file__).parent / "weights" / "signal_attention.npz"
Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class AttentionWeights:
    """The fitted model; labels are (kind, name), rows of the word matrices follow `vocabulary`."""

    labels: tuple[tuple[str, str], ...]
    vocabulary: dict[str, int]
    embedding_weights: Array  # (384, labels)
    word_weights: Array  # (vocabulary, labels), times the bag scale: the model's own
    bias: Array
    query: Array  # (384, labels): each label's attention over the tokens
    out: Array  # (384, labels): each label's reading of its pooled state
    #: The linear recipe's word weights on the same vocabulary. Fitted beside the token term, the model's own
    #: word weights shrink and the floors would block nearly every label; with these the guards behave as they
    #: did for the linear head (the study, evals/train/study_signal_models.py, "words a").
    guard_word_weights: Array
    threshold: float

    def logits(self, rows: list[int], vector: Array, state: Array) -> Array:
        """Each label's logit for a message whose word-bag rows, vector and trunk states (tokens x 384) these are."""
        words_part = self.word_weights[rows].sum(axis=0) if rows else np.zeros(len(self.labels), np.float32)
        scores = state @ self.query  # (tokens, labels)
        alpha = np.exp(scores - scores.max(axis=0))
        alpha /= alpha.sum(axis=0)
        pooled_out = np.einsum("tl,tl->l", alpha, state @ self.out)  # sum_t alpha_tl * (h_t . out_l)
        return np.asarray(vector @ self.embedding_weights + self.bias + words_part + pooled_out, dtype=np.float32)


@cache
def attention_weights(path: Path = ATTENTION_WEIGHTS) -> AttentionWeights:
    """The model in `path`; refuses one fitted on another embedding model or trunk depth."""
    try:
        with np.load(path) as data:
            fields = {key: data[key] for key in data.files}
        labels = tuple(tuple(str(x).split(":", 1)) for x in fields["labels"])
        vocabulary = [str(w) for w in fields["vocab"]]
        model, layers = str(fields["model_id"]), int(fields["trunk_layers"])
        arrays = {k: np.ascontiguousarray(fields[k], dtype=np.float32)
                  for k in ("embedding", "words", "bias", "query", "out", "guard_words")}
        threshold = float(fields["threshold"])
    except (OSError, KeyError, ValueError) as error:
        raise ContentError(f"The signal attention model {path.name} could not be loaded ({error}).") from error
    if model != model_id() or layers != TRUNK_LAYERS:
        raise ContentError(f"{path.name} was fitted on another embedding model ({model}, {layers} trunk layers; "
                           f"this one is {model_id()}, {TRUNK_LAYERS}): run evals/train/train_signal_attention.py.")
    columns = len(labels)
    if (any(len(x) != 2 for x in labels) or arrays["bias"].shape != (columns,)
            or any(arrays[k].shape != (384, columns) for k in ("embedding", "query", "out"))
            or any(arrays[k].shape != (len(vocabulary), columns) for k in ("words", "guard_words"))):
        raise ContentError(f"{path.name} is malformed: run evals/train/train_signal_attention.py.")
    return AttentionWeights(
        labels=labels,  # type: ignore[arg-type]
        vocabulary={w: i for i, w in enumerate(vocabulary)},
        embedding_weights=arrays["embedding"],
        word_weights=arrays["words"],
        bias=arrays["bias"],
        query=arrays["query"],
        out=arrays["out"],
        guard_word_weights=arrays["guard_words"],
        threshold=threshold,
    )
