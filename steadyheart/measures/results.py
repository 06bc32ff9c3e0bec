"""The words around a questionnaire: intro, each question, and a result that never diagnoses.

Phrasing lives in messages.yaml (validated at load). Imports catalog and scoring only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from steadyheart.errors import ContentError
from steadyheart.measures.catalog import Instrument, Item
from steadyheart.measures.scoring import Score, display_number

MESSAGES_FILE = Path(__file__).parent / "messages.yaml"
#: the short screeners point to the full questionnaire
LONGER = {"gad2": "GAD-7", "phq2": "PHQ-9"}


class Messages(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intro: str
    resume: str
    not_validated: str
    question_heading: str
    answer_hint: str
    did_not_understand: str
    paused: str
    result_band: str
    result_no_band: str
    result_not_validated: str
    above_cutoff: str
    screen_positive_short: str
    not_diagnosis_footer: str
    item9: str
    item9_paused: str
    item9_handover: str
    progress_none: str
    progress_one: str
    progress_since: str
    progress_improved: str
    progress_deteriorated: str
    progress_steady: str
    progress_recovered: str
    progress_still_case: str
    progress_window: str
    progress_window_missing: str
    progress_footer: str


@lru_cache(maxsize=1)
def messages() -> Messages:
    try:
        return Messages.model_validate(yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ContentError(f"The questionnaire messages file {MESSAGES_FILE} is invalid ({type(exc).__name__}).") \
            from exc


def intro(instrument: Instrument) -> str:
    text = messages().intro.format(name=instrument.label)
    return text if instrument.validated else f"{text} {messages().not_validated}"


def question_text(instrument: Instrument, item: Item, *, with_hint: bool = True) -> str:
    """One question: heading, the stem (unless the item is its own question), the item, the options."""
    number = [i.id for i in instrument.items].index(item.id) + 1
    lines = [messages().question_heading.format(name=instrument.name, number=number, count=len(instrument.items))]
    if item.options is None:
        lines.append(instrument.stem)
    lines.append(item.text)
    lines.append(options_line(instrument, item))
    if with_hint:
        lines.append(messages().answer_hint)
    return "\n".join(lines)


def options_line(instrument: Instrument, item: Item) -> str:
    return " · ".join(f"{o.value} = {o.label}" for o in instrument.options_for(item))


def result_text(instrument: Instrument, result: Score) -> str:
    m = messages()
    fields = {"name": instrument.name, "total": display_number(result.total),
              "max": display_number(instrument.max_total)}
    if not instrument.validated:
        return m.result_not_validated.format(**fields)
    parts: list[str] = []
    if result.band_phrase:
        parts.append(m.result_band.format(phrase=result.band_phrase, **fields))
    else:
        parts.append(m.result_no_band.format(**fields))
    if "screen_positive" in result.flags:
        if instrument.id in LONGER and instrument.cutoff:
            parts.append(m.screen_positive_short.format(cutoff=display_number(instrument.cutoff.score),
                                                        longer=LONGER[instrument.id]))
        else:
            parts.append(m.above_cutoff)
    parts.append(m.not_diagnosis_footer)
    return " ".join(parts)
