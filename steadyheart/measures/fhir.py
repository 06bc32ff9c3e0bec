"""HL7 FHIR R4 export: an instrument as a `Questionnaire`, a completed sitting as a `QuestionnaireResponse`.

LOINC codes come from the instrument file (panel, items, answers, total). Options without a LOINC
answer code use a local code system. The response is de-identified: no subject unless one is given.
Imports catalog, scoring and the store model (read only).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from steadyheart.measures.catalog import Instrument, Item, Option
from steadyheart.measures.scoring import display_number, score
from steadyheart.store.models.measures import COMPLETED, MeasureAdministration

LOINC = "http://loinc.org"
CANONICAL_BASE = "urn:steadyheart:fhir:Questionnaire"
LOCAL_ANSWERS = "urn:steadyheart:fhir:CodeSystem"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TOTAL_LINK_ID = "total"


def canonical_url(instrument: Instrument) -> str:
    return f"{CANONICAL_BASE}:{instrument.id}"


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.id.replace("_", "-"),
        "url": canonical_url(instrument),
        "version": instrument.version,
        "name": _computable_name(instrument),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{instrument.stem} ({instrument.citation})",
        "copyright": " ".join(p for p in (instrument.licence, instrument.attribution) if p),
        "item": [_question(instrument, item) for item in instrument.items],
    }
    if instrument.loinc.panel:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc.panel, "display": instrument.title}]
    total: dict[str, Any] = {"linkId": TOTAL_LINK_ID, "text": f"{instrument.name} total score",
                             "type": "decimal" if instrument.scoring.method == "mean" else "integer",
                             "readOnly": True, "required": False}
    if instrument.loinc.total:
        total["code"] = [{"system": LOINC, "code": instrument.loinc.total}]
    resource["item"].append(total)
    return resource


def _question(instrument: Instrument, item: Item) -> dict[str, Any]:
    question: dict[str, Any] = {
        "linkId": item.id,
        "text": item.text,
        "type": "choice",
        "required": item.required,
        "answerOption": [{"valueCoding": _coding(instrument, item, o), "extension": [
            {"url": ORDINAL_VALUE, "valueDecimal": o.value}]} for o in instrument.options_for(item)],
    }
    if item.loinc:
        question["code"] = [{"system": LOINC, "code": item.loinc}]
    if item.ask_if_any_positive:
        # Shown only when a problem was reported: enableWhen on any scored item answered above the lowest option.
        question["enableWhen"] = [
            {"question": other.id, "operator": "!=", "answerCoding": _coding(instrument, other, _lowest(instrument, other))}
            for other in instrument.scored_items
        ]
        question["enableBehavior"] = "any"
    return question


def _coding(instrument: Instrument, item: Item, option: Option) -> dict[str, str]:
    if option.code:
        return {"system": LOINC, "code": option.code, "display": option.label}
    return {"system": f"{LOCAL_ANSWERS}:{instrument.id}:{item.id}", "code": str(option.value), "display": option.label}


def _lowest(instrument: Instrument, item: Item) -> Option:
    return min(instrument.options_for(item), key=lambda o: o.value)


def questionnaire_response(instrument: Instrument, administration: MeasureAdministration, *,
                           subject_reference: str | None = None) -> dict[str, Any]:
    if administration.status != COMPLETED or administration.completed_at is None:
        raise ValueError("only a completed questionnaire can be exported")
    answers = {a.item_id: a.value for a in administration.answers}
    result = score(instrument, answers)
    items: list[dict[str, Any]] = []
    for item in instrument.items:
        if item.id not in answers:
            continue
        option = next(o for o in instrument.options_for(item) if o.value == answers[item.id])
        items.append({"linkId": item.id, "text": item.text, "answer": [{"valueCoding": _coding(instrument, item, option)}]})
    total = display_number(result.total)
    value_key = "valueInteger" if isinstance(total, int) else "valueDecimal"
    items.append({"linkId": TOTAL_LINK_ID, "text": f"{instrument.name} total score", "answer": [{value_key: total}]})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"{instrument.id.replace('_', '-')}-{administration.id}",
        "questionnaire": f"{canonical_url(instrument)}|{instrument.version}",
        "status": "completed",
        "authored": _instant(administration.completed_at),
        "item": items,
    }
    if subject_reference:
        resource["subject"] = {"reference": subject_reference}
    return resource


def bundle(instrument: Instrument, administration: MeasureAdministration, *,
           subject_reference: str | None = None) -> dict[str, Any]:
    """A `collection` Bundle with the Questionnaire and the QuestionnaireResponse that answers it."""
    q = questionnaire(instrument)
    qr = questionnaire_response(instrument, administration, subject_reference=subject_reference)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(datetime.now(UTC)),
        "entry": [
            {"fullUrl": q["url"], "resource": q},
            {"fullUrl": f"urn:steadyheart:fhir:QuestionnaireResponse:{qr['id']}", "resource": qr},
        ],
    }


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _computable_name(instrument: Instrument) -> str:
    """FHIR `name` must start with a capital letter and hold only letters, digits and underscores."""
    words = re.split(r"[^A-Za-z0-9]+", instrument.name)
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return name if name[:1].isalpha() else f"Q{name}"
