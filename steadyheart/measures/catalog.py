"""Instruments as data: the pydantic schema for an instrument file and the loader for the catalog.

Owns the file format (items, options, reverse keying, bands, cut-offs, flags, change thresholds, LOINC
codes). Shipped files live in `steadyheart/measures/instruments/`; an operator adds an instrument they
hold a licence for by dropping a YAML file in `$STEADYHEART_HOME/instruments/`. Imports only pydantic,
yaml and steadyheart.errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from steadyheart.config import resolve_home
from steadyheart.errors import ContentError, InputError

SHIPPED_DIR = Path(__file__).parent / "instruments"
NOT_VALIDATED_LABEL = "not a validated measure"

_LOINC = r"^\d{1,7}-\d$"
_LOINC_ANSWER = r"^LA\d{1,7}-\d$"
_ID = r"^[a-z][a-z0-9_]{0,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    value: int
    label: str = Field(min_length=1)
    code: str | None = Field(default=None, pattern=_LOINC_ANSWER)


class Item(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    text: str = Field(min_length=1)
    loinc: str | None = Field(default=None, pattern=_LOINC)
    reverse: bool = False
    scored: bool = True
    required: bool = True
    #: asked only when some scored item so far is above its lowest option (PHQ-9 item 10)
    ask_if_any_positive: bool = False
    options: tuple[Option, ...] | None = None


class Loinc(_Strict):
    panel: str | None = Field(default=None, pattern=_LOINC)
    total: str | None = Field(default=None, pattern=_LOINC)


class Subscale(_Strict):
    id: str = Field(pattern=_ID)
    label: str
    items: tuple[str, ...] = Field(min_length=1)
    method: Literal["sum", "mean"] = "sum"


class Scoring(_Strict):
    method: Literal["sum", "mean"] = "sum"
    subscales: tuple[Subscale, ...] = ()


class Band(_Strict):
    min: float
    max: float
    id: str = Field(pattern=_ID)
    label: str
    #: how the plain-language result names the range: "moderate anxiety"
    phrase: str


class Cutoff(_Strict):
    score: float
    note: str


class Flag(_Strict):
    """Raised when one item reaches `at_least`, or the total reaches `total_at_least`."""

    id: str = Field(pattern=_ID)
    item: str | None = None
    at_least: int | None = None
    total_at_least: float | None = None
    #: a safety flag starts the crisis flow at once, even in the middle of the questionnaire
    safety: bool = False

    @model_validator(mode="after")
    def _one_rule(self) -> Flag:
        has_item = self.item is not None or self.at_least is not None
        has_total = self.total_at_least is not None
        if has_item == has_total or (has_item and (self.item is None or self.at_least is None)):
            raise ValueError("a flag needs either `item` with `at_least`, or `total_at_least`, not both")
        return self


class Change(_Strict):
    reliable_change: float = Field(gt=0)
    caseness_at_least: float
    source: str


class Instrument(_Strict):
    id: str = Field(pattern=_ID)
    name: str
    title: str
    topic: str
    version: str = "1"
    validated: bool
    citation: str
    licence: str
    attribution: str | None = None
    stem: str
    recall_period: str | None = None
    loinc: Loinc = Loinc()
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = Field(min_length=1)
    scoring: Scoring = Scoring()
    bands: tuple[Band, ...] = ()
    cutoff: Cutoff | None = None
    flags: tuple[Flag, ...] = ()
    change: Change | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        for item in self.items:
            options = self.options_for(item)
            if not options:
                raise ValueError(f"item {item.id} has no answer options (give `options` on the instrument or item)")
            values = [o.value for o in options]
            labels = [normalise_label(o.label) for o in options]
            if len(set(values)) != len(values) or len(set(labels)) != len(labels):
                raise ValueError(f"item {item.id} has repeated option values or labels")
        if not self.scored_items:
            raise ValueError("at least one item must be scored")
        for subscale in self.scoring.subscales:
            unknown = set(subscale.items) - {i.id for i in self.scored_items}
            if unknown:
                raise ValueError(f"subscale {subscale.id} names unknown or unscored items: {sorted(unknown)}")
        for flag in self.flags:
            if flag.item is not None and flag.item not in ids:
                raise ValueError(f"flag {flag.id} names an unknown item {flag.item!r}")
        self._check_bands()
        if not self.validated and (self.bands or self.cutoff or self.change):
            raise ValueError("an instrument that is not validated may not carry bands, cut-offs or change thresholds")
        return self

    def _check_bands(self) -> None:
        if not self.bands:
            return
        if self.scoring.method != "sum":
            for band in self.bands:
                if band.min > band.max:
                    raise ValueError(f"band {band.id} has min above max")
            return
        ordered = sorted(self.bands, key=lambda b: b.min)
        if ordered[0].min != self.min_total or ordered[-1].max != self.max_total:
            raise ValueError(f"bands must cover the whole range {self.min_total:g}-{self.max_total:g}")
        for low, high in pairwise(ordered):
            if high.min != low.max + 1:
                raise ValueError(f"bands {low.id} and {high.id} leave a gap or overlap")

    def options_for(self, item: Item) -> tuple[Option, ...]:
        return item.options if item.options is not None else self.options

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def min_total(self) -> float:
        lows = [min(o.value for o in self.options_for(i)) for i in self.scored_items]
        return sum(lows) if self.scoring.method == "sum" else min(lows)

    @property
    def max_total(self) -> float:
        highs = [max(o.value for o in self.options_for(i)) for i in self.scored_items]
        return sum(highs) if self.scoring.method == "sum" else max(highs)

    @property
    def label(self) -> str:
        """The name shown to a person; a non-validated check-in always says so."""
        return self.name if self.validated else f"{self.name} ({NOT_VALIDATED_LABEL})"


def normalise_label(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def load_instrument_file(path: Path) -> Instrument:
    """Read and validate one instrument file; any problem becomes a ContentError naming the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(f"The instrument file {path} could not be read ({type(exc).__name__}).") from exc
    if not isinstance(raw, dict):
        raise ContentError(f"The instrument file {path} must hold a mapping of fields, not {type(raw).__name__}.")
    try:
        instrument = Instrument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise ContentError(f"The instrument file {path} is invalid at {where}: {first['msg']}.") from exc
    if instrument.id != path.stem:
        raise ContentError(f"The instrument file {path} must be named after its id ({instrument.id}.yaml).")
    return instrument


