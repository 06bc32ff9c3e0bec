"""Instrument files: the shipped ones match the fact sheet word for word; bad files fail loudly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from steadyheart.errors import ContentError, InputError
from steadyheart.measures.catalog import SHIPPED_DIR, Catalog, load_instrument_file

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "instruments-and-crisis-lines.md"
SHIPPED = ["gad2", "gad7", "phq2", "phq8", "phq9"]


def test_the_five_validated_instruments_and_the_check_in_ship(catalog: Catalog) -> None:
    assert catalog.ids() == [*SHIPPED, "relationship_worry"]
    for instrument_id in SHIPPED:
        assert catalog.get(instrument_id).validated


def test_item_counts_ranges_and_options(catalog: Catalog) -> None:
    expected = {"gad7": (7, 21), "gad2": (2, 6), "phq9": (9, 27), "phq8": (8, 24), "phq2": (2, 6)}
    for instrument_id, (scored, maximum) in expected.items():
        instrument = catalog.get(instrument_id)
        assert len(instrument.scored_items) == scored
        assert (instrument.min_total, instrument.max_total) == (0, maximum)
        assert [(o.value, o.label) for o in instrument.options] == [
            (0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day")]
        assert instrument.stem == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference fact sheet is not beside the repository")
def test_wording_and_codes_match_the_reference_fact_sheet(catalog: Catalog) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    for instrument_id in SHIPPED:
        instrument = catalog.get(instrument_id)
        for item in instrument.items:
            assert item.text in reference, (instrument_id, item.id)
            if item.loinc:
                assert item.loinc in reference
        for option in instrument.options:
            assert f"{option.code} ({option.label})" in reference
        for code in (instrument.loinc.panel, instrument.loinc.total):
            assert code is None or code in reference


def test_phq_items_are_the_same_text_across_the_family(catalog: Catalog) -> None:
    phq9 = [i.text for i in catalog.get("phq9").scored_items]
    assert [i.text for i in catalog.get("phq8").items] == phq9[:8]
    assert [i.text for i in catalog.get("phq2").items] == phq9[:2]
    assert [i.text for i in catalog.get("gad2").items] == [i.text for i in catalog.get("gad7").items][:2]


def test_band_boundaries_are_the_published_ones(catalog: Catalog) -> None:
    bounds = {i: [(b.min, b.max) for b in catalog.get(i).bands] for i in ("gad7", "phq9", "phq8")}
    assert bounds["gad7"] == [(0, 4), (5, 9), (10, 14), (15, 21)]
    assert bounds["phq9"] == [(0, 4), (5, 9), (10, 14), (15, 19), (20, 27)]
    assert bounds["phq8"] == [(0, 4), (5, 9), (10, 14), (15, 19), (20, 24)]
    gad7, phq9 = catalog.get("gad7").change, catalog.get("phq9").change
    assert gad7 is not None and (gad7.reliable_change, gad7.caseness_at_least) == (4, 8)
    assert phq9 is not None and (phq9.reliable_change, phq9.caseness_at_least) == (6, 10)


def test_no_licensed_items_ship() -> None:
    shipped = " ".join(p.read_text(encoding="utf-8") for p in SHIPPED_DIR.glob("*.yaml")).lower()
    # One item each from ECR-RS, ECR-R, RAS and the C-SSRS screener: none may appear in shipped files.
    for phrase in ("afraid that other people may abandon me", "i talk things over with my partner",
                   "how well does your partner meet your needs", "wished you were dead"):
        assert phrase not in shipped


def test_the_check_in_is_labelled_not_validated(catalog: Catalog) -> None:
    check_in = catalog.get("relationship_worry")
    assert not check_in.validated
    assert "not a validated measure" in check_in.label
    assert not check_in.bands and check_in.change is None


def test_names_are_forgiving_and_unknown_names_are_one_sentence(catalog: Catalog) -> None:
    assert catalog.get("GAD-7").id == "gad7"
    with pytest.raises(InputError, match="no questionnaire called 'ecr'"):
        catalog.get("ecr")


def test_an_operator_adds_an_instrument_as_a_file(operator_home: Path) -> None:
    catalog = Catalog.load(operator_home)
    added = catalog.get("reverse_check")
    assert [i.reverse for i in added.items] == [False, True, False, True]
    assert "gad7" in catalog


def test_an_operator_file_may_not_replace_a_shipped_one(home: Path) -> None:
    (home / "instruments").mkdir(parents=True)
    (home / "instruments" / "gad7.yaml").write_text((SHIPPED_DIR / "gad7.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ContentError, match="reuses the shipped id 'gad7'"):
        Catalog.load(home)


def _broken(tmp_path: Path, change: dict[str, object], name: str = "gad7x") -> Path:
    data = yaml.safe_load((SHIPPED_DIR / "gad7.yaml").read_text(encoding="utf-8"))
    data["id"] = "gad7x"
    data.update(change)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    ({"bands": [{"min": 0, "max": 4, "id": "a", "label": "A", "phrase": "a"},
                {"min": 6, "max": 21, "id": "b", "label": "B", "phrase": "b"}]}, "gap or overlap"),
    ({"bands": [{"min": 0, "max": 20, "id": "a", "label": "A", "phrase": "a"}]}, "whole range 0-21"),
    ({"flags": [{"id": "x", "item": "99", "at_least": 1}]}, "unknown item"),
    ({"flags": [{"id": "x", "item": "1", "at_least": 1, "total_at_least": 3}]}, "either"),
    ({"validated": False}, "not validated may not carry bands"),
    ({"colour": "blue"}, "Extra inputs"),
    ({"options": [{"value": 0, "label": "No"}, {"value": 0, "label": "Yes"}]}, "repeated option"),
    ({"loinc": {"panel": "not-a-code"}}, "loinc.panel"),
    ({"items": []}, "items"),
])
def test_a_bad_file_is_a_content_error_naming_the_problem(tmp_path: Path, change: dict[str, object],
                                                          message: str) -> None:
    with pytest.raises(ContentError, match=re.escape(message)):
        load_instrument_file(_broken(tmp_path, change))


def test_unreadable_and_misnamed_files_are_content_errors(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "oops.yaml"
    bad_yaml.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError, match="could not be read"):
        load_instrument_file(bad_yaml)
    a_list = tmp_path / "alist.yaml"
    a_list.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(ContentError, match="must hold a mapping"):
        load_instrument_file(a_list)
    with pytest.raises(ContentError, match="named after its id"):
        load_instrument_file(_broken(tmp_path, {}, name="other"))


def test_start_up_check_loads_everything(operator_home: Path) -> None:
    import steadyheart.measures as measures

    catalog = measures.check_measures_content(operator_home)
    assert "reverse_check" in catalog and "gad7" in catalog
    assert sorted(measures.__all__) == sorted(["Catalog", "Instrument", "QuestionnaireRunner", "RunnerTurn", "Score",
                                                "check_measures_content", "due_questionnaires",
                                                "questionnaire_request", "score"])
    for name in measures.__all__:
        assert getattr(measures, name) is not None
    with pytest.raises(AttributeError):
        _ = measures.nothing_here
