"""Load and check phrasings.yaml: every move's wordings, thinking-trap names and feeling words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from steadyheart.errors import ContentError

PHRASINGS_PATH = Path(__file__).parent / "phrasings.yaml"
MIN_PHRASINGS_PER_MOVE = 3
SLOT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Phrasing:
    text: str
    slots: frozenset[str]

    def fill(self, values: dict[str, str]) -> str:
        return SLOT.sub(lambda m: values[m.group(1)], self.text)


@dataclass(frozen=True)
class Phrasings:
    #: move name -> group name ("say", "ask", "say_acted", "ask_friend" ...) -> phrasings
    moves: dict[str, dict[str, tuple[Phrasing, ...]]]
    #: trap name -> {"label", "plain"}
    traps: dict[str, dict[str, str]]
    #: emotion name -> feeling word
    feelings: dict[str, str]

    def group(self, move: str, group: str) -> tuple[Phrasing, ...]:
        return self.moves.get(move, {}).get(group, ())


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"The content file {path.name} could not be read: {exc}") from exc


def parse_phrasings(data: Any, source: str = "phrasings.yaml") -> Phrasings:
    """Validate the parsed YAML and build Phrasings; raise ContentError on the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("moves"), dict):
        raise ContentError(f"{source} must have a 'moves' mapping.")
    moves: dict[str, dict[str, tuple[Phrasing, ...]]] = {}
    for move, groups in data["moves"].items():
        if not isinstance(groups, dict):
            raise ContentError(f"{source}: move '{move}' must map group names to lists of phrasings.")
        built: dict[str, tuple[Phrasing, ...]] = {}
        for group, texts in groups.items():
            if not group.startswith(("say", "ask")):
                raise ContentError(f"{source}: group '{group}' of move '{move}' must start with say or ask.")
            if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
                raise ContentError(f"{source}: group '{group}' of move '{move}' must be a list of texts.")
            for text in texts:
                _check_question_rule(source, move, group, text)
            built[group] = tuple(Phrasing(t.strip(), frozenset(SLOT.findall(t))) for t in texts)
        total = sum(len(v) for v in built.values())
        if total < MIN_PHRASINGS_PER_MOVE:
            raise ContentError(f"{source}: move '{move}' has {total} phrasings; at least {MIN_PHRASINGS_PER_MOVE} are needed.")
        moves[move] = built
    traps = data.get("traps", {})
    feelings = data.get("feelings", {})
    if not isinstance(traps, dict) or not all(
        isinstance(v, dict) and {"label", "plain"} <= set(v) for v in traps.values()
    ):
        raise ContentError(f"{source}: every trap needs a label and a plain explanation.")
    if not isinstance(feelings, dict) or not all(isinstance(v, str) for v in feelings.values()):
        raise ContentError(f"{source}: feelings must map emotion names to words.")
    return Phrasings(moves=moves, traps={k: dict(v) for k, v in traps.items()}, feelings=dict(feelings))


def _check_question_rule(source: str, move: str, group: str, text: str) -> None:
    asks = text.count("?")
    if group.startswith("say") and asks:
        raise ContentError(f"{source}: '{text}' in {move}.{group} asks a question; say groups must not.")
    if group.startswith("ask") and asks != 1:
        raise ContentError(f"{source}: '{text}' in {move}.{group} must ask exactly one question.")


@cache
def load_phrasings(path: Path = PHRASINGS_PATH) -> Phrasings:
    return parse_phrasings(_read_yaml(path), path.name)
