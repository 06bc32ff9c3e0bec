"""Load and validate the triage patterns (data/triage_patterns.yaml) once, compiled.

A bad pattern file fails loudly with ContentError at first use: triage never runs half-configured.
Imports yaml, re and steadyheart.errors / steadyheart.safety.tiers only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from steadyheart.errors import ContentError
from steadyheart.prefilter import needed
from steadyheart.safety.tiers import Category, Tier

PATTERNS_PATH = Path(__file__).parent / "data" / "triage_patterns.yaml"
KINDS = ("risk", "means", "distress", "cap", "urgency")
_MACRO = re.compile(r"<<(\w+)>>")


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    category: Category | None = None
    tier: Tier = Tier.NONE
    also: tuple[Category, ...] = ()
    firm: bool = False
    third_party: bool = False
    lethal: bool = False
    scope: str = "overlap"
    #: Words one of which every match contains (`steadyheart.prefilter`): without them the regex is not run.
    needs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PatternSet:
    risk: tuple[Pattern, ...]
    means: tuple[Pattern, ...]
    distress: tuple[Pattern, ...]
    caps: tuple[Pattern, ...]
    #: Immediacy cues (timing with intent, means at hand, an act under way): they turn an elevated
    #: triage imminent; a `category` limits a cue to that category ("he is still here": partner abuse).
    urgency: tuple[Pattern, ...] = ()


@lru_cache(maxsize=4)
def load_patterns(path: Path = PATTERNS_PATH) -> PatternSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"The triage pattern file {path.name} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise ContentError(f"The triage pattern file {path.name} must have a 'patterns' list.")
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    for _ in range(3):  # macros may use macros
        macros = {k: _expand(v, macros, path) for k, v in macros.items()}
    groups: dict[str, list[Pattern]] = {kind: [] for kind in KINDS}
    seen: set[str] = set()
    for raw in data["patterns"]:
        pattern = _build(raw, macros, path)
        if pattern.id in seen:
            raise ContentError(f"The triage pattern id {pattern.id!r} appears twice in {path.name}.")
        seen.add(pattern.id)
        groups[pattern.kind].append(pattern)
    return PatternSet(
        risk=tuple(groups["risk"]),
        means=tuple(groups["means"]),
        distress=tuple(groups["distress"]),
        caps=tuple(groups["cap"]),
        urgency=tuple(groups["urgency"]),
    )


def _expand(text: str, macros: dict[str, str], path: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ContentError(f"The triage pattern file {path.name} uses an unknown macro <<{name}>>.")
        return macros[name]

    return _MACRO.sub(replace, text)


def _build(raw: Any, macros: dict[str, str], path: Path) -> Pattern:
    if not isinstance(raw, dict) or "id" not in raw or "re" not in raw:
        raise ContentError(f"Every entry in {path.name} needs an 'id' and a 're'; found {raw!r:.80}.")
    pid = str(raw["id"])
    kind = str(raw.get("kind", "risk"))
    if kind not in KINDS:
        raise ContentError(f"Pattern {pid!r} in {path.name} has an unknown kind {kind!r}.")
    try:
        regex = re.compile(_expand(str(raw["re"]), macros, path))
        category = Category(raw["category"]) if raw.get("category") else None
        tier = Tier(raw.get("tier", "none"))
        also = tuple(Category(c) for c in raw.get("also") or ())
    except re.error as exc:
        raise ContentError(f"Pattern {pid!r} in {path.name} is not a valid regular expression: {exc}.") from exc
    except ValueError as exc:
        raise ContentError(f"Pattern {pid!r} in {path.name} has an unknown tier or category: {exc}.") from exc
    if kind in ("risk", "means") and category is None:
        raise ContentError(f"Pattern {pid!r} in {path.name} needs a category.")
    scope = str(raw.get("scope", "overlap"))
    if scope not in ("overlap", "message"):
        raise ContentError(f"Pattern {pid!r} in {path.name} has scope {scope!r}; use overlap or message.")
    return Pattern(
        id=pid,
        kind=kind,
        regex=regex,
        category=category,
        tier=tier,
        also=also,
        firm=bool(raw.get("firm", False)),
        third_party=bool(raw.get("third_party", False)),
        lethal=bool(raw.get("lethal", False)),
        scope=scope,
        needs=needed(regex),
    )
