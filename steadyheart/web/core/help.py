"""Crisis resources and the AI disclosure, shaped for pages from the safety layer's own data.

The safety layer owns the numbers (safety/data/crisis_resources.yaml); this module only lays them out,
adding tap-to-call links for numbers a person can call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from steadyheart.safety import disclosure_text
from steadyheart.safety.resources import CHECK_LOCALLY, crisis_resources, format_resources, load_resources
from steadyheart.safety.resources import Line as SafetyLine


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
    return str(disclosure_text())


def resources_text(country: str | None) -> str:
    return format_resources(country)


_NUMBER = re.compile(r"\+?\d[\d \-]{1,16}\d|\b\d{3}\b")


def tel_for(contact: str) -> str:
    """A tel: target when the contact is a number to call (not a text short code or a website)."""
    text = contact.strip()
    if not (text[:1].isdigit() or text.startswith("+") or "call" in text.lower()):
        return ""
    match = _NUMBER.search(text)
    return re.sub(r"[^\d+]", "", match.group(0)) if match else ""


def _line(prefix: str, line: SafetyLine) -> ResourceLine:
    notes = [line.hours] if line.hours else []
    if not line.confirmed:
        notes.append(f"Could not be confirmed: {CHECK_LOCALLY}.")
    return ResourceLine(name=f"{prefix}{line.name}", contact=line.contact, tel=tel_for(line.contact),
                        note=" · ".join(notes))


def resources_for(country: str | None) -> Resources:
    entry = crisis_resources(country)
    title = "Help right now" if entry.is_fallback else f"Help right now in {entry.name}"
    lines = [ResourceLine(name="Emergency services", contact=entry.emergency, tel=tel_for(entry.emergency),
                          note="If you or someone else is in danger now.")]
    lines += [_line("", line) for line in entry.crisis]
    lines += [_line("Domestic abuse: ", line) for line in entry.abuse]
    lines.append(ResourceLine(name="Find a helpline anywhere", url="https://findahelpline.com",
                              url_label="findahelpline.com"))
    intro = entry.note
    if not entry.confirmed:
        intro = f"{intro} Not every number here could be confirmed: {CHECK_LOCALLY}.".strip()
    if entry.is_fallback:
        intro = f"{intro} Set your country in Settings (or pick it below) to see local numbers.".strip()
    return Resources(title=title, intro=intro, lines=lines)


def countries() -> list[tuple[str, str]]:
    return sorted(((code, entry.name) for code, entry in load_resources().countries.items()),
                  key=lambda pair: pair[1])
