"""Embedding choices in triage, as the figures that chose them (docs/safety.md, sessions 8 and 9).

    python evals/safety_sweeps.py --means         # the means-question threshold and margin (means_questions.py)
    python evals/safety_sweeps.py --sure-branch   # the risk branch's looser gate when sure, with and without the
                                                  # chat-closing exclusion (embedded_signals.py)
    python evals/safety_sweeps.py --branch-raise  # crisis already found made imminent when the branch is sure
                                                  # (triage.BRANCH_RAISES_FOUND_CRISIS, session 9)
    python evals/safety_sweeps.py --means-context # what counts as risk around a means question: the branch on the
                                                  # earlier messages, distress alone for a close everyday question
                                                  # (triage.CONTEXT_BRANCH_RISK, ASKED_LIKE_DISTRESS; session 10)
    python evals/safety_sweeps.py --other-imminent # how sure the branch must be to make partner abuse or harm to
                                                  # others imminent alone (embedded_signals.OTHER_IMMINENT; session 10)
    python evals/safety_sweeps.py --branch-file DIR/risk_branch.onnx  # a refit branch beside the shipped one
    python evals/safety_sweeps.py --check-gates   # looser gentle-check gates (measured, not shipped; session 9)
    python evals/safety_sweeps.py --pool-gates [--branch-file F] [--posts N]  # looser crisis gates for the branch on the eight
                                                  # authors no shipped fit has seen (rounds 14-18, batches 14a-c) and
                                                  # on everyday talk (ESConv and ED *train*; session 12, not shipped)
    python evals/safety_sweeps.py --unshipped     # what two rules not shipped would raise: the branch alone, with
                                                  # no supporting example, and partner abuse by example
                                                  # (evals/data/prototypes/abuse_disclosures.yaml; session 9)

Measured on: the dev rounds (imminent messages found, messages of another tier raised to imminent), batches
14a-c (never fitted or read; these figures helped choose, so they flatter the shipped settings) and, for the
gate, ESConv and EmpatheticDialogues *valid* (dev-only data; session 8 chose on these reporting splits, as
docs/safety.md says). Never reads the held-out round. Each setting is applied by changing the module constant for
the run only.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import safety  # evals/safety.py
import safety_real  # evals/safety_real.py

from steadyheart.safety import embedded_signals, means_questions
from steadyheart.safety.tiers import Category, Tier, Triage
from steadyheart.safety.triage import triage

#: the module, whose caches keyed on text must be emptied between settings
TRIAGE = importlib.import_module("steadyheart.safety.triage")

SHARED = safety.SHARED
MEANS_GRID = ((0.62, 0.05), (0.58, 0.03), (0.55, 0.03), (0.50, 0.0))
SUPPORT_GRID = (0.55, 0.45, 0.40)


def _cases(split: str) -> tuple[list[safety.Case], list[object]]:
    cases = safety.load_cases(split)
    return cases, safety._embeddings([c.text for c in cases])


def _imminent(cases: list[safety.Case], vectors: list[object]) -> str:
    _forget()
    tiers = [triage(c.text, c.context, v).tier for c, v in zip(cases, vectors, strict=True)]  # type: ignore[arg-type]
    found = sum(t is Tier.IMMINENT for c, t in zip(cases, tiers, strict=True) if c.tier is Tier.IMMINENT)
    raised = sum(t is Tier.IMMINENT for c, t in zip(cases, tiers, strict=True) if c.tier is not Tier.IMMINENT)
    crisis = [t.is_crisis for c, t in zip(cases, tiers, strict=True) if c.tier.is_crisis]
    total = sum(c.tier is Tier.IMMINENT for c in cases)
    return f"imminent {found}/{total}, elevated+ {sum(crisis)}/{len(crisis)}, other tiers raised to imminent {raised}"


def _forget() -> None:
    TRIAGE._long_message_verdict.cache_clear()
    TRIAGE._embedded_context_risk.cache_clear()


class _Everyday:
    """ESConv valid seeker turns (triaged with their dialogue as context) and EmpatheticDialogues valid situations,
    embedded once; triaged again on each call, under whatever settings are in force."""

    def __init__(self) -> None:
        self.dialogues = safety_real.esconv_dialogues(SHARED / "esconv", "valid")
        self.esconv = [t for d in self.dialogues for t in d]
        self.situations = [r["situation"] for r in safety_real._read(
            SHARED / "empathetic_dialogues" / "ed_situation_emotion_valid.csv") if r.get("situation")]
        self.esconv_vectors, self.ed_vectors = safety._embeddings(self.esconv), safety._embeddings(self.situations)

    def triages(self) -> tuple[list[Triage], list[Triage]]:
        _forget()
        esconv = [t for d in safety_real.triage_dialogues(self.dialogues, self.esconv_vectors) for t in d]
        ed = [triage(s, (), v) for s, v in zip(self.situations, self.ed_vectors, strict=True)]
        return esconv, ed

    def __call__(self) -> str:
        esconv, ed = self.triages()
        return (f"ESConv valid elevated+ {sum(t.tier.is_crisis for t in esconv)}/{len(esconv)} "
                f"(imminent {sum(t.tier is Tier.IMMINENT for t in esconv)}, ambiguous+ "
                f"{sum(t.tier is not Tier.NONE for t in esconv)}); ED valid elevated+ "
                f"{sum(t.tier.is_crisis for t in ed)}/{len(ed)} (imminent {sum(t.tier is Tier.IMMINENT for t in ed)}, "
                f"ambiguous+ {sum(t.tier is not Tier.NONE for t in ed)})")


def _everyday() -> _Everyday:
    return _Everyday()


def sweep_means() -> None:
    dev, unfitted = _cases("dev"), _cases("unfitted")
    shipped = (means_questions.THRESHOLD, means_questions.MARGIN)
    for threshold, margin in ((1.1, 0.0), *MEANS_GRID):
        means_questions.THRESHOLD, means_questions.MARGIN = threshold, margin
        name = "off" if threshold > 1 else f"{threshold:.2f} / {margin:.2f}"
        print(f"means {name:12} dev: {_imminent(*dev)}; batches 14a-c: {_imminent(*unfitted)}", flush=True)
    means_questions.THRESHOLD, means_questions.MARGIN = shipped


def sweep_sure_branch() -> None:
    unfitted, everyday = _cases("unfitted"), _everyday()
    shipped, closes = embedded_signals.BRANCH_SURE_SUPPORT, embedded_signals.closes_the_chat
    for exclusion in (True, False):
        embedded_signals.closes_the_chat = closes if exclusion else (lambda norm: False)
        for support in SUPPORT_GRID:
            embedded_signals.BRANCH_SURE_SUPPORT = support
            print(f"support {support:.2f}, chat closings {'excluded' if exclusion else 'included'}: batches 14a-c "
                  f"{_imminent(*unfitted)}; {everyday()}", flush=True)
    embedded_signals.BRANCH_SURE_SUPPORT, embedded_signals.closes_the_chat = shipped, closes


def sweep_branch_raise() -> None:
    """On and off: dev (fitted), round 15 (never fitted: its messages were held out while the branch was trained)
    and batches 14a-c (never fitted), and the everyday datasets (only the imminent share can move)."""
    splits = {name: _cases(name) for name in ("dev", "dev_round15", "unfitted")}
    everyday, shipped = _everyday(), TRIAGE.BRANCH_RAISES_FOUND_CRISIS
    for on in (False, True):
        TRIAGE.BRANCH_RAISES_FOUND_CRISIS = on
        found = "; ".join(f"{name}: {_imminent(*cases)}" for name, cases in splits.items())
        print(f"branch raise {'on ' if on else 'off'}: {found}; {everyday()}", flush=True)
    TRIAGE.BRANCH_RAISES_FOUND_CRISIS = shipped


MEANS_CONTEXT_GRID = ((None, None), (None, 0.64), (0.7, None), (0.5, None), (0.7, 0.64), (0.5, 0.64))


def sweep_means_context() -> None:
    """Round 16 (dev from session 10, never fitted), batches 14a-c (never fitted or read), the other dev rounds, and
    the everyday datasets, whose ESConv turns carry their dialogue as context."""
    splits = {name: _cases(name) for name in ("dev_round16", "unfitted", "dev")}
    everyday = _everyday()
    shipped = (TRIAGE.CONTEXT_BRANCH_RISK, TRIAGE.ASKED_LIKE_DISTRESS)
    for branch, close in MEANS_CONTEXT_GRID:
        TRIAGE.CONTEXT_BRANCH_RISK, TRIAGE.ASKED_LIKE_DISTRESS = branch, close
        found = "; ".join(f"{name}: {_imminent(*cases)}" for name, cases in splits.items())
        print(f"branch on context {branch}, distress enough at {close}: {found}; {everyday()}", flush=True)
    TRIAGE.CONTEXT_BRANCH_RISK, TRIAGE.ASKED_LIKE_DISTRESS = shipped


def sweep_other_imminent() -> None:
    """Round 16 (never fitted), batches 14a-c and k10 (never fitted), dev, and the everyday datasets."""
    splits = {name: _cases(name) for name in ("dev_round16", "unfitted", "written_k10", "dev")}
    everyday, shipped = _everyday(), embedded_signals.OTHER_IMMINENT
    for setting in (None, 0.8, 0.9):
        embedded_signals.OTHER_IMMINENT = setting
        found = "; ".join(f"{name}: {_imminent(*cases)}" for name, cases in splits.items())
        print(f"other-category imminent at {setting or 'the plain threshold'}: {found}; {everyday()}", flush=True)
    embedded_signals.OTHER_IMMINENT = shipped


def compare_branch(path: Path) -> None:
    """The shipped risk branch and the one at `path` (e.g. a refit by train_risk_branch.py --out), on round 16 (never
    fitted), batches 14a-c and k10 (never fitted), and the everyday datasets. Nothing is written."""
    from steadyheart.safety import risk_branch

    splits = {name: _cases(name) for name in ("dev_round16", "unfitted", "written_k10")}
    everyday = _everyday()
    for name, branch in (("shipped", None), (str(path), risk_branch.load_branch(path))):
        risk_branch.use_branch(branch)  # None: the shipped file, loaded again on first use
        found = "; ".join(f"{split}: {_imminent(*cases)}" for split, cases in splits.items())
        print(f"branch {name}: {found}; {everyday()}", flush=True)
    risk_branch.use_branch(None)


#: Rounds and batches that no shipped fit (examples, linear model, risk branch) has seen: rounds 14-18 are left out of
#: the examples (build_safety_examples.LEFT_OUT) and the branch was fitted before they existed (session 7).
POOL = ("dev_round14", "dev_round15", "dev_round16", "dev_round17", "dev_round18", "unfitted")
#: Session 12's looser crisis gates, one at a time and together (embedded_signals.py).
POOL_GATES: tuple[dict[str, float | None], ...] = (
    {"BRANCH_OTHER_CHECK": None},
    {"CRISIS_MARGIN": -0.05},
    {"OTHER_CATEGORY_CRISIS": 0.55},
    {"BRANCH_OTHER_CRISIS": 0.85},
    {"BRANCH_MIN_SUPPORT": 0.45},
    {"CRISIS_MARGIN": -0.05, "BRANCH_OTHER_CRISIS": 0.85},
    {"CRISIS_MARGIN": -0.05, "BRANCH_OTHER_CRISIS": 0.85, "OTHER_CATEGORY_CRISIS": 0.55},
)


def _share(tiers: list[Tier], crisis: bool) -> str:
    return f"{sum(t.is_crisis if crisis else t is not Tier.NONE for t in tiers) / len(tiers):.3f}"


def sweep_pool_gates(branch_file: Path | None, posts: int) -> None:
    """The shipped gates and POOL_GATES on the pool of unseen authors (imminent and elevated+ recall, ordinary messages
    raised to elevated+) and on ESConv and ED *train* (dev-only: elevated+ share), for the shipped branch; for another
    branch (a refit), the shipped gates only. With `posts`, also r/SuicideWatch and r/depression posts given suicide or
    self-harm at elevated+ among the first `posts` posts of SDCNL *train* (dev-only)."""
    from safety_gates import everyday_talk, post_recall, suicide_posts
    from train_safety_model import gates

    from steadyheart.safety import risk_branch

    if branch_file is not None:
        risk_branch.use_branch(risk_branch.load_branch(branch_file))
    cases = [c for split in POOL for c in safety.load_cases(split)]
    conversation, situations = everyday_talk()
    sdcnl, suicidal = suicide_posts() if posts else ([], [])
    sdcnl, suicidal = sdcnl[:posts], suicidal[:posts]
    texts = sorted({c.text for c in cases} | {t for t, _ in conversation} | set(situations) | set(sdcnl))
    vectors = dict(zip(texts, safety._embeddings(texts), strict=True))
    print(f"branch {branch_file or 'shipped'}; {len(cases)} pool messages, {len(conversation)} ESConv turns, "
          f"{len(situations)} ED situations", flush=True)
    for setting in ({}, *(POOL_GATES if branch_file is None else ())):
        with gates(setting):
            tiers = [(c, triage(c.text, c.context, vectors[c.text]).tier) for c in cases]
            esconv = [triage(t, ctx, vectors[t]).tier for t, ctx in conversation]
            ed = [triage(t, (), vectors[t]).tier for t in situations]
            watch = ("; r/SuicideWatch / r/depression elevated+ {:.3f} / {:.3f}".format(
                *post_recall(sdcnl, suicidal, vectors)) if posts else "")
        imminent = sum(t is Tier.IMMINENT for c, t in tiers if c.tier is Tier.IMMINENT)
        crisis = [t for c, t in tiers if c.tier.is_crisis]
        ordinary = [t for c, t in tiers if c.tier is Tier.NONE and c.tags[:1] == ("ordinary",)]
        print(f"  {setting or 'shipped gates'!s:60} imminent {imminent}, elevated+ {sum(t.is_crisis for t in crisis)}, "
              f"checked {sum(t is not Tier.NONE for t in crisis)} of {len(crisis)}; ordinary elevated+ "
              f"{sum(t.is_crisis for t in ordinary)}, checked {sum(t is not Tier.NONE for t in ordinary)} of {len(ordinary)}; "
              f"ESConv / ED elevated+ {_share(esconv, True)} / {_share(ed, True)}, checked {_share(esconv, False)} / "
              f"{_share(ed, False)}{watch}", flush=True)
    risk_branch.use_branch(None)


def _checked(cases: list[safety.Case], vectors: list[object]) -> str:
    _forget()
    tiers = [triage(c.text, c.context, v).tier for c, v in zip(cases, vectors, strict=True)]  # type: ignore[arg-type]
    crisis = [t is not Tier.NONE for c, t in zip(cases, tiers, strict=True) if c.tier.is_crisis]
    none_ambiguous = sum(t is Tier.NONE for c, t in zip(cases, tiers, strict=True) if c.tier is Tier.AMBIGUOUS)
    flagged = sum(t is not Tier.NONE for c, t in zip(cases, tiers, strict=True) if c.tier is Tier.NONE)
    return (f"crisis at least checked {sum(crisis)}/{len(crisis)}, ambiguous scored none {none_ambiguous}, "
            f"none flagged {flagged}")


def sweep_check_gates() -> None:
    """The gentle check's gates loosened one at a time: the abuse and harm categories' closeness
    (OTHER_CATEGORY_CHECK) and the branch's any-risk threshold (BRANCH_CHECK)."""
    splits = {name: _cases(name) for name in ("dev_round15", "unfitted")}
    everyday = _everyday()
    shipped = (embedded_signals.OTHER_CATEGORY_CHECK, embedded_signals.BRANCH_CHECK)
    for name, values in (("OTHER_CATEGORY_CHECK", (0.70, 0.65, 0.60)), ("BRANCH_CHECK", (0.7, 0.6))):
        for value in values:
            setattr(embedded_signals, name, value)
            found = "; ".join(f"{split}: {_checked(*cases)}" for split, cases in splits.items())
            print(f"{name} {value:.2f}: {found}; {everyday()}", flush=True)
        embedded_signals.OTHER_CATEGORY_CHECK, embedded_signals.BRANCH_CHECK = shipped


