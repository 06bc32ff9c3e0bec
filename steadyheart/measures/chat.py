"""Questionnaires inside a conversation: recognise the request, then ask one item at a time.

`questionnaire_request(text)` maps "can I do the anxiety questionnaire?" to "gad7". A
`QuestionnaireRunner` keeps its place in the conversation state dict (key "questionnaire"), saves
each answer as it comes (so it resumes after an interruption), and finishes with a plain-language
result. A positive PHQ-9 item 9 ends the questionnaire at once with `safety_flow=True` and the crisis
resources in the text. Imports catalog, scoring, records, results and crisis.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog, Instrument
from steadyheart.measures.crisis import raise_safety_signal
from steadyheart.measures.results import intro, messages, question_text, result_text
from steadyheart.measures.scoring import (
    ITEM9_POSITIVE,
    Score,
    is_complete,
    item_flags,
    next_item,
    parse_answer,
)
from steadyheart.safety import Triage
from steadyheart.store.base import utcnow
from steadyheart.store.models.measures import IN_PROGRESS

STATE_KEY = "questionnaire"

_NOUN = r"(questionnaire|quiz|test|check[\s-]?in|check|scale|assessment|screen(?:ing|er)?|survey|measure|form)"
_TOPICS: list[tuple[str, str]] = [
    (r"relationship[\s-]+worry", "relationship_worry"),
    (r"anxiety|anxious|worry|worries|worrying|nerves", "gad7"),
    (r"depression|depressed|low[\s-]+mood|mood", "phq9"),
]
_CODE = re.compile(r"\b(gad|phq)[\s-]?([2789])\b")
_REQUEST = re.compile(r"\b(can|could|may|can't|let's|lets|let me|want|wanna|would like|i'd like|start|take|do|try|"
                      r"fill|give|show|is there|are there|have you got|please|again|back to|carry on|continue)\b")
#: not-understood answers in a row before the runner steps aside
MAX_MISSES = 3
_STOP = re.compile(r"^\s*(stop|pause|cancel|quit|exit|later|not now|enough|no more|finish later)\b[\s.!]*$")


def questionnaire_request(text: str) -> str | None:
    """The instrument id a message asks for ("gad7", "phq9" …), or None if it asks for none."""
    lowered = text.lower()
    code = _CODE.search(lowered)
    if code:
        candidate = f"{code.group(1)}{code.group(2)}"
        return candidate if candidate in {"gad7", "gad2", "phq9", "phq8", "phq2"} else None
    # "my anxiety is a test of patience" is not a request: ask for a request word, or a short message
    if not _REQUEST.search(lowered) and len(lowered.split()) > 4:
        return None
    for topic, instrument_id in _TOPICS:
        near = rf"\b({topic})\b(\W+\w+){{0,2}}?\W+{_NOUN}\b|\b{_NOUN}\b(\W+\w+){{0,2}}?\W+\b({topic})\b"
        if re.search(near, lowered):
            return instrument_id
    return None


@dataclass(frozen=True)
class RunnerTurn:
    """What the runner says this turn, and what the caller must do next."""

    text: str
    instrument: str
    administration_id: int | None
    #: the next message belongs to the questionnaire
    active: bool
    #: the questionnaire was completed this turn (score is set)
    done: bool = False
    #: the last answer was not understood; nothing was saved and the same question is asked again
    error: bool = False
    score: Score | None = None
    item9_positive: bool = False
    #: the caller must start its crisis flow now (resources are already in `text`)
    safety_flow: bool = False
    #: with safety_flow: the safety layer's Triage for the answer (tier elevated, suicide/self-harm)
    triage: Triage | None = None


class QuestionnaireRunner:
    """Conversational questionnaires. `state` is the conversation's state dict, changed in place."""

    def __init__(self, catalog: Catalog | None = None, *, clock: Callable[[], datetime] | None = None,
                 source: str = "chat") -> None:
        self.catalog = catalog or Catalog.load()
        self.clock = clock or utcnow
        self.source = source

    def is_active(self, state: MutableMapping[str, Any]) -> bool:
        return isinstance(state.get(STATE_KEY), dict)

    def pause(self, state: MutableMapping[str, Any]) -> None:
        """Step aside (a crisis turn, the person changed the subject); answers stay saved for resuming."""
        state.pop(STATE_KEY, None)

    def __call__(self, session: Session, user_id: int, state: MutableMapping[str, Any], text: str) -> RunnerTurn | None:
        """Answer a message: the next question, an error, or the result; None if it is not ours."""
        if self.is_active(state):
            return self.answer(session, user_id, state, text)
        requested = questionnaire_request(text)
        if requested is None or requested not in self.catalog:
            return None
        return self.start(session, user_id, state, requested)

    def start(self, session: Session, user_id: int, state: MutableMapping[str, Any], instrument_id: str) -> RunnerTurn:
        instrument = self.catalog.get(instrument_id)
        resumed = records.in_progress(session, user_id, instrument.id)
        administration = resumed or records.start(session, user_id, instrument, source=self.source, now=self.clock())
        state[STATE_KEY] = {"instrument": instrument.id, "administration_id": administration.id}
        answers = records.answers_of(administration)
        item = next_item(instrument, answers)
        if item is None:  # every question was answered before the interruption
            return self._finish(session, user_id, state, instrument, administration)
        opening = (messages().resume.format(name=instrument.label, answered=len(answers), count=len(instrument.items))
                   if resumed else intro(instrument))
        return RunnerTurn(f"{opening}\n\n{question_text(instrument, item)}", instrument.id, administration.id,
                          active=True)

    def answer(self, session: Session, user_id: int, state: MutableMapping[str, Any], text: str) -> RunnerTurn:
        place = state[STATE_KEY]
        instrument = self.catalog.get(str(place["instrument"]))
        try:
            administration = records.get_administration(session, user_id, int(place["administration_id"]))
        except InputError:
            administration = None
        if administration is None or administration.status != IN_PROGRESS:
            state.pop(STATE_KEY, None)  # finished or removed elsewhere (another window, the CLI)
            return self.start(session, user_id, state, instrument.id)
        answers = records.answers_of(administration)
        item = next_item(instrument, answers)
        if item is None:
            return self._finish(session, user_id, state, instrument, administration)
        if _STOP.match(text.lower()):
            state.pop(STATE_KEY, None)
            return RunnerTurn(messages().paused.format(name=instrument.label), instrument.id, administration.id,
                              active=False)
        try:
            value = parse_answer(instrument, item, text)
        except InputError as exc:
            misses = int(place.get("misses", 0)) + 1
            if misses >= MAX_MISSES:  # never trap a person in a form: step aside, answers kept
                state.pop(STATE_KEY, None)
                return RunnerTurn(messages().paused.format(name=instrument.label), instrument.id,
                                  administration.id, active=False, error=True)
            state[STATE_KEY] = {**place, "misses": misses}
            problem = messages().did_not_understand.format(problem=str(exc))
            return RunnerTurn(f"{problem}\n\n{question_text(instrument, item, with_hint=False)}", instrument.id,
                              administration.id, active=True, error=True)
        state[STATE_KEY] = {**place, "misses": 0}
        records.record_answer(session, administration, instrument, item.id, value, now=self.clock())
        answers[item.id] = value
        if any(flag.safety for flag in item_flags(instrument, item.id, value)):
            return self._safety_stop(session, user_id, state, instrument, administration, answers)
        following = next_item(instrument, answers)
        if following is None:
            return self._finish(session, user_id, state, instrument, administration)
        return RunnerTurn(question_text(instrument, following), instrument.id, administration.id, active=True)

    def _finish(self, session: Session, user_id: int, state: MutableMapping[str, Any], instrument: Instrument,
                administration: Any) -> RunnerTurn:
        result = records.complete(session, administration, instrument, now=self.clock())
        state.pop(STATE_KEY, None)
        text = result_text(instrument, result)
        triage = None
        if result.needs_safety_flow:
            signal = raise_safety_signal(session, user_id, instrument, result.answers)
            text, triage = f"{messages().item9}\n\n{signal.resources}\n\n{text}", signal.triage
        return RunnerTurn(text, instrument.id, administration.id, active=False, done=True, score=result,
                          item9_positive=result.item9_positive, safety_flow=result.needs_safety_flow, triage=triage)

    def _safety_stop(self, session: Session, user_id: int, state: MutableMapping[str, Any], instrument: Instrument,
                     administration: Any, answers: dict[str, int]) -> RunnerTurn:
        """Safety first: finish now if the scored items are all answered, else pause with answers kept."""
        state.pop(STATE_KEY, None)
        signal = raise_safety_signal(session, user_id, instrument, answers)
        if is_complete(instrument, answers):
            result = records.complete(session, administration, instrument, now=self.clock())
            return RunnerTurn(f"{messages().item9}\n\n{signal.resources}", instrument.id, administration.id,
                              active=False, done=True, score=result, item9_positive=result.item9_positive,
                              safety_flow=True, triage=signal.triage)
        text = f"{messages().item9}\n\n{signal.resources}\n\n{messages().item9_paused}"
        positive = any(f.id == ITEM9_POSITIVE for item_id, value in answers.items()
                       for f in item_flags(instrument, item_id, value))
        return RunnerTurn(text, instrument.id, administration.id, active=False, item9_positive=positive,
                          safety_flow=True, triage=signal.triage)
