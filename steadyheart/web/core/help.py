"""Crisis resources and the AI disclosure, shaped for pages, from the safety layer's own data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ResourceLine:
    name: str
    contact: str = ""
    tel: str = ""
    url: str = ""
    url_label: str = ""
    note: str = ""


@dataclass(frozen=True)
class Resources:
    title: str
    intro: str
    lines: list[ResourceLine] = field(default_factory=list)


def disclosure() -> str:
    from steadyheart.safety import disclosure_text

    return disclosure_text()


def resources_for(country: str | None) -> Resources:
    from steadyheart.web.core.help_adapter import resources_from_safety

    return resources_from_safety(country)


def countries() -> list[tuple[str, str]]:
    from steadyheart.web.core.help_adapter import known_countries

    return known_countries()
