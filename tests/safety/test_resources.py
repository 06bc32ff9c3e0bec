"""Crisis resources: every country in the reference table, the fallback, and a broken data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart.errors import ContentError
from steadyheart.safety import crisis_resources, format_resources, known_countries
from steadyheart.safety.resources import CHECK_LOCALLY, country_code, load_resources

REFERENCE = {  # country: (emergency, a crisis-line number, a domestic-violence number) from the reference table
    "US": ("911", "988", "1-800-799-7233"), "CA": ("911", "988", "sheltersafe.ca"),
    "UK": ("999", "116 123", "0808 2000 247"), "IE": ("112", "1800 247 247", "1800 341 900"),
    "AU": ("000", "13 11 14", "1800 737 732"), "NZ": ("111", "1737", "0800 733 843"),
    "IN": ("112", "14416", "181"), "DE": ("112", "0800 111 0 111", "116 016"),
    "FR": ("112", "3114", "3919"), "ES": ("112", "024", "016"), "IT": ("112", "02 2327 2327", "1522"),
    "NL": ("112", "113", "0800-2000"), "BR": ("192", "188", "180"), "MX": ("911", "800 911 2000", "911"),
    "ZA": ("10111", "0800 567 567", "0800 428 428"), "JP": ("119", "0120-279-338", "0120-279-889"),
    "KR": ("112", "109", "1366"), "SG": ("995", "1767", "1800 777 0000"), "PH": ("911", "1553", "911"),
    "AE": ("999", "800 4673", "800 111"), "SE": ("112", "90101", "020-50 50 50"),
    "NO": ("112", "116 123", "116 006"), "DK": ("112", "70 201 201", "1888"),
    "FI": ("112", "09 2525 0111", "080 005 005"), "PL": ("112", "800 70 2222", "800 120 002"),
}


def test_all_25_countries_are_present() -> None:
    assert {code for code, _ in known_countries()} == set(REFERENCE)


@pytest.mark.parametrize("code", sorted(REFERENCE))
def test_every_country_shows_emergency_first_and_its_lines(code: str) -> None:
    emergency, crisis, abuse = REFERENCE[code]
    entry = crisis_resources(code)
    assert entry.source and entry.crisis and entry.abuse
    text = format_resources(code)
    assert emergency in text.splitlines()[1]  # the emergency number comes first
    assert crisis in text and abuse in text
    for line in (*entry.crisis, *entry.abuse):
        assert (CHECK_LOCALLY in line.render()) is (not line.confirmed)


def test_unconfirmed_entries_say_check_locally() -> None:
    assert not crisis_resources("AE").confirmed
    assert CHECK_LOCALLY in format_resources("AE")
    assert CHECK_LOCALLY in format_resources("DK")  # Livslinien hours are unconfirmed


@pytest.mark.parametrize("name", ["gb", "Germany", "united states", "  de ", "españa"])
def test_names_and_aliases(name: str) -> None:
    assert country_code(name) is not None


@pytest.mark.parametrize("unknown", [None, "", "XX", "Narnia"])
def test_fallback_is_international(unknown: str | None) -> None:
    entry = crisis_resources(unknown)
    assert entry.is_fallback
    text = format_resources(unknown)
    assert "findahelpline.com" in text and "116 123" in text and "116 016" in text


def test_a_broken_resources_file_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "resources.yaml"
    bad.write_text("reviewed: x\ncountries:\n  US:\n    name: United States\n    emergency: '911'\n")
    with pytest.raises(ContentError, match="invalid"):
        load_resources(bad)