def _load_dir(directory: Path) -> dict[str, Instrument]:
    return {p.stem: load_instrument_file(p) for p in sorted(directory.glob("*.yaml"))}


@lru_cache(maxsize=1)
def shipped_instruments() -> dict[str, Instrument]:
    return _load_dir(SHIPPED_DIR)


class Catalog:
    """The instruments available in one home: the shipped ones plus any an operator added."""

    def __init__(self, instruments: dict[str, Instrument]) -> None:
        self._instruments = dict(instruments)

    @classmethod
    def load(cls, home: str | os.PathLike[str] | None = None) -> Catalog:
        instruments = dict(shipped_instruments())
        added_dir = resolve_home(home) / "instruments"
        if added_dir.is_dir():
            for instrument_id, instrument in _load_dir(added_dir).items():
                if instrument_id in instruments:
                    raise ContentError(
                        f"The instrument file {added_dir / (instrument_id + '.yaml')} reuses the shipped id "
                        f"{instrument_id!r}; give it a new id."
                    )
                instruments[instrument_id] = instrument
        return cls(instruments)

    def get(self, instrument_id: str) -> Instrument:
        key = instrument_id.strip().lower().replace("-", "")
        if key not in self._instruments:
            known = ", ".join(sorted(self._instruments))
            raise InputError(f"There is no questionnaire called {instrument_id!r}; the ones available are {known}.")
        return self._instruments[key]

    def ids(self) -> list[str]:
        return sorted(self._instruments)

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self._instruments

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._instruments.values())
