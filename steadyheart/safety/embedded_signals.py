"""What the message's embedding says, when the patterns found no crisis: a close project example, or the
risk branch (risk_branch.py; the small linear model in model.py when the branch cannot run). Each verdict
names its reason. Imports steadyheart.safety.similarity, .model, .risk_branch, .tiers.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from steadyheart.safety.model import CHECK_THRESHOLD as CHECK_THRESHOLD
from steadyheart.safety.model import CRISIS_THRESHOLD as CRISIS_THRESHOLD
from steadyheart.safety.model import IMMINENT_THRESHOLD as IMMINENT_THRESHOLD
from steadyheart.safety.model import risk_model
from steadyheart.safety.risk_branch import CHECK_THRESHOLD as BRANCH_CHECK
from steadyheart.safety.risk_branch import CRISIS_THRESHOLD as BRANCH_CRISIS
from steadyheart.safety.risk_branch import IMMINENT_THRESHOLD as BRANCH_IMMINENT
from steadyheart.safety.risk_branch import branch_scores
from steadyheart.safety.similarity import (
    INDIRECT_CATEGORIES,
    OTHER_CATEGORY_CHECK,
    nearest_examples,
    nearest_ordinary_score,
    nearest_risk_example,
)
from steadyheart.safety.tiers import Category, Tier

#: The model's verdict also needs a risk example at least this close: a short neutral message
#: ("goodnight") can score high on a linear model while resembling no risk message at all.
#: 0.50 (with CRISIS_THRESHOLD 0.82), chosen by `python evals/safety_gates.py`: at 0.45 the word bag raised
#: elevated+ on 2.1% of ESConv and 2.7% of EmpatheticDialogues everyday messages (session 2: about 1% and
#: 2%); 0.50 keeps them near that at a cost of 0.01 in new-author recall. Session 4, after the refit with
#: round 10 and batches 11a-11f (`python evals/safety_gates.py --posts`): 0.55 would cut elevated+ on
#: ESConv / EmpatheticDialogues train from 1.2% / 2.0% to 0.8% / 1.4%, but it cost 0.012 imminent and 0.017
#: elevated+ recall on the new authors, and r/SuicideWatch posts on SDCNL *train* went 0.610 -> 0.539
#: elevated+ (56 of 787 more missed): missing someone at risk costs more than one extra kind question in a
#: hundred everyday messages, so 0.50 stays.
MIN_SUPPORT = 0.50
#: The same for a gentle check from the model (the any-risk head leans on common words: "let it go for
#: today" scored 0.82 beside an example only 0.50 similar). With CHECK_MARGIN, chosen by
#: `python evals/safety_gates.py --check`: gentle checks on everyday talk 3.8% -> 2.3-2.5% of messages,
#: new authors' crisis messages given at least a gentle check 0.772 -> 0.754.
CHECK_SUPPORT = 0.55
#: A message of four words or fewer ("can we stop") carries too little to go on: a gentle check from the
#: model then needs a risk example at least this close.
SHORT_WORDS = 4
SHORT_SUPPORT = 0.65
#: The model's verdict also needs its supporting example to be about as close as the nearest ordinary
#: one (kNN as a sanity check on a linear score): "my parents divorced and now i expect everyone to
#: leave" scored 0.83 on the crisis model while an ordinary example sat closer than any crisis one.
CRISIS_MARGIN = 0.0
#: A gentle check from the model needs its risk example at least this much closer than the nearest
#: ordinary one: "he doesn't care about me anymore" sat 0.666 from a risk example and 0.656 from an
#: ordinary one, and a thought record was interrupted by the safety question.
CHECK_MARGIN = 0.02
#: The crisis probability an imminent verdict from the model also needs.
IMMINENT_CRISIS = 0.75
#: ... and an imminent example at least this close ("i'm going to drive to my parents' house this weekend"
#: scored 0.96 on the imminent head with nothing imminent in it; it never reaches the crisis threshold).
IMMINENT_SUPPORT = 0.55
#: The risk branch's gates (leave-rounds-out, `python evals/train_risk_branch.py --cv --sweep`, and everyday talk,
#: `--everyday --sweep`; docs/safety.md): its crisis verdict needs a crisis example as close as the linear
#: model's does (0.40 found 0.03 more new-author crisis messages but doubled the false alarms in everyday talk);
#: its imminent verdict needs no imminent example, its own imminent head decides.
BRANCH_MIN_SUPPORT = 0.50
#: Outside suicide and self-harm (partner abuse, harm to others, named by the closest example) the branch must be
#: surer unless the linear model alone would flag it: ordinary conflict ("he yells and I yell back", "he gets
#: angry when I'm on my phone") scored 0.86, and a plain threshold of 0.90 lost abuse the linear model finds.
BRANCH_OTHER_CRISIS = 0.90
#: Between this and BRANCH_OTHER_CRISIS the branch's abuse or harm verdict becomes the gentle check ("do you ever feel
#: afraid of your partner?"), not the abuse reply. Session 12, `python evals/safety_sweeps.py --pool-gates` (this
#: setting against {"BRANCH_OTHER_CHECK": None}) on eight authors no shipped fit has seen (rounds 14-18, batches 14a-c):
#: crisis messages given at least the gentle check 1,166 -> 1,175 of 1,367, ordinary ones 15 -> 15 of 802, ESConv and
#: ED train 0.031 / 0.028 -> 0.031 / 0.029. Ordinary conflict ("he yells and I yell back", "he gets angry when I'm on
#: my phone", 0.88) sits in this band too, and a question about fear fits it better than an alarm.
BRANCH_OTHER_CHECK: float | None = 0.85
BRANCH_IMMINENT_NEEDS_EXAMPLE = False
#: For partner abuse and harm to others, the branch's imminent verdict (no pattern found anything) needs its imminent
#: head at least this sure: at the plain 0.5, ordinary anger ("he yelled at me again and i want to smash his car",
#: p(imminent) 0.61) was told to call the emergency number. `python evals/safety_sweeps.py --other-imminent`.
OTHER_IMMINENT: float | None = 0.9
STRICT_IMMINENT_CATEGORIES = frozenset({Category.PARTNER_ABUSE, Category.HARM_TO_OTHERS})
#: A crisis verdict names the category of the closest crisis example; outside suicide and self-harm
#: (partner abuse, harm to others) that example must be this close, since people and places ("he was
#: at the gym") sit near abuse examples without being risk.
OTHER_CATEGORY_CRISIS = 0.60
# 2026-11-26, by leave-one-round-out with the word-bag model (`python evals/train_safety_model.py --cv`,
# docs/safety.md): IMMINENT_CRISIS 0.90 -> 0.75 and IMMINENT_SUPPORT 0.70 -> 0.55 (they only turn the
# model's elevated verdicts imminent); MIN_SUPPORT went 0.55 -> 0.45, then back to 0.50 (above). OTHER_CATEGORY_CRISIS at 0.50 gained more
# elevated+ recall under --cv but flagged "I have to go to work" and "I think I need to call my sister" as
# partner abuse in the multi-turn scripts: it stays at 0.60.

#: When the branch is this sure of both crisis and imminent, its crisis example may be this loosely similar (a plan
#: told in words no example shares: "stockpiled my sertraline since march, the date is set" sat 0.48 from one),
#: unless the message only closes the chat: the branch reads "thanks for chatting, have a good day" as a last
#: goodbye, and at this looser gate ESConv's closing turns became imminent.
BRANCH_SURE = 0.90
BRANCH_SURE_SUPPORT = 0.45
#: Thanks, wishes and leave-taking addressed to the chat, with nothing of a last goodbye in them.
_CHAT_CLOSING = re.compile(
    r"\b(?:thank(?:s| you)|thx|ty|bye|goodbye|see (?:you|ya)|take care|stay (?:safe|well)|have a (?:good|great|nice|"
    r"wonderful|lovely|blessed) (?:day|night|evening|weekend|one|new year|time)|(?:ending|end|leave|leaving|exit|exiting) "
    r"(?:the |this )?chat|i (?:think i )?(?:am|will) (?:done|go|log off|sign off|exit)|talk (?:soon|later|tomorrow)|"
    r"good ?night|(?:i|i have|i need|i have got|i got) (?:to|gotta) (?:go|run|head off|head out|get going|sleep|get some sleep)|"
    r"(?:gotta|got to|have to|need to) (?:go|run|head off|get going)(?: now)?$|(?:off|going|heading|time) to (?:bed|sleep)|"
    r"talk to (?:you|u) (?:later|tomorrow|soon))\b"
)
#: A chat closing gets the gentle check only from an example this close: "ok i have to go now, bye" sat 0.60 from
#: "ok im done. bye" with the branch at 0.87, and a person leaving for the evening was asked about suicide.
CLOSING_CHECK_SUPPORT = 0.70
_LAST_GOODBYE = re.compile(
    r"\b(?:for everything|love you all|forgive|i am sorry|sorry for|forever|last (?:time|message|words)|not be (?:here|around|"
    r"alive)|will not (?:be|see)|never see|by the time|anymore|any more|after (?:tonight|today)|die|dead|death|kill|suicid\w*|"
    r"end (?:it|my life|things)|pills|overdose|rope|bridge|jump|gone|better off|burden|no longer)\b"
)


def closes_the_chat(norm: str) -> bool:
    return bool(_CHAT_CLOSING.search(norm)) and not _LAST_GOODBYE.search(norm)


def embedding_verdict(
    embedding: npt.NDArray[np.float32], words: int = SHORT_WORDS + 1, norm: str = "", text: str | None = None
) -> tuple[Tier, Category | None, str] | None:
    """(tier, category, evidence) from similarity and the risk model, the higher of the two; or None.
    `words` is the message's length in words (short messages need a closer example); `norm` is its
    normalised text, for the model's word bag; `text` the message itself, for the risk branch."""
    verdicts: list[tuple[Tier, Category | None, str]] = []
    near = nearest_examples(embedding)
    if near is not None:
        verdicts.append((near.tier, near.category, f"close to example {near.example!r} ({near.score:.2f})"))
    model = risk_model()
    closest = nearest_risk_example(embedding)
    crisis_like = nearest_risk_example(embedding, Tier.ELEVATED)
    # the fine-tuned branch when the vector came from the shared pass; else the linear model
    branch = branch_scores(embedding, text) if closest is not None and crisis_like is not None else None
    if branch is not None:
        scores, crisis_at, check_at, imminent_at, source = branch, BRANCH_CRISIS, BRANCH_CHECK, BRANCH_IMMINENT, "branch"
    elif model is not None:
        scores = model.scores(embedding, norm)
        crisis_at, check_at, imminent_at, source = CRISIS_THRESHOLD, CHECK_THRESHOLD, IMMINENT_THRESHOLD, "model"
    if (branch is not None or model is not None) and closest is not None and crisis_like is not None:
        min_support = BRANCH_MIN_SUPPORT if branch is not None else MIN_SUPPORT
        support_at = min_support + 0.05
        if branch is not None and min(branch.crisis, branch.imminent) >= BRANCH_SURE and not closes_the_chat(norm):
            support_at = min(support_at, BRANCH_SURE_SUPPORT)
        supported = crisis_like.score >= support_at and (
            crisis_like.category in INDIRECT_CATEGORIES or crisis_like.score >= OTHER_CATEGORY_CRISIS
        )
        cues = f", words {', '.join(repr(w) for w in scores.words)}" if scores.words else ""
        why = (f"risk {source} p(crisis)={scores.crisis:.2f} p(imminent)={scores.imminent:.2f}{cues}, "
               f"nearest example {crisis_like.example!r} ({crisis_like.score:.2f})")
        ordinary = nearest_ordinary_score(embedding)
        if words <= SHORT_WORDS:
            supported = supported and crisis_like.score >= SHORT_SUPPORT
        supported = supported and crisis_like.score >= ordinary + CRISIS_MARGIN
        # abuse or harm to others that the linear model alone would not flag: the branch must be surer
        held_to_other = branch is not None and crisis_like.category not in INDIRECT_CATEGORIES and model is not None and (
            model.scores(embedding, norm).crisis < CRISIS_THRESHOLD)
        if held_to_other:
            crisis_at = max(crisis_at, BRANCH_OTHER_CRISIS)  # what the linear model found alone is kept
        if scores.crisis >= crisis_at and supported:
            # imminent from the model alone needs a confident crisis score too ("see you tomorrow" and
            # "going to crash early tonight" lean towards timing words without any risk in them)
            sure = (scores.crisis >= IMMINENT_CRISIS and words > SHORT_WORDS and (
                (crisis_like.tier is Tier.IMMINENT and crisis_like.score >= IMMINENT_SUPPORT)
                or (branch is not None and not BRANCH_IMMINENT_NEEDS_EXAMPLE)))
            if branch is not None and crisis_like.category in STRICT_IMMINENT_CATEGORIES and OTHER_IMMINENT is not None:
                imminent_at = max(imminent_at, OTHER_IMMINENT)
            tier = Tier.IMMINENT if sure and scores.imminent >= imminent_at else Tier.ELEVATED
            verdicts.append((tier, crisis_like.category, why))
        elif held_to_other and BRANCH_OTHER_CHECK is not None and supported and scores.crisis >= BRANCH_OTHER_CHECK:
            # the branch leans to abuse or harm but not surely enough for the abuse reply: ask gently about fear
            verdicts.append((Tier.AMBIGUOUS, crisis_like.category, why))
        elif scores.any_risk >= check_at and closest.score >= (
            SHORT_SUPPORT if words <= SHORT_WORDS else CHECK_SUPPORT
        ) and closest.score >= ordinary + CHECK_MARGIN and not (
            closes_the_chat(norm) and closest.score < CLOSING_CHECK_SUPPORT
        ) and (
            closest.category in INDIRECT_CATEGORIES or closest.score >= OTHER_CATEGORY_CHECK
        ):
            why = (f"risk {source} p(any risk)={scores.any_risk:.2f}{cues}, nearest example {closest.example!r} "
                   f"({closest.score:.2f})")
            verdicts.append((Tier.AMBIGUOUS, closest.category, why))
    if not verdicts:
        return None
    return max(verdicts, key=lambda v: v[0].rank)
