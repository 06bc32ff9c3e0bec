"""Deterministic checks on an LLM reply, so a reply that strays from the plan never reaches a person.

Checked while streaming (as early as possible): length and the one-question rule. Checked at the end:
not empty, a question when the plan asks one, the AI identity when the plan answers "are you human?",
no promise about the partner's mind or the relationship (the reassurance loop), no sentence said in the
last replies (the canned-repetition complaint), no leftover placeholders or
template tokens. The safety guard runs after these, in the pipeline.
Imports errors, responders.base and the prompt's Requirements.
"""

from __future__ import annotations

import re

from steadyheart.errors import ResponderError
from steadyheart.responders.base import normalise_sentence, split_sentences
from steadyheart.responders.prompt import Requirements

_QUESTION = re.compile(r"\?+")
_AI_IDENTITY = re.compile(r"\b(?:an? )?AI\b|artificial intelligence|not (?:a )?(?:real )?(?:person|human)|a (?:computer )?program",
                          re.IGNORECASE)
#: Promises about the partner's mind or the relationship's future: the reassurance that keeps the loop going.
_PARTNER = r"\b(?:he|she|they|your (?:partner|boyfriend|girlfriend|husband|wife))"
_PROMISE = re.compile(
    _PARTNER + r"(?:\s+is|'s|'re|\s+are|\s+does)?\s+(?:definitely |surely |certainly |obviously |probably |still |really )*"
    r"(?:loves?|cares? about|adores?|misses|not cheating|isn't cheating|aren't cheating|would never (?:cheat|leave))\b"
    r"|" + _PARTNER + r"(?:'ll|\s+will)\s+(?:definitely |surely )?(?:text|call|reply|answer|come back|message)\b"
    r"|\b(?:everything|it all|your relationship|you two) (?:will|'ll|is going to) (?:be )?(?:fine|okay|ok|alright|work out)"
    r"|\byour relationship is (?:fine|okay|safe|solid)",
    re.IGNORECASE,
)
_LEFTOVER = re.compile(r"\[(?:NAME|EMAIL|PHONE|ADDRESS|URL)_\d+\]|<\||\|>|^\s*(?:system|assistant|user)\s*:",
                       re.IGNORECASE | re.MULTILINE)


class ReplyChecker:
    def __init__(self, requirements: Requirements, max_chars: int, recent_sentences: frozenset[str] = frozenset()) -> None:
        self.requirements = requirements
        self.max_chars = max_chars
        self.recent_sentences = recent_sentences

    def check_partial(self, text: str) -> None:
        """Called with the reply so far after every chunk."""
        if len(text) > self.max_chars:
            raise ResponderError(f"The model's reply ran past {self.max_chars} characters.", reason="too_long")
        if len(_QUESTION.findall(text)) > 1:
            raise ResponderError("The model asked more than one question.", reason="off_plan")

    def check_final(self, text: str) -> None:
        self.check_partial(text)
        if not text.strip():
            raise ResponderError("The model sent an empty reply.", reason="empty")
        if self.requirements.question and not _QUESTION.search(text):
            raise ResponderError("The plan asks a question and the model's reply has none.", reason="off_plan")
        if self.requirements.ai_identity and not _AI_IDENTITY.search(text):
            raise ResponderError("The reply had to say it comes from an AI and did not.", reason="off_plan")
        if _PROMISE.search(text):
            raise ResponderError("The model promised what the partner feels or will do.", reason="reassurance")
        if any(normalise_sentence(s) in self.recent_sentences for s in split_sentences(text) if len(s) > 12):
            raise ResponderError("The model repeated a sentence from a recent reply.", reason="repeat")
        if _LEFTOVER.search(text):
            raise ResponderError("The model's reply has template markers or unknown placeholders.", reason="off_plan")
