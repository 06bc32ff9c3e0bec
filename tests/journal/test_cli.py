"""The journal commands through the real `steadyheart` click group (and one real process for errors)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from steadyheart.store.db import Database
from steadyheart.store.models.journal import CheckIn

main = pytest.importorskip("steadyheart.cli.main", reason="the CLI group does not import yet")


def run(home: Path, *args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(main.cli, [*args, "--home", str(home)], input=input)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def checkins(home: Path) -> list[CheckIn]:
    database = Database(f"sqlite:///{home / 'steadyheart.db'}")
    try:
        with database.session() as session:
            return list(session.scalars(select(CheckIn).order_by(CheckIn.id)))
    finally:
        database.dispose()


def test_commands_are_registered_with_help() -> None:
    output = CliRunner().invoke(main.cli, ["--help"]).output
    for name in ("checkin", "checkins", "insights", "report", "export", "import", "delete"):
        assert name in output
        assert CliRunner().invoke(main.cli, [name, "--help"]).exit_code == 0


def test_checkin_with_options_and_with_prompts(home: Path) -> None:
    assert "Saved check-in 1" in run(home, "checkin", "--insecurity", "7", "--feeling", "jealous", "--feeling", "sad",
                                     "--trigger", "Unanswered text", "--urge", "ask if we're okay", "--resisted",
                                     "--sleep", "6.5", "--social", "90", "--contact", "messages",
                                     "--exercise", "paced breathing", "--before", "7", "--after", "4",
                                     "--note", "Held off asking.", "--share-note")
    assert "Saved check-in 2" in run(home, "checkin", input="6\n0\n")
    first, second = checkins(home)
    assert (first.insecurity, first.feelings, first.trigger, first.urge_outcome) == (7, ["jealous", "sad"],
                                                                                  "unanswered text", "resisted")
    assert (first.sleep_hours, first.social_minutes, first.partner_contact, first.share_note) == (6.5, 90, "messages",
                                                                                                  True)
    assert (first.intensity_before, first.intensity_after, first.source) == (7, 4, "cli")
    assert (second.insecurity, second.anxiety) == (6, 0)


def test_insights_report_and_charts(home: Path, tmp_path: Path) -> None:
    run(home, "checkin", "--insecurity", "4")
    output = run(home, "insights", "--charts", str(tmp_path / "charts"))
    assert "What comes before the hardest moments" in output and "Not enough data yet" in output
    assert "Saved 8 chart files" in output and (tmp_path / "charts" / "times.svg").exists()
    for fmt in ("html", "pdf"):
        target = tmp_path / f"report.{fmt}"
        assert "Saved your report" in run(home, "report", "--weeks", "4", "--format", fmt, "-o", str(target))
        assert target.stat().st_size > 1000
    assert b"not a clinical assessment" in (tmp_path / "report.html").read_bytes()


def test_list_checkins_and_choose_notes_for_the_report(home: Path, tmp_path: Path) -> None:
    run(home, "checkin", "--anxiety", "6", "--trigger", "his phone buzzing", "--note", "Keep this one")
    run(home, "checkin", "--anxiety", "2", "--note", "Private thought")
    output = run(home, "checkins", "--share", "1")
    assert "The note of check-in 1 will be in your report." in output
    assert "anxiety 6; trigger: his phone buzzing [in report]" in output and "note: Private thought" in output
    run(home, "report", "--format", "html", "-o", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Keep this one" in page and "Private thought" not in page
    assert "will not be in your report" in run(home, "checkins", "--unshare", "1")


def test_edit_a_checkin(home: Path) -> None:
    run(home, "checkin", "--anxiety", "6", "--note", "first try")
    assert "Changed check-in 1" in run(home, "checkin", "--edit", "1", "--anxiety", "4", "--trigger", "a late reply")
    (saved,) = checkins(home)
    assert (saved.anxiety, saved.trigger, saved.note) == (4, "a late reply", "first try")
    result = CliRunner().invoke(main.cli, ["checkin", "--edit", "1", "--home", str(home)])
    assert "Say what to change" in str(result.exception)


def test_delete_one_checkin(home: Path) -> None:
    run(home, "checkin", "--anxiety", "3")
    run(home, "checkin", "--anxiety", "5")
    assert "Deleted check-in 1" in run(home, "delete", "--checkin", "1")
    assert [c.anxiety for c in checkins(home)] == [5]


@pytest.mark.parametrize(("args", "words"), [
    (["import", "no-such-export"], "There is no Steadyheart export at no-such-export."),
    (["delete"], "Say what to delete: --all for everything, or --checkin ID for one check-in."),
    (["delete", "--checkin", "42"], "There is no check-in 42 for this person."),
    (["report", "-o", "missing-folder/report.pdf"], "could not save the report to missing-folder/report.pdf"),
])
def test_errors_are_one_sentence_from_the_real_command(home: Path, tmp_path: Path, args: list[str],
                                                       words: str) -> None:
    env = {**os.environ, "STEADYHEART_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", "from steadyheart.cli.main import main; main()", *args],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 1
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