PROTOTYPE = Path(__file__).parent / "data" / "prototypes" / "abuse_disclosures.yaml"
ABUSE_GRID = ((0.50, 0.05), (0.55, 0.05), (0.60, 0.05))


def _below_elevated(text: str, context: tuple[str, ...], vector: object) -> bool:
    return triage(text, context, vector).tier.rank < Tier.ELEVATED.rank  # type: ignore[arg-type]


def _branch_alone(text: str, vector: object) -> bool:
    """The rule not shipped: the branch sure of crisis and imminence, with no example to support it."""
    from steadyheart.safety.normalize import normalise
    from steadyheart.safety.risk_branch import branch_scores

    scores = branch_scores(vector, text)  # type: ignore[arg-type]
    return (scores is not None and min(scores.crisis, scores.imminent) >= embedded_signals.BRANCH_SURE
            and not embedded_signals.closes_the_chat(normalise(text)))


class _AbuseByExample:
    """The prototype: the nearest disclosure against the nearest look-alike or ordinary suite example."""

    def __init__(self) -> None:
        import numpy as np
        import yaml

        from steadyheart.understanding.embedder import get_embedder

        data = yaml.safe_load(PROTOTYPE.read_text(encoding="utf-8"))
        vectors = get_embedder().embed([*data["disclosures"], *data["lookalikes"]])
        self.disclosures, self.lookalikes = vectors[: len(data["disclosures"])], vectors[len(data["disclosures"]):]
        self.np = np

    def scores(self, text: str, vector: object) -> tuple[float, float] | None:
        """(nearest disclosure, nearest look-alike or ordinary example) for a message the path would read."""
        from steadyheart.safety.normalize import normalise
        from steadyheart.safety.similarity import nearest_ordinary_score

        norm = normalise(text)
        if TRIAGE._discounted(norm) or TRIAGE._capped_message(norm) or TRIAGE._means_matches(norm):
            return None
        if not 5 <= len(norm.split()) <= 60:
            return None
        v = self.np.asarray(vector, dtype=self.np.float32)
        other = max(float(self.np.max(self.lookalikes @ v)), nearest_ordinary_score(v))
        return float(self.np.max(self.disclosures @ v)), other


