"""Triage on real posts from ../shared/data (dev-only data: measured here, never used to fit anything).

crisis_reddit: SDCNL test split (r/SuicideWatch vs r/depression) and IRF test split (perceived
burdensomeness / thwarted belongingness). dreaddit: r/domesticviolence and r/survivorsofabuse vs the
other subreddits. Labels come from the subreddit, so they are noisy; posts are long. Post text is never
printed or saved: misses are listed by row number with the tier and the first evidence pattern id.

False alarms in ordinary emotional talk: ESConv seeker turns (each with up to ten earlier seeker turns as
context, as the companion triages them) and EmpatheticDialogues situations. These have no risk labels;
most turns are everyday distress (a breakup, a job, loneliness), so a flag rate far above the share of
turns that speak of self-harm means the triage cries wolf. Flags are counted by what raised them (the
pattern id, or "risk model" / "similar example"), never printed as text.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from steadyheart.safety import Tier, triage
from steadyheart.safety.tiers import Category, Triage

csv.field_size_limit(10**9)
SELF = {Category.SUICIDE, Category.SELF_HARM}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return list(csv.DictReader(handle))


def _triage_all(texts: list[str], patterns_only: bool) -> list[Triage]:
    if patterns_only:
        return [triage(t) for t in texts]
    from steadyheart.understanding.embedder import get_embedder

    vectors = get_embedder().embed(texts)
    return [triage(t, (), v) for t, v in zip(texts, vectors, strict=True)]


def _flag(t: Triage, cats: set[Category], minimum: Tier) -> bool:
    return t.tier.rank >= minimum.rank and bool(cats & set(t.categories))


def _pct(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def run_real(shared: Path, show_misses: bool, patterns_only: bool = False) -> None:
    if not shared.is_dir():
        print(f"== real data: skipped, {shared} is absent")
        return
    _sdcnl(shared / "crisis_reddit" / "sdcnl_test.csv", show_misses, patterns_only)
    _irf(shared / "crisis_reddit" / "irf_test.csv", patterns_only)
    _dreaddit(shared / "dreaddit" / "dreaddit-train.csv", show_misses, patterns_only)
    _esconv(shared / "esconv", "valid", patterns_only)
    _empathetic(shared / "empathetic_dialogues" / "ed_situation_emotion_valid.csv", patterns_only)


def _raised_by(t: Triage) -> str:
    """What raised a flag, without the message's words: a pattern id or the embedding's reason."""
    first = str(t.evidence[0]) if t.evidence else "?"
    if "risk model" in first:
        return "risk model"
    if "close to example" in first:
        return "similar example"
    return first.split(":", 1)[0].removeprefix("in the sentence ").split("'")[0].strip() or "?"


def _false_alarms(name: str, results: list[Triage], dialogues: list[list[Triage]] | None = None) -> None:
    total = len(results)
    crisis = [t for t in results if t.tier.is_crisis]
    print(f"== {name}: {total} messages")
    print(f"  flagged elevated+  {_pct(len(crisis), total)}; imminent "
          f"{_pct(sum(t.tier is Tier.IMMINENT for t in results), total)}; ambiguous+ "
          f"{_pct(sum(t.tier is not Tier.NONE for t in results), total)}")
    if dialogues is not None:
        print(f"  dialogues with an elevated+ turn {_pct(sum(any(t.tier.is_crisis for t in d) for d in dialogues), len(dialogues))}")
    raised = Counter(_raised_by(t) for t in crisis)
    print("  elevated+ raised by: " + ", ".join(f"{k} {v}" for k, v in raised.most_common(12)))


def esconv_dialogues(folder: Path, split: str) -> list[list[str]]:
    """Each ESConv dialogue as its seeker turns (consecutive seeker lines joined)."""
    import json

    dialogues = []
    with (folder / f"esconv_reformat_{split}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            turns: list[str] = []
            previous = None
            for turn in json.loads(line)["dialog"]:
                if turn["speaker"] == "usr":
                    if previous == "usr":
                        turns[-1] += " " + turn["text"].strip()
                    else:
                        turns.append(turn["text"].strip())
                previous = turn["speaker"]
            dialogues.append([t for t in turns if t])
    return dialogues


def triage_dialogues(dialogues: list[list[str]], vectors: list[object]) -> list[list[Triage]]:
    """Each seeker turn triaged with its ten earlier turns as context; `vectors` are the turns' own, flattened."""
    results: list[list[Triage]] = []
    i = 0
    for turns in dialogues:
        results.append([triage(text, tuple(turns[max(0, k - 10) : k]), vectors[i + k])  # type: ignore[arg-type]
                        for k, text in enumerate(turns)])
        i += len(turns)
    return results


def _esconv(folder: Path, split: str, patterns_only: bool) -> None:
    if not (folder / f"esconv_reformat_{split}.jsonl").is_file():
        print(f"== ESConv {split}: skipped, absent")
        return
    dialogues = esconv_dialogues(folder, split)
    flat = [t for d in dialogues for t in d]
    vectors: list[object] = [None] * len(flat)
    if not patterns_only:
        from steadyheart.understanding.embedder import get_embedder

        vectors = list(get_embedder().embed(flat))
    results = triage_dialogues(dialogues, vectors)
    _false_alarms(f"ESConv {split} seeker turns ({len(dialogues)} dialogues; no risk labels)",
                  [t for d in results for t in d], results)


