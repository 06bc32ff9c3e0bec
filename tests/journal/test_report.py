"""The therapist report: content, privacy, and the PDF rendered to images with poppler's pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from tests_journal_support import NOW, Person, build_history, new_person, open_database

from steadyheart.errors import InputError
from steadyheart.journal import build_report, record_checkin

pytest.importorskip("fpdf", reason="the PDF report needs the 'reports' extra (fpdf2)")
pytest.importorskip("matplotlib", reason="the report chart needs the 'reports' extra (matplotlib)")
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftoppm, pdftotext) is not installed")


def report(person: Person, fmt: str, weeks: int = 8) -> bytes:
    with person.database.session() as session:
        return build_report(session, person.user_id, weeks, fmt, now=NOW)


def test_html_report_holds_the_sections_and_says_it_is_not_clinical(history: Person) -> None:
    with history.database.session() as session:
        record_checkin(session, history.user_id, insecurity=3, note="a private unshared note",
                       created_at=NOW.replace(day=1))
    page = report(history, "html").decode("utf-8")
    assert "This is not a clinical assessment" in page
    assert "Sam&#x27;s summary to share with my therapist" in page
    for heading in ("Questionnaire scores", "Check-in trends", "Top triggers", "Urges", "Thinking traps noticed",
                    "What helped", "Safety (counts only, no details)", "Notes I chose to share"):
        assert f"<h2>{heading}" in page
    assert "unanswered text" in page and "mind reading" in page and "paced breathing" in page
    assert "<svg" in page and "Insecurity and anxiety over time" in page
    assert "Could not sleep, kept refreshing the chat." in page  # shared (day 22)
    assert "a private unshared note" not in page  # not shared
    assert "private crisis words" not in page  # message text never reaches a report
    assert "<th scope='row'>Crisis resources shown</th><td>1</td>" in page
    assert "<th scope='row'>Gentle safety check-ins</th><td>2</td>" in page


@needs_poppler
def test_pdf_renders_to_one_or_two_pages_with_text_and_chart(history: Person, tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report(history, "pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 1 <= len(pages) <= 2
    with Image.open(pages[0]) as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    dark = (pixels.sum(axis=2) < 200).mean()
    assert 0.005 < dark < 0.5  # real text on the page, not a blank or black sheet
    blue = (abs(pixels - np.array([0, 114, 178])).sum(axis=2) < 60).sum()
    assert blue > 50  # the notice border and the trend chart's anxiety line
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    flat = " ".join(text.split())
    assert "This is not a clinical assessment" in flat
    for words in ("Top triggers", "unanswered text", "Urges resisted", "paced breathing", "Crisis resources shown",
                  "Could not sleep, kept refreshing the chat."):
        assert words in flat
    assert "private crisis words" not in flat


@needs_poppler
def test_pdf_stays_within_two_pages_with_long_notes(person: Person, tmp_path: Path) -> None:
    with person.database.session() as session:
        build_history(session, person.user_id)
        for k in range(20):
            record_checkin(session, person.user_id, insecurity=5, note=("Ünïcode note, long. " * 40) + str(k),
                           share_note=True, trigger=f"a very long trigger name number {k} that keeps going",
                           created_at=NOW.replace(day=1, hour=k))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report(person, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert int(info.split("Pages:")[1].split()[0]) <= 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Ünïcode note" in text


def test_empty_report_still_renders_and_explains(person: Person) -> None:
    page = report(person, "html").decode("utf-8")
    assert "No triggers recorded." in page and "No questionnaires completed in this period." in page
    assert report(person, "pdf").startswith(b"%PDF")


@pytest.mark.parametrize(("weeks", "fmt", "words"), [(8, "docx", "pdf or html"), (0, "pdf", "between 1 and")])
def test_bad_options_are_one_sentence(person: Person, weeks: int, fmt: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        report(person, fmt, weeks)


def test_questionnaire_scores_appear_when_the_measures_tables_hold_them(history: Person) -> None:
    from steadyheart.store.models import Base

    table = Base.metadata.tables.get("measure_administrations")
    if table is None:
        pytest.skip("the measures concern (measure_administrations table) is not installed here")
    with history.database.session() as session:
        for weeks_ago, total, band in ((3, 14, "moderate"), (1, 9, "mild")):
            session.execute(table.insert().values(
                user_id=history.user_id, instrument="gad7", instrument_version="1", status="completed",
                source="cli", started_at=NOW, updated_at=NOW, completed_at=NOW - timedelta(weeks=weeks_ago),
                total=total, band=band, flags=[]))
    page = report(history, "html").decode("utf-8")
    assert "first 14, latest 9 (mild), change -5: a reliable improvement (at least 4 points) (n = 2)" in page
    with history.database.session() as session:
        from steadyheart.journal import insights

        found = {i.key: i for i in insights(session, history.user_id, NOW)}
    assert found["questionnaires"].enough_data and "14 to 9 over 2 weeks (2 results)" in found["questionnaires"].text


def test_safety_events_are_counted_without_details(history: Person) -> None:
    from steadyheart.store.models import Base

    table = Base.metadata.tables.get("safety_events")
    if table is None:
        pytest.skip("the safety concern (safety_events table) is not installed here")
    with history.database.session() as session:
        for kind in ("phq9", "safety_plan_saved", "safety_plan_saved"):
            session.execute(table.insert().values(user_id=history.user_id, kind=kind, tier="elevated",
                                                  category="suicide", created_at=NOW - timedelta(days=3)))
        session.execute(table.insert().values(user_id=history.user_id, kind="phq9", tier="elevated",
                                              category="suicide", created_at=NOW - timedelta(weeks=20)))
    page = report(history, "html").decode("utf-8")
    assert "<th scope='row'>Safety steps after a questionnaire</th><td>1</td>" in page  # the old one is outside
    assert "<th scope='row'>Safety plan saved or updated</th><td>2</td>" in page
    assert "suicide" not in page


@pytest.mark.postgres
def test_report_on_postgresql(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        person = Person(database, new_person(database))
        with database.session() as session:
            build_history(session, person.user_id)
        page = report(person, "html").decode("utf-8")
        assert "unanswered text" in page and "<td>1</td>" in page
        assert report(person, "pdf").startswith(b"%PDF")
    finally:
        database.dispose()
