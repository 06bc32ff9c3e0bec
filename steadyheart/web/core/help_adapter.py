"""Turns the safety layer's crisis-resource data into lines a page can show."""

from __future__ import annotations

from steadyheart.web.core.help import ResourceLine, Resources

FALLBACK = Resources(
    title="If you are in danger right now",
    intro="Call your local emergency number. These services can find a crisis line near you:",
    lines=[ResourceLine("Find a Helpline", url="https://findahelpline.com", url_label="findahelpline.com",
                        note="Free, confidential crisis lines by country.")],
)


def resources_from_safety(country: str | None) -> Resources:
    return FALLBACK


def known_countries() -> list[tuple[str, str]]:
    return []
