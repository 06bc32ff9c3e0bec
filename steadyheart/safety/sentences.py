"""Long messages: the few sentences with the most risk words get their own embedding.

The shared embedding reads a message's first 256 word pieces as one whole, so one sentence about not
wanting to be alive inside a long post about a breakup is diluted (or cut off). For a message over
LONG_WORDS words, triage embeds at most MAX_SENTENCES sentences, those with the most risk cues, and lets
each have the embedding's say on its own. Each costs about 5 ms, so they are capped. Imports re,
numpy, steadyheart.safety.normalize and (lazily) the shared embedder.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from steadyheart.safety.normalize import normalise

LONG_WORDS = 60
MAX_SENTENCES = 3
MIN_WORDS = 4
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
#: Words that make a sentence worth a closer look (not risk by themselves).
_CUES = re.compile(
    r"\b(?:kill|killing|die|dying|dead|death|suicid\w*|alive|live|living|life|exist\w*|gone|disappear\w*|"
    r"burden|point|end|ending|over|anymore|tired|sleep|wake|goodbye|bye|pills?|overdose|rope|bridge|jump|"
    r"knife|gun|blade|cut|cutting|hurt|hurting|harm|bleed\w*|hit|hits|hitting|choke\w*|strangl\w*|threat\w*|"
    r"scared|afraid|terrified|safe|forced?|rape\w*|nobody|no one|nothing|hopeless|worthless|better off|"
    r"without me|enough|tonight|plan|note|letter|wish\w*|relief|forever|permanently|for good|stop|be here|peace\w*)\b"
)


def risky_sentences(text: str) -> tuple[str, ...]:
    """Up to MAX_SENTENCES sentences with the most cues (at least one), in their original order."""
    parts = [p.strip() for p in _SPLIT.split(text) if len(p.split()) >= MIN_WORDS]
    scored = [(len(_CUES.findall(normalise(p))), i) for i, p in enumerate(parts)]
    best = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))[:MAX_SENTENCES]
    return tuple(parts[i] for _, i in sorted(best, key=lambda s: s[1]))


def sentence_vectors(sentences: tuple[str, ...]) -> npt.NDArray[np.float32]:
    """The sentences' embeddings, one run each (triage caches the verdict per message, not these)."""
    from steadyheart.understanding.embedder import get_embedder

    return np.asarray(get_embedder().embed(list(sentences)), dtype=np.float32)
