"""Scoring against hand-computed cases, every band boundary, reverse keying, flags and bad answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steadyheart.errors import InputError
from steadyheart.measures.catalog import Catalog
from steadyheart.measures.scoring import (
    check_answers,
    keyed_value,
    next_item,
    parse_answer,
    parse_answer_list,
    score,
)

from .conftest import answers_for_total

# Hand-computed: each row's total was added up by hand from the answers.
HAND_CASES = [
    ("gad7", "1,2,3,0,1,2,3", 12, "moderate", ["screen_positive"]),
    ("gad7", "0,0,0,0,0,0,0", 0, "minimal", []),
    ("gad7", "3,3,3,3,3,3,3", 21, "severe", ["screen_positive"]),
    ("gad7", "1,1,1,1,1,0,0", 5, "mild", []),
    ("gad2", "2,1", 3, None, ["screen_positive"]),
    ("gad2", "1,1", 2, None, []),
    ("phq9", "0,1,2,3,0,1,2,3,0", 12, "moderate", ["screen_positive"]),
    ("phq9", "3,3,3,3,3,3,3,3,3", 27, "severe", ["item9_positive", "screen_positive"]),
    ("phq9", "2,2,2,2,2,2,2,2,0,1", 16, "moderately_severe", ["screen_positive"]),
    ("phq9", "0,0,0,0,0,0,0,0,1", 1, "minimal", ["item9_positive"]),
    ("phq8", "1,1,1,1,1,1,1,1", 8, "mild", []),
    ("phq8", "3,3,3,3,3,3,3,3", 24, "severe", ["screen_positive"]),
    ("phq2", "3,0", 3, None, ["screen_positive"]),
    ("phq2", "0,2", 2, None, []),
    ("relationship_worry", "2,2,1,0,3", 5, None, []),  # item 5 is reverse-keyed: 3 counts as 0
]


@pytest.mark.parametrize(("instrument_id", "given", "total", "band", "flags"), HAND_CASES)
def test_hand_computed_scores(catalog: Catalog, instrument_id: str, given: str, total: int, band: str | None,
                              flags: list[str]) -> None:
    result = score(catalog.get(instrument_id), parse_answer_list(catalog.get(instrument_id), given))
    assert result.to_dict() == {"instrument": instrument_id, "total": total, "band": band, "flags": flags}


def _boundaries(catalog: Catalog) -> list[tuple[str, int, str]]:
    cases = []
    for instrument_id in ("gad7", "phq9", "phq8"):
        for band in catalog.get(instrument_id).bands:
            cases += [(instrument_id, int(band.min), band.id), (instrument_id, int(band.max), band.id)]
    return cases


@pytest.mark.parametrize(("instrument_id", "total", "band"), _boundaries(Catalog.load()))
def test_every_band_boundary(catalog: Catalog, instrument_id: str, total: int, band: str) -> None:
    instrument = catalog.get(instrument_id)
    # Filled from item 1, so PHQ-9 item 9 stays 0 unless the total needs it (above 24).
    result = score(instrument, answers_for_total(instrument, total))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("instrument_id", "below", "at"), [("gad7", 9, 10), ("phq9", 9, 10), ("phq8", 9, 10),
                                                             ("gad2", 2, 3), ("phq2", 2, 3)])
def test_screening_cutoffs(catalog: Catalog, instrument_id: str, below: int, at: int) -> None:
    instrument = catalog.get(instrument_id)
    assert "screen_positive" not in score(instrument, answers_for_total(instrument, below)).flags
    assert "screen_positive" in score(instrument, answers_for_total(instrument, at)).flags


def test_reverse_keyed_items_in_an_added_instrument(operator_home: Path) -> None:
    instrument = Catalog.load(operator_home).get("reverse_check")
    # a1=5, a2=1 (reversed: 5), a3=4, a4=2 (reversed: 4) -> 18, "high"; ease mean (5+4)/2, unease (5+4)/2
    result = score(instrument, {"a1": 5, "a2": 1, "a3": 4, "a4": 2})
    assert (result.total, result.band) == (18, "high")
    assert result.subscales == {"ease": 4.5, "unease_reversed": 4.5}
    # The opposite pattern: a1=1, a2=5 (-> 1), a3=2, a4=4 (-> 2) -> 6, "low"
    low = score(instrument, {"a1": 1, "a2": 5, "a3": 2, "a4": 4})
    assert (low.total, low.band, low.subscales["unease_reversed"]) == (6, "low", 1.5)
    assert [keyed_value(instrument, instrument.item("a2"), raw) for raw in range(1, 6)] == [5, 4, 3, 2, 1]
    with pytest.raises(InputError, match="takes one of 1, 2, 3, 4 or 5, not 0"):
        score(instrument, {"a1": 0, "a2": 1, "a3": 1, "a4": 1})


def test_item9_flag_is_any_answer_above_not_at_all(catalog: Catalog) -> None:
    phq9 = catalog.get("phq9")
    for value in (1, 2, 3):
        answers = {**{str(i): 0 for i in range(1, 9)}, "9": value}
        result = score(phq9, answers)
        assert result.item9_positive and result.needs_safety_flow and result.safety_flags == ("item9_positive",)
    calm = score(phq9, {str(i): 3 for i in range(1, 9)} | {"9": 0})
    assert not calm.item9_positive and not calm.needs_safety_flow


def test_phq9_difficulty_item_is_optional_unscored_and_asked_only_after_a_problem(catalog: Catalog) -> None:
    phq9 = catalog.get("phq9")
    zeros = {str(i): 0 for i in range(1, 10)}
    assert next_item(phq9, zeros) is None
    some = {**zeros, "3": 1}
    following = next_item(phq9, some)
    assert following is not None and following.id == "10"
    assert score(phq9, {**some, "10": 3}).total == 1


@pytest.mark.parametrize(("text", "value"), [("2", 2), (" 0 ", 0), ("Several days", 1), ("nearly every day.", 3),
                                             ("more than half the days", 2), ("umm, several days I think", 1),
                                             ("NOT AT ALL", 0)])
def test_typed_answers_as_numbers_or_words(catalog: Catalog, text: str, value: int) -> None:
    gad7 = catalog.get("gad7")
    assert parse_answer(gad7, gad7.item("1"), text) == value


@pytest.mark.parametrize("text", ["4", "-1", "banana", "", "several days or nearly every day", "2.5"])
def test_typed_answers_that_are_refused(catalog: Catalog, text: str) -> None:
    gad7 = catalog.get("gad7")
    with pytest.raises(InputError):
        parse_answer(gad7, gad7.item("1"), text)


@pytest.mark.parametrize(("given", "message"), [
    ("1,2,3", "needs 7 answers in order"),
    ("1,2,3,0,1,2,3,1", "needs 7 answers"),
    ("1,2,3,0,1,2,three", "not a whole number"),
    ("1,2,3,0,1,2,4", "takes one of 0, 1, 2 or 3, not 4"),
    ("1,2,3,0,1,2,-1", "not -1"),
])
def test_answer_lists_that_are_refused(catalog: Catalog, given: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_answer_list(catalog.get("gad7"), given)


def test_phq9_answer_list_with_or_without_the_difficulty_item(catalog: Catalog) -> None:
    phq9 = catalog.get("phq9")
    assert len(parse_answer_list(phq9, "0,0,0,0,0,0,0,0,0")) == 9
    assert parse_answer_list(phq9, "1,0,0,0,0,0,0,0,0,2")["10"] == 2
    with pytest.raises(InputError, match=r"needs 9 \(or 10 with the optional ones\)"):
        parse_answer_list(phq9, "0,0,0")


def test_skipped_and_unknown_items_are_refused(catalog: Catalog) -> None:
    gad7 = catalog.get("gad7")
    with pytest.raises(InputError, match="question 4 was skipped"):
        check_answers(gad7, {"1": 0, "2": 0, "3": 0, "5": 0, "6": 0, "7": 0})
    with pytest.raises(InputError, match="has no question 8"):
        check_answers(gad7, {str(i): 0 for i in range(1, 9)})


@settings(max_examples=200, deadline=None)
@given(instrument_id=st.sampled_from(["gad7", "gad2", "phq9", "phq8", "phq2", "relationship_worry"]),
       data=st.data())
def test_any_valid_form_scores_inside_the_range_with_one_band(instrument_id: str, data: st.DataObject) -> None:
    instrument = Catalog.load().get(instrument_id)
    answers = {item.id: data.draw(st.sampled_from([o.value for o in instrument.options_for(item)]))
               for item in instrument.items if item.required}
    result = score(instrument, answers)
    assert instrument.min_total <= result.total <= instrument.max_total
    assert (result.band is None) == (not instrument.bands)
    assert result.item9_positive == (instrument_id == "phq9" and answers["9"] > 0)
    cutoff = instrument.cutoff.score if instrument.cutoff else None
    assert ("screen_positive" in result.flags) == (cutoff is not None and result.total >= cutoff)
