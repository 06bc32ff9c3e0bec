"""FHIR R4 export, validated by two FHIR libraries: fhirclient (R4 4.0.1 models) and fhir.resources."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle as R4BBundle
from fhir.resources.R4B.questionnaire import Questionnaire as R4BQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as R4BQuestionnaireResponse
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirabstractbase import FHIRValidationError
from fhirclient.models.questionnaire import Questionnaire
from fhirclient.models.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.measures.fhir import bundle, questionnaire, questionnaire_response
from steadyheart.store.db import Database

from .conftest import UserMaker

WHEN = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)


def _completed(database: Database, catalog: Catalog, user_id: int, instrument_id: str,
               answers: dict[str, int]) -> dict[str, Any]:
    instrument = catalog.get(instrument_id)
    with database.session() as session:
        administration, _ = records.save_completed(session, user_id, instrument, answers, taken_at=WHEN)
        return bundle(instrument, administration, subject_reference="Patient/example")


@pytest.mark.parametrize("instrument_id", ["gad7", "gad2", "phq9", "phq8", "phq2", "relationship_worry"])
def test_every_questionnaire_is_valid_r4(catalog: Catalog, instrument_id: str) -> None:
    resource = questionnaire(catalog.get(instrument_id))
    Questionnaire(copy.deepcopy(resource), strict=True)
    R4BQuestionnaire.model_validate(resource)
    assert [i["linkId"] for i in resource["item"]][-1] == "total"


def test_gad7_bundle_is_valid_and_loinc_coded(sqlite_db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    user_id = add_user(sqlite_db)
    document = _completed(sqlite_db, catalog, user_id, "gad7", dict(zip("1234567", [1, 2, 3, 0, 1, 2, 3], strict=True)))
    Bundle(copy.deepcopy(document), strict=True)
    R4BBundle.model_validate(document)
    q, qr = (entry["resource"] for entry in document["entry"])
    QuestionnaireResponse(copy.deepcopy(qr), strict=True)
    R4BQuestionnaireResponse.model_validate(qr)
    assert q["code"] == [{"system": "http://loinc.org", "code": "69737-5", "display": q["title"]}]
    assert [i["code"][0]["code"] for i in q["item"]] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7", "70274-6"]
    assert qr["questionnaire"] == f"{q['url']}|{q['version']}"
    assert qr["status"] == "completed" and qr["authored"] == "2026-02-03T10:15:00Z"
    assert qr["subject"] == {"reference": "Patient/example"}
    first = qr["item"][0]["answer"][0]["valueCoding"]
    assert first == {"system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"}
    assert qr["item"][-1] == {"linkId": "total", "text": "GAD-7 total score", "answer": [{"valueInteger": 12}]}
    # every answer is one of the options the Questionnaire offers for that item
    offered = {i["linkId"]: [o["valueCoding"] for o in i.get("answerOption", [])] for i in q["item"]}
    for item in qr["item"][:-1]:
        assert item["answer"][0]["valueCoding"] in offered[item["linkId"]]


def test_phq9_with_the_difficulty_item_and_enable_when(sqlite_db: Database, catalog: Catalog,
                                                        add_user: UserMaker) -> None:
    user_id = add_user(sqlite_db)
    answers = {**{str(i): 1 for i in range(1, 10)}, "10": 2}
    document = _completed(sqlite_db, catalog, user_id, "phq9", answers)
    Bundle(copy.deepcopy(document), strict=True)
    R4BBundle.model_validate(document)
    q, qr = (entry["resource"] for entry in document["entry"])
    difficulty = next(i for i in q["item"] if i["linkId"] == "10")
    assert difficulty["code"][0]["code"] == "69722-7" and difficulty["enableBehavior"] == "any"
    assert len(difficulty["enableWhen"]) == 9
    assert qr["item"][9]["answer"][0]["valueCoding"]["display"] == "Very difficult"
    assert qr["item"][-1]["answer"] == [{"valueInteger": 9}]


def test_a_mean_scored_added_instrument_exports_a_decimal_total(operator_home: Path, sqlite_db: Database,
                                                                add_user: UserMaker) -> None:
    catalog = Catalog.load(operator_home)
    document = _completed(sqlite_db, catalog, add_user(sqlite_db), "reverse_check",
                          {"a1": 5, "a2": 1, "a3": 4, "a4": 2})
    Bundle(copy.deepcopy(document), strict=True)
    R4BBundle.model_validate(document)
    qr = document["entry"][1]["resource"]
    assert qr["item"][-1]["answer"] == [{"valueInteger": 18}]
    assert "code" not in document["entry"][0]["resource"]  # no LOINC panel for an operator's own file


def test_the_validators_really_reject_broken_resources(catalog: Catalog) -> None:
    broken = questionnaire(catalog.get("gad7"))
    broken["status"] = 17
    with pytest.raises(FHIRValidationError):
        Questionnaire(copy.deepcopy(broken), strict=True)
    with pytest.raises(ValidationError):
        R4BQuestionnaire.model_validate(broken)
    unknown_field = questionnaire(catalog.get("gad7"))
    unknown_field["colour"] = "blue"
    with pytest.raises(FHIRValidationError):
        Questionnaire(copy.deepcopy(unknown_field), strict=True)


def test_only_completed_sittings_export(sqlite_db: Database, catalog: Catalog, add_user: UserMaker) -> None:
    gad7 = catalog.get("gad7")
    with sqlite_db.session() as session:
        administration = records.start(session, add_user(sqlite_db), gad7)
        with pytest.raises(ValueError, match="only a completed"):
            questionnaire_response(gad7, administration)


def test_the_export_is_plain_json(catalog: Catalog) -> None:
    assert json.loads(json.dumps(questionnaire(catalog.get("phq9"))))["resourceType"] == "Questionnaire"


# Value sets from the FHIR R4 specification (the libraries above check structure and types, not codes).
R4_ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text",
                 "url", "choice", "open-choice", "attachment", "reference", "quantity"}
R4_OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}


@pytest.mark.parametrize("instrument_id", ["gad7", "phq9", "relationship_worry"])
def test_codes_are_from_the_r4_value_sets(catalog: Catalog, instrument_id: str) -> None:
    resource = questionnaire(catalog.get(instrument_id))
    assert resource["status"] in {"draft", "active", "retired", "unknown"}
    for item in resource["item"]:
        assert item["type"] in R4_ITEM_TYPES
        for condition in item.get("enableWhen", []):
            assert condition["operator"] in R4_OPERATORS
        assert item.get("enableBehavior", "all") in {"all", "any"}