def _empathetic(path: Path, patterns_only: bool) -> None:
    if not path.is_file():
        print(f"== EmpatheticDialogues: skipped, {path.name} is absent")
        return
    texts = [r["situation"] for r in _read(path) if r.get("situation")]
    _false_alarms("EmpatheticDialogues valid situations (everyday feelings; no risk labels)",
                  _triage_all(texts, patterns_only))


def _sdcnl(path: Path, show_misses: bool, patterns_only: bool) -> None:
    if not path.is_file():
        print(f"== SDCNL: skipped, {path.name} is absent")
        return
    rows = _read(path)
    texts = [f"{r.get('title', '')}. {r.get('selftext', '')}" for r in rows]
    results = _triage_all(texts, patterns_only)
    print(f"== SDCNL test split ({len(rows)} posts; label = subreddit)")
    for label, name in (("1", "r/SuicideWatch"), ("0", "r/depression")):
        idx = [i for i, r in enumerate(rows) if r["is_suicide"] == label]
        for minimum in (Tier.ELEVATED, Tier.AMBIGUOUS):
            hits = sum(_flag(results[i], SELF, minimum) for i in idx)
            print(f"  {name:16} suicide/self-harm at {minimum.value}+ : {_pct(hits, len(idx))}")
        tiers = Counter(results[i].tier.value for i in idx)
        print(f"  {name:16} tiers: {dict(sorted(tiers.items()))}")
    if show_misses:
        misses = [i for i, r in enumerate(rows) if r["is_suicide"] == "1" and not _flag(results[i], SELF, Tier.ELEVATED)]
        print(f"  misses on r/SuicideWatch (row: tier, evidence ids): {len(misses)}")
        for i in misses:
            ids = [e.split(":")[0] for e in results[i].evidence][:2]
            print(f"    row {i}: {results[i].tier.value} {ids} length={len(texts[i])}")


def _irf(path: Path, patterns_only: bool) -> None:
    if not path.is_file():
        print(f"== IRF: skipped, {path.name} is absent")
        return
    rows = _read(path)
    results = _triage_all([r["text"] for r in rows], patterns_only)
    print(f"== IRF test split ({len(rows)} posts)")
    for column, name in (("burden", "perceived burdensomeness"), ("belong", "thwarted belongingness")):
        for label in ("1", "0"):
            idx = [i for i, r in enumerate(rows) if r[column] == label]
            hits = sum(_flag(results[i], SELF, Tier.ELEVATED) for i in idx)
            print(f"  {name:26} = {label}: suicide/self-harm flagged elevated+ {_pct(hits, len(idx))}")


def _dreaddit(path: Path, show_misses: bool, patterns_only: bool) -> None:
    if not path.is_file():
        print(f"== dreaddit: skipped, {path.name} is absent")
        return
    rows = _read(path)
    results = _triage_all([r["text"] for r in rows], patterns_only)
    abuse = {Category.PARTNER_ABUSE}
    print(f"== dreaddit ({len(rows)} segments; abuse subreddits vs others)")
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["subreddit"], []).append(i)
    for sub in sorted(groups, key=lambda s: (s not in ("domesticviolence", "survivorsofabuse"), s)):
        idx = groups[sub]
        elevated = sum(_flag(results[i], abuse, Tier.ELEVATED) for i in idx)
        any_flag = sum(_flag(results[i], abuse, Tier.AMBIGUOUS) for i in idx)
        crisis = sum(results[i].tier.is_crisis for i in idx)
        print(f"  {sub:18} partner_abuse elevated+ {_pct(elevated, len(idx)):18} ambiguous+ {_pct(any_flag, len(idx)):18}"
              f" any crisis tier {_pct(crisis, len(idx))}")
    abuse_idx = [i for s in ("domesticviolence", "survivorsofabuse") for i in groups.get(s, [])]
    other_idx = [i for s, idx in groups.items() if s not in ("domesticviolence", "survivorsofabuse") for i in idx]
    hits = sum(_flag(results[i], abuse, Tier.AMBIGUOUS) for i in abuse_idx)
    false = sum(_flag(results[i], abuse, Tier.AMBIGUOUS) for i in other_idx)
    print(f"  abuse subreddits flagged partner_abuse (ambiguous+): {_pct(hits, len(abuse_idx))}; "
          f"other subreddits: {_pct(false, len(other_idx))}")
    if show_misses:
        stressed = [i for i in abuse_idx if rows[i]["label"] == "1" and not _flag(results[i], abuse, Tier.AMBIGUOUS)]
        print(f"  abuse-subreddit segments labelled stressed but not flagged: {len(stressed)}")
        for i in stressed[:60]:
            print(f"    row {i} ({rows[i]['subreddit']}): {results[i].tier.value} length={len(rows[i]['text'])}")
