"""Evaluate the understanding layer; prints Markdown tables (pasted into docs/understanding.md).

    /work/venv/bin/python evals/understanding.py [--only goemotions,pattern_reframe,thinking_traps,suite,intensity,everyday]
        [--parts blind2,blind3] [--suite-file more_parts.yaml]   (suite parts, default all; files to add)

Datasets come from ../shared/data (see its README); a missing one is skipped with a note, never a
failure. Embeddings are cached outside the repo ($STEADYHEART_EVAL_CACHE, default /tmp). Nothing
here is fitted: GoEmotions dev, PatternReframe valid, thinking_traps and dreaddit only measure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent / "train"))
import sources

from steadyheart.understanding import emotions, traps
from steadyheart.understanding.analyzer import analyze_with_embedding

SUITE = Path(__file__).parent / "data" / "understanding_suite.yaml"
#: written blind to the lexicons by someone who never saw them; measured once (docs/understanding.md)
BLIND2 = Path(__file__).parent / "data" / "understanding_blind2.yaml"
#: a third author, blind to the lexicons, written before the session-3 widening was measured; run once
BLIND3 = Path(__file__).parent / "data" / "understanding_blind3.yaml"


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Mann-Whitney AUC with ties counted as half."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def skip(name: str) -> None:
    print(f"\n_{name}: dataset not found under {sources.DATA}, skipped._")


def eval_goemotions() -> None:
    print("\n## GoEmotions dev (28 labels)\n")
    if not sources.available("goemotions"):
        return skip("goemotions")
    dev = sources.goemotions("dev")
    vectors = sources.embed_cached(dev.texts)
    head = emotions.head()
    probs = np.stack([head.probabilities(t, v) for t, v in zip(dev.texts, vectors, strict=True)])
    pred = probs >= head.thresholds
    gold = np.array([[n in labels for n in head.labels] for labels in dev.labels])
    rows = []
    for j, name in enumerate(head.labels):
        tp = int((pred[:, j] & gold[:, j]).sum())
        p, r, f = f1(tp, int(pred[:, j].sum()) - tp, int(gold[:, j].sum()) - tp)
        rows.append((name, int(gold[:, j].sum()), p, r, f))
    macro = float(np.mean([r[4] for r in rows]))
    tp = int((pred & gold).sum())
    micro = f1(tp, int(pred.sum()) - tp, int(gold.sum()) - tp)[2]
    print(f"{len(dev.texts)} comments. **macro-F1 {macro:.3f}** (target 0.46), micro-F1 {micro:.3f}\n")
    print("| label | support | precision | recall | F1 |\n|---|---|---|---|---|")
    for name, support, p, r, f in rows:
        print(f"| {name} | {support} | {p:.2f} | {r:.2f} | {f:.2f} |")


def eval_pattern_reframe() -> None:
    print("\n## PatternReframe valid (10 patterns, top trap among the ten)\n")
    if not sources.available("pattern_reframe"):
        return skip("pattern_reframe")
    data = sources.pattern_reframe("valid")
    vectors = sources.embed_cached(data.texts)
    ten = sorted(set(sources.PATTERN_REFRAME_MAP.values()))
    index = [traps.TRAP_NAMES.index(n) for n in ten]
    head = traps.head()
    probs = np.stack([head.probabilities(t, v) for t, v in zip(data.texts, vectors, strict=True)])
    pred = [ten[i] for i in probs[:, index].argmax(axis=1)]
    gold = [labels[0] for labels in data.labels]
    confusion = Counter(zip(gold, pred, strict=True))
    rows = []
    for name in ten:
        tp = confusion[(name, name)]
        p, r, f = f1(tp, pred.count(name) - tp, gold.count(name) - tp)
        rows.append((name, gold.count(name), p, r, f))
    macro = float(np.mean([r[4] for r in rows]))
    acc = sum(confusion[(n, n)] for n in ten) / len(gold)
    print(f"{len(gold)} thoughts. **macro-F1 {macro:.3f}** (target 0.50), accuracy {acc:.3f}\n")
    print("| pattern | support | precision | recall | F1 |\n|---|---|---|---|---|")
    for name, support, p, r, f in rows:
        print(f"| {name} | {support} | {p:.2f} | {r:.2f} | {f:.2f} |")
    short = {n: "".join(w[0] for w in n.split("_")) for n in ten}
    print("\nConfusion matrix (rows = gold, columns = predicted):\n")
    print("| gold \\ pred | " + " | ".join(short[n] for n in ten) + " |")
    print("|---" * (len(ten) + 1) + "|")
    for g in ten:
        print(f"| {short[g]} ({g}) | " + " | ".join(str(confusion[(g, p)]) for p in ten) + " |")


def eval_thinking_traps() -> None:
    print("\n## thinking_traps: distorted or not, and per-trap recall\n")
    if not sources.available("thinking_traps"):
        return skip("thinking_traps")
    data = sources.thinking_traps()
    vectors = sources.embed_cached(data.texts)
    distorted = np.array([labels != ["none"] for labels in data.labels])
    scores = np.array([traps.distortion_score(t, v) for t, v in zip(data.texts, vectors, strict=True)])
    threshold = traps.head().distorted_threshold
    pred = scores >= threshold
    tpr = (pred & distorted).sum() / distorted.sum()
    tnr = (~pred & ~distorted).sum() / (~distorted).sum()
    auc = roc_auc(scores, distorted)
    print(f"{len(data.texts)} unique thoughts ({int(distorted.sum())} distorted, {int((~distorted).sum())} not). "
          f"**ROC AUC {auc:.3f}** (target 0.80); balanced accuracy {(tpr + tnr) / 2:.3f} at the shipped "
          f"threshold {threshold:.2f} (sensitivity {tpr:.2f}, specificity {tnr:.2f}).\n")
    found = [{f.name for f in traps.detect_traps(t, v)} for t, v in zip(data.texts, vectors, strict=True)]
    print("| trap (merged names) | thoughts | recall (trap among findings) |\n|---|---|---|")
    for name in traps.TRAP_NAMES:
        rows = [i for i, labels in enumerate(data.labels) if name in labels]
        if rows:
            hit = sum(name in found[i] for i in rows)
            print(f"| {name} | {len(rows)} | {hit / len(rows):.2f} |")
    print("\n(`Blaming` and `Comparing and despairing` have no counterpart among our twelve; their rows "
          "count as distorted only. `Negative feeling or emotion` is merged into emotional_reasoning.)")


SUITE_PARTS = ("tune", "held_out", "blind", "tune2", "held2", "held3", "held4", "held5", "held6", "held7", "held8",
               "held9", "held10", "blind2", "blind3", "tune5", "tune6")


def eval_suite(parts: tuple[str, ...] = (), files: tuple[Path, ...] = ()) -> None:
    """Every suite part (or only `parts`), with the messages of `files` added (same format, their own parts)."""
    print("\n## Project-written suite: body signals, triggers, urges\n")
    messages = yaml.safe_load(SUITE.read_text(encoding="utf-8"))["messages"]
    for extra in (BLIND2, BLIND3, *files):
        if extra.is_file():
            messages += yaml.safe_load(extra.read_text(encoding="utf-8"))["messages"]
        elif extra in files:
            print(f"_{extra}: not found, skipped._\n")
    vectors = sources.embed_cached([m["text"] for m in messages])
    present = list(dict.fromkeys(str(m["part"]) for m in messages))
    chosen_parts = parts or (*[p for p in SUITE_PARTS if p in present], *[p for p in present if p not in SUITE_PARTS])
    for part in chosen_parts:
        chosen = [(m, v) for m, v in zip(messages, vectors, strict=True) if m["part"] == part]
        if not chosen:
            print(f"_part `{part}`: no messages._\n")
            continue
        counts: dict[tuple[str, str], list[int]] = {}
        errors = []
        status_right = status_total = 0
        for message, vector in chosen:
            a = analyze_with_embedding(message["text"], vector)
            gold_urges = message.get("urges") or {}
            gold = {("body", x) for x in message.get("body") or []}
            gold |= {("trigger", x) for x in message.get("triggers") or []}
            gold |= {("urge", x) for x in gold_urges}
            got = {("body", s.name) for s in a.body} | {("trigger", s.name) for s in a.triggers}
            got |= {("urge", u.name) for u in a.urges}
            for key in gold | got:
                cell = counts.setdefault(key, [0, 0, 0])
                cell[0 if key in gold and key in got else 1 if key in got else 2] += 1
            for key in sorted((gold - got) | (got - gold)):
                errors.append(("missed" if key in gold else "extra", key[1], message["text"]))
            for u in a.urges:
                if u.name in gold_urges:
                    status_total += 1
                    status_right += u.status.value == gold_urges[u.name]
                    if u.status.value != gold_urges[u.name]:
                        errors.append((f"status {u.status.value}, not {gold_urges[u.name]}", u.name, message["text"]))
        total = [sum(c[i] for c in counts.values()) for i in range(3)]
        p, r, f = f1(*total)
        reached = sum(1 for tp, fp, fn in counts.values() if tp + fn and min(f1(tp, fp, fn)[:2]) >= 0.85)
        supported = sum(1 for tp, _, fn in counts.values() if tp + fn)
        print(f"### part `{part}`: {len(chosen)} messages; micro precision {p:.2f}, recall {r:.2f}, F1 {f:.2f}; "
              f"urge status right {status_right}/{status_total}; {reached} of {supported} labels reach 0.85 on "
              "both\n")
        print("| kind | label | support | precision | recall |\n|---|---|---|---|---|")
        for (kind, label), (tp, fp, fn) in sorted(counts.items()):
            pp, rr, _ = f1(tp, fp, fn)
            print(f"| {kind} | {label} | {tp + fn} | {pp:.2f} | {rr:.2f} |")
        if errors:
            print("\nErrors:\n")
            for what, label, text in errors:
                print(f"- {what} `{label}`: \"{text}\"")
        print()


def eval_intensity() -> None:
    print("\n## Intensity vs dreaddit stress labels (measure only)\n")
    if not sources.available("dreaddit"):
        return skip("dreaddit")
    rows = sources.read_csv_rows(sources.DATA / "dreaddit" / "dreaddit-train.csv")
    texts = [r["text"][:4000] for r in rows]
    labels = np.array([r["label"] == "1" for r in rows])
    vectors = sources.embed_cached(texts)
    scores = np.array([analyze_with_embedding(t, v).intensity for t, v in zip(texts, vectors, strict=True)])
    print(f"{len(texts)} Reddit segments ({int(labels.sum())} stressed). ROC AUC of intensity for "
          f"'stressed': **{roc_auc(scores, labels):.3f}**; mean intensity stressed {scores[labels].mean():.2f}, "
          f"not stressed {scores[~labels].mean():.2f}.")


def everyday_texts() -> dict[str, list[str]]:
    """Writing nobody labelled for this layer: ED valid situations and ESConv valid seeker turns (dev only)."""
    out: dict[str, list[str]] = {}
    if sources.available("empathetic_dialogues"):
        rows = sources.read_csv_rows(sources.DATA / "empathetic_dialogues" / "ed_situation_emotion_valid.csv")
        out["ED valid situations"] = [r["situation"] for r in rows]
    if sources.available("esconv"):
        lines = (sources.DATA / "esconv" / "esconv_reformat_valid.jsonl").read_text(encoding="utf-8").splitlines()
        out["ESConv valid seeker turns"] = [
            turn["text"] for line in lines for turn in json.loads(line)["dialog"] if turn["speaker"] == "usr"
        ]
    return out


def eval_everyday() -> None:
    """How often each label fires on everyday writing (measure only): a new pattern that fires far more often
    here than before is over-reaching. Counts only; no text is printed."""
    print("\n## Labels found in writing nobody labelled (measure only)\n")
    sets = everyday_texts()
    if not sets:
        return skip("empathetic_dialogues and esconv")
    for name, texts in sets.items():
        vectors = sources.embed_cached(texts)
        found: Counter[str] = Counter()
        for text, vector in zip(texts, vectors, strict=True):
            a = analyze_with_embedding(text, vector)
            found.update({s.name for s in a.body} | {s.name for s in a.triggers} | {u.name for u in a.urges})
        counts = ", ".join(f"{label} {n}" for label, n in sorted(found.items()))
        print(f"{name}: {len(texts)} texts, {sum(found.values())} labels ({counts})\n")
    return None


def main() -> None:
    parts = {
        "goemotions": eval_goemotions,
        "pattern_reframe": eval_pattern_reframe,
        "thinking_traps": eval_thinking_traps,
        "suite": eval_suite,
        "intensity": eval_intensity,
        "everyday": eval_everyday,
    }
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", default=",".join(parts), help="comma-separated: " + ", ".join(parts))
    ap.add_argument("--parts", default="", help="suite parts, comma-separated (default: every part)")
    ap.add_argument("--suite-file", type=Path, action="append", default=[], help="another suite YAML to add")
    args = ap.parse_args()
    suite_parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    for name in args.only.split(","):
        if name.strip() == "suite":
            eval_suite(suite_parts, tuple(args.suite_file))
        else:
            parts[name.strip()]()


if __name__ == "__main__":
    main()
