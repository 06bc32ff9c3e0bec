"""Scoring: answers in, total, band and flags out. Pure functions over a catalog Instrument.

Also parses answers typed by a person ("2", "several days") and checks a full set of answers before
anything is saved. Imports only steadyheart.measures.catalog and steadyheart.errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import fmean

from steadyheart.errors import InputError
from steadyheart.measures.catalog import Band, Flag, Instrument, Item, normalise_label

ITEM9_POSITIVE = "item9_positive"


@dataclass(frozen=True)
class Score:
    instrument: str
    total: float
    band: str | None
    band_label: str | None
    band_phrase: str | None
    flags: tuple[str, ...]
    safety_flags: tuple[str, ...]
    answers: dict[str, int] = field(default_factory=dict)
    subscales: dict[str, float] = field(default_factory=dict)

    @property
    def item9_positive(self) -> bool:
        return ITEM9_POSITIVE in self.flags

    @property
    def needs_safety_flow(self) -> bool:
        return bool(self.safety_flags)

    def to_dict(self) -> dict[str, object]:
        """The shape `steadyheart measure --json` prints."""
        return {"instrument": self.instrument, "total": display_number(self.total), "band": self.band,
                "flags": list(self.flags)}


def display_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def keyed_value(instrument: Instrument, item: Item, raw: int) -> int:
    """The value that counts towards the score: reverse-keyed items are flipped within their options."""
    if not item.reverse:
        return raw
    values = [o.value for o in instrument.options_for(item)]
    return min(values) + max(values) - raw


def band_for(instrument: Instrument, total: float) -> Band | None:
    for band in instrument.bands:
        if band.min <= total <= band.max:
            return band
    return None


def item_flags(instrument: Instrument, item_id: str, value: int) -> list[Flag]:
    """Flags that one answer raises on its own (used mid-questionnaire for item 9)."""
    return [f for f in instrument.flags
            if f.item == item_id and f.at_least is not None and value >= f.at_least]


def check_value(instrument: Instrument, item: Item, value: int) -> int:
    allowed = [o.value for o in instrument.options_for(item)]
    if value not in allowed:
        raise InputError(
            f"{instrument.name} question {item.id} takes one of {_list(allowed)}, not {value}."
        )
    return value


def parse_answer(instrument: Instrument, item: Item, text: str) -> int:
    """A typed answer as an option value: the number ("2") or the words ("more than half the days")."""
    cleaned = normalise_label(text).strip(" .!)")
    options = instrument.options_for(item)
    if re.fullmatch(r"[+-]?\d+", cleaned):
        return check_value(instrument, item, int(cleaned))
    exact = [o for o in options if normalise_label(o.label) == cleaned]
    if exact:
        return exact[0].value
    found = [o for o in options if re.search(rf"\b{re.escape(normalise_label(o.label))}\b", cleaned)]
    # "not at all" sits inside "not difficult at all"? No, but keep the longest label when one contains another.
    found = [o for o in found if not any(o is not p and normalise_label(o.label) in normalise_label(p.label) for p in found)]
    if len(found) == 1:
        return found[0].value
    choices = "; ".join(f"{o.value} = {o.label}" for o in options)
    raise InputError(f"Please answer with one number or the words of one option ({choices}).")


def parse_answer_list(instrument: Instrument, text: str) -> dict[str, int]:
    """`--answers 1,2,3,0,1,2,3`: one value per required item, or one per item (optional ones too)."""
    parts = [p.strip() for p in re.split(r"[,\s;]+", text.strip()) if p.strip()]
    required = [i for i in instrument.items if i.required]
    if len(parts) == len(required):
        items = required
    elif len(parts) == len(instrument.items):
        items = list(instrument.items)
    else:
        counts = str(len(required)) if len(required) == len(instrument.items) else (
            f"{len(required)} (or {len(instrument.items)} with the optional ones)")
        raise InputError(
            f"{instrument.name} needs {counts} answers in order, separated by commas; {len(parts)} were given."
        )
    answers: dict[str, int] = {}
    for item, part in zip(items, parts, strict=True):
        if not re.fullmatch(r"[+-]?\d+", part):
            raise InputError(f"Answer {part!r} for {instrument.name} question {item.id} is not a whole number.")
        answers[item.id] = check_value(instrument, item, int(part))
    return answers


def check_answers(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, int]:
    """A complete, valid set of answers, or an InputError naming the first problem."""
    known = {i.id for i in instrument.items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InputError(f"{instrument.name} has no question {unknown[0]}.")
    for item in instrument.items:
        if item.id in answers:
            check_value(instrument, item, answers[item.id])
        elif item.required:
            raise InputError(f"{instrument.name} question {item.id} was skipped; every question needs an answer.")
    return {i.id: answers[i.id] for i in instrument.items if i.id in answers}


def next_item(instrument: Instrument, answers: Mapping[str, int]) -> Item | None:
    """The next question to ask, or None when the questionnaire is done."""
    positive = any(answers.get(i.id, _lowest(instrument, i)) > _lowest(instrument, i)
                   for i in instrument.scored_items)
    for item in instrument.items:
        if item.id in answers:
            continue
        if item.ask_if_any_positive and not positive:
            continue
        return item
    return None


def is_complete(instrument: Instrument, answers: Mapping[str, int]) -> bool:
    return all(i.id in answers for i in instrument.items if i.required)


def score(instrument: Instrument, answers: Mapping[str, int]) -> Score:
    checked = check_answers(instrument, answers)
    keyed = {i.id: keyed_value(instrument, i, checked[i.id]) for i in instrument.scored_items}
    total = _aggregate(instrument.scoring.method, list(keyed.values()))
    subscales = {s.id: _aggregate(s.method, [keyed[i] for i in s.items]) for s in instrument.scoring.subscales}
    raised = [f for f in instrument.flags if _raised(f, checked, total)]
    band = band_for(instrument, total)
    return Score(
        instrument=instrument.id,
        total=total,
        band=band.id if band else None,
        band_label=band.label if band else None,
        band_phrase=band.phrase if band else None,
        flags=tuple(f.id for f in raised),
        safety_flags=tuple(f.id for f in raised if f.safety),
        answers=checked,
        subscales=subscales,
    )


def _raised(flag: Flag, answers: Mapping[str, int], total: float) -> bool:
    if flag.total_at_least is not None:
        return total >= flag.total_at_least
    assert flag.item is not None and flag.at_least is not None
    return flag.item in answers and answers[flag.item] >= flag.at_least


def _aggregate(method: str, values: list[int]) -> float:
    return float(sum(values)) if method == "sum" else round(fmean(values), 4)


def _lowest(instrument: Instrument, item: Item) -> int:
    return min(o.value for o in instrument.options_for(item))


def _list(values: list[int]) -> str:
    return ", ".join(str(v) for v in values[:-1]) + f" or {values[-1]}" if len(values) > 1 else str(values[0])
