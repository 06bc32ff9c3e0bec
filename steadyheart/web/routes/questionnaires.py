"""Questionnaires (GAD-7, PHQ-9 … as data): a form per instrument, its result, and the same in the API.

A positive PHQ-9 item 9 shows the crisis resources with the result, whatever the total.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from steadyheart import config
from steadyheart.errors import InputError
from steadyheart.measures import Catalog, Instrument, Score
from steadyheart.measures.records import history, save_completed
from steadyheart.measures.results import messages, result_text
from steadyheart.measures.schedule import due_questionnaires
from steadyheart.store.base import utcnow
from steadyheart.store.conversations import NotFoundError
from steadyheart.web.api.deps import CsrfChecked, CurrentUser, PageUser, StateDep
from steadyheart.web.core.help import resources_for, resources_text
from steadyheart.web.core.state import WebState
from steadyheart.web.core.templating import render

router = APIRouter()


def catalog(state: WebState) -> Catalog:
    return Catalog.load(config.resolve_home(state.settings.home))


def instrument_or_404(state: WebState, instrument_id: str) -> Instrument:
    try:
        return catalog(state).get(instrument_id)
    except InputError as exc:
        raise NotFoundError(str(exc)) from None


class InstrumentSummary(BaseModel):
    id: str
    name: str
    title: str
    validated: bool
    items: int


class OptionOut(BaseModel):
    value: int
    label: str


class ItemOut(BaseModel):
    id: str
    text: str
    required: bool
    options: list[OptionOut]


class InstrumentOut(InstrumentSummary):
    stem: str
    questions: list[ItemOut]


class AnswersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, int] = Field(max_length=64, examples=[{"1": 2, "2": 1}])


class ResultOut(BaseModel):
    instrument: str
    total: float
    band: str | None
    flags: list[str]
    message: str
    needs_safety_flow: bool
    resources: str | None = None


class PointOut(BaseModel):
    taken_at: datetime
    total: float
    band: str | None


def _summary(instrument: Instrument) -> InstrumentSummary:
    return InstrumentSummary(id=instrument.id, name=instrument.label, title=instrument.title,
                             validated=instrument.validated, items=len(instrument.items))


def _items(instrument: Instrument) -> list[ItemOut]:
    return [ItemOut(id=i.id, text=i.text, required=i.required,
                    options=[OptionOut(value=o.value, label=o.label) for o in instrument.options_for(i)])
            for i in instrument.items]


def _result_message(instrument: Instrument, result: Score) -> str:
    text = result_text(instrument, result)
    return f"{messages().item9} {text}" if result.needs_safety_flow else text


# -- pages --------------------------------------------------------------------------------------
@router.get("/questionnaires", include_in_schema=False)
def list_page(request: Request, state: StateDep, person: PageUser) -> Response:
    instruments = sorted(catalog(state), key=lambda i: (not i.validated, i.id))
    with state.person_session(person.id) as session:
        past = {i.id: history(session, person.id, i.id) for i in instruments}
        # the gentle schedule (baseline, then every two weeks by default): offered here, never pushed
        due = due_questionnaires(session, person.id, utcnow(), catalog=catalog(state))
    return render(request, "questionnaires.html", {"person": person, "active": "questionnaires",
                                                   "instruments": instruments, "past": past, "due": due})


@router.get("/questionnaires/{instrument_id}", include_in_schema=False)
def form_page(request: Request, state: StateDep, person: PageUser, instrument_id: str) -> Response:
    instrument = instrument_or_404(state, instrument_id)
    return render(request, "questionnaire.html", {"person": person, "active": "questionnaires",
                                                  "instrument": instrument, "items": _items(instrument)})


@router.post("/questionnaires/{instrument_id}", include_in_schema=False, dependencies=[CsrfChecked])
async def submit_page(request: Request, state: StateDep, person: PageUser, instrument_id: str) -> Response:
    instrument = instrument_or_404(state, instrument_id)
    form = await request.form()
    answers: dict[str, int] = {}
    for item in instrument.items:
        value = form.get(f"item-{item.id}")
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            answers[item.id] = int(value)
    context: dict[str, Any] = {"person": person, "active": "questionnaires", "instrument": instrument,
                               "items": _items(instrument), "chosen": answers}
    try:
        with state.person_session(person.id) as session:
            _, result = save_completed(session, person.id, instrument, answers, source="web")
    except InputError as exc:
        return render(request, "questionnaire.html", {**context, "error": str(exc)}, status_code=400)
    return render(request, "questionnaire_result.html", {
        **context, "result": result, "message": _result_message(instrument, result),
        "resources": resources_for(person.country) if result.needs_safety_flow else None,
    })


# -- API ----------------------------------------------------------------------------------------
@router.get("/api/v1/questionnaires", tags=["questionnaires"], response_model=list[InstrumentSummary])
def api_list(person: CurrentUser, state: StateDep) -> list[InstrumentSummary]:
    return [_summary(i) for i in catalog(state)]


@router.get("/api/v1/questionnaires/{instrument_id}", tags=["questionnaires"], response_model=InstrumentOut)
def api_instrument(instrument_id: str, person: CurrentUser, state: StateDep) -> InstrumentOut:
    instrument = instrument_or_404(state, instrument_id)
    return InstrumentOut(**_summary(instrument).model_dump(), stem=instrument.stem, questions=_items(instrument))


@router.post("/api/v1/questionnaires/{instrument_id}/responses", tags=["questionnaires"],
             status_code=status.HTTP_201_CREATED, response_model=ResultOut)
def api_answer(instrument_id: str, body: AnswersIn, person: CurrentUser, state: StateDep) -> ResultOut:
    """Answer a whole questionnaire at once; every answer is checked before any is saved."""
    instrument = instrument_or_404(state, instrument_id)
    with state.person_session(person.id) as session:
        _, result = save_completed(session, person.id, instrument, body.answers, source="web")
    return ResultOut(instrument=instrument.id, total=result.total, band=result.band, flags=list(result.flags),
                     message=_result_message(instrument, result), needs_safety_flow=result.needs_safety_flow,
                     resources=resources_text(person.country) if result.needs_safety_flow else None)


@router.get("/api/v1/questionnaires/{instrument_id}/history", tags=["questionnaires"],
            response_model=list[PointOut])
def api_history(instrument_id: str, person: CurrentUser, state: StateDep) -> list[PointOut]:
    instrument = instrument_or_404(state, instrument_id)
    with state.person_session(person.id) as session:
        return [PointOut(taken_at=p.taken_at, total=p.total, band=p.band)
                for p in history(session, person.id, instrument.id)]