def sweep_unshipped() -> None:
    """Messages left below elevated that each rule would raise, by gold kind, and everyday messages it would flag."""
    abuse = _AbuseByExample()
    alone: Counter[str] = Counter()
    by_example: Counter[tuple[float, float, str]] = Counter()

    def weigh(where: str, text: str, context: tuple[str, ...], vector: object) -> None:
        if not _below_elevated(text, context, vector):
            return
        if _branch_alone(text, vector):
            alone[where] += 1
        found = abuse.scores(text, vector)
        for threshold, margin in ABUSE_GRID:
            if found is not None and found[0] >= threshold and found[0] >= found[1] + margin:
                by_example[(threshold, margin, where)] += 1

    for split in ("dev_round15", "unfitted"):
        cases, vectors = _cases(split)
        for case, vector in zip(cases, vectors, strict=True):
            kind = ("abuse" if Category.PARTNER_ABUSE in case.categories and case.tier.is_crisis
                    else case.tier.value)
            weigh(f"{split} {kind}", case.text, case.context, vector)
    everyday = _everyday()
    esconv, ed = everyday.triages()
    for name, texts, vectors, results in (("ESConv", everyday.esconv, everyday.esconv_vectors, esconv),
                                          ("ED", everyday.situations, everyday.ed_vectors, ed)):
        for text, vector, result in zip(texts, vectors, results, strict=True):
            if result.tier.rank < Tier.ELEVATED.rank:
                weigh(name, text, (), vector)  # the dialogue's context was already weighed by its triage
    print("the branch alone (both heads >= BRANCH_SURE, no supporting example):",
          ", ".join(f"{k} {v}" for k, v in sorted(alone.items())), flush=True)
    for threshold, margin in ABUSE_GRID:
        counts = {k[2]: v for k, v in by_example.items() if k[:2] == (threshold, margin)}
        print(f"abuse by example at {threshold:.2f} / margin {margin:.2f}:",
              ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--means", action="store_true", help="the means-question threshold and margin")
    parser.add_argument("--sure-branch", action="store_true", help="the risk branch's looser gate when sure")
    parser.add_argument("--branch-raise", action="store_true", help="found crisis made imminent when the branch is sure")
    parser.add_argument("--means-context", action="store_true", help="what counts as risk around a means question")
    parser.add_argument("--other-imminent", action="store_true", help="the branch's imminent gate for abuse and harm")
    parser.add_argument("--branch-file", type=Path, default=None, help="a risk branch to compare with the shipped one")
    parser.add_argument("--check-gates", action="store_true", help="looser gentle-check gates (not shipped)")
    parser.add_argument("--unshipped", action="store_true", help="the branch alone, and partner abuse by example")
    parser.add_argument("--pool-gates", action="store_true", help="looser crisis gates on unseen authors and everyday talk")
    parser.add_argument("--posts", type=int, default=0, metavar="N",
                        help="with --pool-gates: also the first N SDCNL train posts (r/SuicideWatch, r/depression)")
    args = parser.parse_args()
    if args.pool_gates:
        sweep_pool_gates(args.branch_file, args.posts)
        return
    if not (args.means or args.means_context or args.other_imminent or args.branch_file or args.sure_branch or args.branch_raise or args.check_gates or args.unshipped):
        parser.error("choose --means, --means-context, --other-imminent, --branch-file, --sure-branch, --branch-raise, --check-gates and/or --unshipped")
    if args.means:
        sweep_means()
    if args.means_context:
        sweep_means_context()
    if args.other_imminent:
        sweep_other_imminent()
    if args.branch_file:
        compare_branch(args.branch_file)
    if args.sure_branch:
        sweep_sure_branch()
    if args.branch_raise:
        sweep_branch_raise()
    if args.check_gates:
        sweep_check_gates()
    if args.unshipped:
        sweep_unshipped()


if __name__ == "__main__":
    main()
