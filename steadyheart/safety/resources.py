"""Crisis resources by country, loaded from data/crisis_resources.yaml and validated at first use.

`crisis_resources(country)` falls back to the international entry for an unknown or missing country;
`format_resources(country)` is the text `/crisis`, `steadyheart resources` and the web "Get help now" show.
Unconfirmed entries always carry "please check locally". Imports pydantic, yaml and steadyheart.errors.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from steadyheart.errors import ContentError

RESOURCES_PATH = Path(__file__).parent / "data" / "crisis_resources.yaml"
CHECK_LOCALLY = "please check locally"
INTERNATIONAL = "INTL"


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2)
    contact: str = Field(min_length=2)
    hours: str = ""
    confirmed: bool

    def render(self) -> str:
        hours = f" ({self.hours})" if self.hours else ""
        check = f" [{CHECK_LOCALLY}]" if not self.confirmed else ""
        return f"{self.name}: {self.contact}{hours}{check}"


class CountryResources(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = ""
    name: str
    aliases: tuple[str, ...] = ()
    emergency: str = Field(min_length=2)
    crisis: tuple[Line, ...] = Field(min_length=1)
    abuse: tuple[Line, ...] = Field(min_length=1)
    source: str = Field(min_length=3)
    confirmed: bool
    note: str = ""

    @property
    def is_fallback(self) -> bool:
        return self.code == INTERNATIONAL


class ResourceBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reviewed: str
    countries: dict[str, CountryResources]
    international: CountryResources


@lru_cache(maxsize=2)
def load_resources(path: Path = RESOURCES_PATH) -> ResourceBook:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            for code, entry in (raw.get("countries") or {}).items():
                if isinstance(entry, dict):
                    entry["code"] = str(code)
            if isinstance(raw.get("international"), dict):
                raw["international"]["code"] = INTERNATIONAL
        book = ResourceBook.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ContentError(f"The crisis resources file {path.name} is invalid: {exc}") from exc
    for code in book.countries:
        if len(code) != 2 or not code.isupper():
            raise ContentError(f"Crisis resources use two-letter country codes; {code!r} is not one.")
    return book


@lru_cache(maxsize=256)
def _lookup() -> dict[str, str]:
    book = load_resources()
    index: dict[str, str] = {}
    for code, entry in book.countries.items():
        index[code.lower()] = code
        for alias in entry.aliases:
            index[alias.lower()] = code
    return index


def country_code(country: str | None) -> str | None:
    """The two-letter code for a code or a country name we know ("gb" -> "UK"), else None."""
    if not country or not country.strip():
        return None
    return _lookup().get(country.strip().lower().rstrip("."))


def crisis_resources(country: str | None) -> CountryResources:
    """The resources for a country (code or name); the international fallback when unknown."""
    book = load_resources()
    code = country_code(country)
    return book.countries[code] if code else book.international


def known_countries() -> list[tuple[str, str]]:
    return sorted((code, entry.name) for code, entry in load_resources().countries.items())


def emergency_line(country: str | None) -> str:
    entry = crisis_resources(country)
    return f"Emergency: {entry.emergency}"


def format_resources(country: str | None, *, focus: str = "all") -> str:
    """Plain text, emergency number first. focus: "crisis", "abuse" or "all"."""
    entry = crisis_resources(country)
    title = "Help right now" if entry.is_fallback else f"Help right now in {entry.name}"
    lines = [title, f"- Emergency: {entry.emergency}"]
    if focus in ("crisis", "all"):
        lines += [f"- {line.render()}" for line in entry.crisis]
    if focus in ("abuse", "all"):
        lines += [f"- Domestic violence: {line.render()}" for line in entry.abuse]
    if entry.note:
        lines.append(f"Note: {entry.note}")
    if not entry.confirmed:
        lines.append(f"These numbers could not all be confirmed: {CHECK_LOCALLY}, or use findahelpline.com.")
    if entry.is_fallback:
        lines.append("Tell me your country (for example with `steadyheart resources DE`) for local numbers.")
    return "\n".join(lines)
