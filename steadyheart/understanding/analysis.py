"""The Analysis of one message: what the understanding layer noticed, as plain data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Scored:
    """A label with a 0-1 score (emotions, body signals, triggers)."""

    name: str
    score: float
    evidence: str = ""


@dataclass(frozen=True)
class TrapFinding:
    """A thinking trap, the words that show it, and a one-line reason a person would accept."""

    name: str
    score: float
    evidence: str
    why: str
    #: False when no cue words showed the trap and the evidence is the model's guess over a whole sentence.
    in_words: bool = True


class UrgeStatus(StrEnum):
    URGE = "urge"          # "I want to check his phone"
    ACTED = "acted"        # "I checked"
    RESISTED = "resisted"  # "I didn't check"


@dataclass(frozen=True)
class UrgeFinding:
    name: str
    status: UrgeStatus
    score: float
    evidence: str = ""


@dataclass(frozen=True)
class Analysis:
    emotions: tuple[Scored, ...] = ()
    body: tuple[Scored, ...] = ()
    traps: tuple[TrapFinding, ...] = ()
    triggers: tuple[Scored, ...] = ()
    urges: tuple[UrgeFinding, ...] = ()
    intensity: float = 0.0
    topics: tuple[str, ...] = field(default_factory=tuple)

    def top_emotion(self) -> Scored | None:
        return max(self.emotions, key=lambda e: e.score, default=None)

    def emotion_groups(self) -> dict[str, float]:
        """Display groups (anxious, sad, angry, ashamed, warm, unsure, calm) -> strongest score, strongest first."""
        from steadyheart.understanding.emotions import group_of  # lazy: emotions imports this module

        groups: dict[str, float] = {}
        for emotion in self.emotions:
            group = group_of(emotion.name)
            groups[group] = max(groups.get(group, 0.0), emotion.score)
        return dict(sorted(groups.items(), key=lambda item: -item[1]))

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Analysis:
        def scored(key: str) -> tuple[Scored, ...]:
            return tuple(Scored(**item) for item in data.get(key, []))  # type: ignore[attr-defined]

        return cls(
            emotions=scored("emotions"),
            body=scored("body"),
            traps=tuple(TrapFinding(**t) for t in data.get("traps", [])),  # type: ignore[attr-defined]
            triggers=scored("triggers"),
            urges=tuple(
                UrgeFinding(**{**u, "status": UrgeStatus(u["status"])})
                for u in data.get("urges", [])  # type: ignore[attr-defined]
            ),
            intensity=float(data.get("intensity", 0.0)),  # type: ignore[arg-type]
            topics=tuple(data.get("topics", [])),  # type: ignore[arg-type]
        )
