"""The terminal commands through click's CliRunner, and one real `steadyheart` process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from steadyheart.cli.main import cli
from steadyheart.config import database_url
from steadyheart.errors import ContentError, InputError
from steadyheart.measures import records
from steadyheart.measures.catalog import Catalog
from steadyheart.store.db import Database
from steadyheart.store.models.conversations import User
from steadyheart.store.models.measures import MeasureAdministration, MeasureAnswer

from .conftest import answers_for_total


def _default_ctrl_c() -> None:
    """Ctrl-C as a person's terminal delivers it: a shell running these tests in the background (`cmd &`)
    starts them with SIGINT ignored, and a child would inherit that and never see the key."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _db(home: Path) -> Database:
    return Database(database_url(home))


def _saved(home: Path) -> tuple[int, int]:
    database = _db(home)
    try:
        with database.session() as session:
            return (session.scalar(select(func.count()).select_from(MeasureAdministration)) or 0,
                    session.scalar(select(func.count()).select_from(MeasureAnswer)) or 0)
    finally:
        database.dispose()


def test_answers_json_scores_without_asking(home: Path) -> None:
    result = CliRunner().invoke(cli, ["measure", "gad7", "--answers", "1,2,3,0,1,2,3", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"instrument": "gad7", "total": 12, "band": "moderate",
                                         "flags": ["screen_positive"]}
    assert _saved(home) == (1, 7)


def test_no_save_scores_only(home: Path) -> None:
    result = CliRunner().invoke(cli, ["measure", "phq8", "--answers", "1 1 1 1 1 1 1 1", "--no-save"])
    assert result.exit_code == 0
    assert "range often called mild depression; this is not a diagnosis" in result.stdout
    assert not (home / "steadyheart.db").exists()


@pytest.mark.parametrize(("answers", "message"), [
    ("1,2,3,0,1,2", "needs 7 answers"), ("1,2,3,0,1,2,9", "not 9"), ("1,2,3,0,1,2,often", "not a whole number")])
def test_bad_answers_are_one_error_and_nothing_is_saved(home: Path, answers: str, message: str) -> None:
    CliRunner().invoke(cli, ["measure", "gad7", "--answers", "0,0,0,0,0,0,0"])
    result = CliRunner().invoke(cli, ["measure", "gad7", "--answers", answers, "--json"])
    assert isinstance(result.exception, InputError) and message in str(result.exception)
    assert _saved(home) == (1, 7)  # the earlier form is intact, nothing half-saved


def test_item9_shows_crisis_resources_at_once_and_keeps_json_clean(home: Path) -> None:
    result = CliRunner().invoke(cli, ["measure", "phq9", "--answers", "0,0,0,0,0,0,0,0,2", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["flags"] == ["item9_positive"]
    assert "Are you safe right now?" in result.stderr and "emergency" in result.stderr.lower()
    text = CliRunner().invoke(cli, ["measure", "phq9", "--answers", "0,0,0,0,0,0,0,0,1"])
    assert text.stdout.index("Are you safe right now?") < text.stdout.index("Your PHQ-9 total is 1")


def test_interactive_one_question_at_a_time_with_a_retry(home: Path) -> None:
    result = CliRunner().invoke(cli, ["measure", "gad7"], input="1\nseveral days\nbanana\n3\n0\n1\n2\n3\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("Over the last 2 weeks, how often have you been bothered by any of the following problems?") == 8
    assert "Sorry, I didn't catch that." in out
    assert "Your GAD-7 total is 11 out of 21" in out and "this is not a diagnosis" in out
    assert _saved(home) == (1, 7)


def test_interactive_interrupted_then_resumed(home: Path) -> None:
    first = CliRunner().invoke(cli, ["measure", "phq2"], input="2\n")  # input ends: like Ctrl-D
    assert "Your answers so far are saved" in first.stdout
    assert _saved(home) == (1, 1)
    second = CliRunner().invoke(cli, ["measure", "phq2"], input="1\n")
    assert "You have answered 1 of 2 questions" in second.stdout
    assert "Your PHQ-2 total is 3 out of 6" in second.stdout
    third = CliRunner().invoke(cli, ["measure", "phq2", "--restart"], input="stop\n")
    assert "Little interest or pleasure in doing things" in third.stdout and "carry on" in third.stdout


def test_interactive_item9_shows_resources_immediately(home: Path) -> None:
    result = CliRunner().invoke(cli, ["measure", "phq9"], input="0\n" * 8 + "1\n")
    assert result.exit_code == 0
    assert "Are you safe right now?" in result.stdout and "Emergency:" in result.stdout
    assert "how difficult have these problems" not in result.stdout  # nothing is asked after item 9


def test_item9_resources_follow_the_persons_country(home: Path) -> None:
    CliRunner().invoke(cli, ["measure"])
    database = _db(home)
    with database.session() as session:
        user = session.scalars(select(User)).one()
        user.country = "AU"
    database.dispose()
    result = CliRunner().invoke(cli, ["measure", "phq9", "--answers", "0,0,0,0,0,0,0,0,3"])
    assert "Help right now in Australia" in result.stdout and "13 11 14" in result.stdout


def test_list_and_unknown_instrument(home: Path) -> None:
    listed = CliRunner().invoke(cli, ["measure"])
    assert "relationship_worry" in listed.stdout and "not a validated measure" in listed.stdout
    assert "gad7" in listed.stdout and "due" in listed.stdout
    unknown = CliRunner().invoke(cli, ["measure", "ecr-rs"])
    assert isinstance(unknown.exception, InputError)


def _history(home: Path) -> None:
    """GAD-7 at 15, 11 (2 weeks), 9 (8 weeks) and PHQ-9 at 12, 5 for the local user."""
    CliRunner().invoke(cli, ["measure"])  # creates the home and the local user
    database, catalog = _db(home), Catalog.load(home)
    start = datetime.now(UTC) - timedelta(weeks=10)
    with database.session() as session:
        user_id = session.scalars(select(User.id)).one()
        for instrument_id, days, total in (("gad7", 0, 15), ("gad7", 14, 11), ("gad7", 56, 9),
                                           ("phq9", 0, 12), ("phq9", 56, 5)):
            instrument = catalog.get(instrument_id)
            records.save_completed(session, user_id, instrument, answers_for_total(instrument, total),
                                   taken_at=start + timedelta(days=days))
    database.dispose()


def test_progress_words_json_and_charts(home: Path, tmp_path: Path) -> None:
    _history(home)
    text = CliRunner().invoke(cli, ["progress"])
    assert text.exit_code == 0, text.output
    assert "Since your first GAD-7: 15 → 9 (-6 points, -40%)." in text.stdout
    assert "reliable improvement" in text.stdout
    assert "Over your first 8 weeks: 15 → 9" in text.stdout
    assert "Since your first PHQ-9: 12 → 5 (-7 points, -58%)." in text.stdout
    assert "the cut-off NHS Talking Therapies uses, and your latest score is below it" in text.stdout
    assert "not a diagnosis" in text.stdout
    data = json.loads(CliRunner().invoke(cli, ["progress", "--json", "--instrument", "gad7"]).stdout)
    assert [p["total"] for p in data[0]["history"]] == [15, 11, 9]
    assert data[0]["since_baseline"]["reliable_improvement"] is True
    for name in ("progress.png", "progress.svg"):
        chart = tmp_path / name
        result = CliRunner().invoke(cli, ["progress", "--chart", str(chart)])
        assert result.exit_code == 0 and chart.stat().st_size > 1000
    assert (tmp_path / "progress.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "progress.svg").read_text(encoding="utf-8")
    wrong = CliRunner().invoke(cli, ["progress", "--chart", str(tmp_path / "chart.gif")])
    assert isinstance(wrong.exception, InputError)


def test_export_fhir(home: Path, tmp_path: Path) -> None:
    _history(home)
    out = tmp_path / "gad7.json"
    result = CliRunner().invoke(cli, ["export-fhir", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["resourceType"] == "Bundle"
    assert [e["resource"]["resourceType"] for e in document["entry"]] == ["Questionnaire", "QuestionnaireResponse"]
    missing = CliRunner().invoke(cli, ["export-fhir", "999"])
    assert isinstance(missing.exception, InputError)


def test_outcomes_command(home: Path) -> None:
    CliRunner().invoke(cli, ["measure"])
    database, catalog = _db(home), Catalog.load(home)
    gad7 = catalog.get("gad7")
    start = datetime.now(UTC) - timedelta(weeks=12)
    with database.session() as session:
        for index in range(11):
            user = User(email=f"p{index}@example.org", settings={"research_consent": True})
            session.add(user)
            session.flush()
            for days, total in ((0, 12 + index % 3), (56, 6 + index % 4)):
                records.save_completed(session, user.id, gad7, answers_for_total(gad7, total),
                                       taken_at=start + timedelta(days=days))
    database.dispose()
    text = CliRunner().invoke(cli, ["outcomes", "--weeks", "8"])
    assert text.exit_code == 0, text.output
    assert "with baseline and follow-up (N): 11" in text.stdout and "95% CI" in text.stdout
    assert "no control group" in text.stdout
    data = json.loads(CliRunner().invoke(cli, ["outcomes", "--json"]).stdout)
    assert data["n"] == 11 and data["consenting_people"] == 11 and not data["suppressed"]
    assert data["reliable_improvement_share"] is not None


def test_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "STEADYHEART_HOME": str(tmp_path / "home")}
    env.pop("STEADYHEART_DATABASE_URL", None)
    script = Path(sys.executable).parent / "steadyheart"  # the installed console script
    if not script.exists():
        pytest.skip(f"the steadyheart console script is not installed beside {sys.executable}")
    command = [str(script)]
    ok = subprocess.run([*command, "measure", "gad7", "--answers", "1,2,3,0,1,2,3", "--json"], env=env,
                        capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {"instrument": "gad7", "total": 12, "band": "moderate",
                                     "flags": ["screen_positive"]}
    bad = subprocess.run([*command, "measure", "gad7", "--answers", "1,2,3"], env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == "steadyheart: GAD-7 needs 7 answers in order, separated by commas; 3 were given."


def test_ctrl_c_in_a_real_terminal_keeps_the_answers_and_resumes(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect drives a real terminal")
    script = Path(sys.executable).parent / "steadyheart"
    if not script.exists():
        pytest.skip(f"the steadyheart console script is not installed beside {sys.executable}")
    env = {**os.environ, "STEADYHEART_HOME": str(tmp_path / "home"), "TERM": "dumb"}
    env.pop("STEADYHEART_DATABASE_URL", None)
    child = pexpect.spawn(str(script), ["measure", "gad7"], env=env, encoding="utf-8", timeout=60, preexec_fn=_default_ctrl_c)
    child.expect("question 1 of 7")
    child.expect("> ")
    child.sendline("2")
    child.expect("question 2 of 7")
    child.expect("> ")
    child.sendline("nearly every day")
    child.expect("question 3 of 7")
    child.expect("> ")
    child.sendintr()  # Ctrl-C
    child.expect("Your answers so far are saved")
    child.expect(pexpect.EOF)
    child.close()
    again = pexpect.spawn(str(script), ["measure", "gad7"], env=env, encoding="utf-8", timeout=60, preexec_fn=_default_ctrl_c)
    again.expect("You have answered 2 of 7 questions")
    for _ in range(5):
        again.expect("> ")
        again.sendline("0")
    again.expect(r"Your GAD-7 total is 5 out of 21")
    again.expect(pexpect.EOF)
    again.close()
    assert _saved(tmp_path / "home") == (1, 7)


def test_a_paper_form_keeps_its_date(home: Path) -> None:
    result = CliRunner().invoke(cli, ["measure", "gad2", "--answers", "2,2", "--taken-on", "2026-03-01"])
    assert result.exit_code == 0 and "at or above the usual screening point of 3" in result.stdout
    database = _db(home)
    with database.session() as session:
        row = session.scalars(select(MeasureAdministration)).one()
        assert (row.source, row.completed_at) == ("paper", datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    database.dispose()
    misuse = CliRunner().invoke(cli, ["measure", "gad2", "--json"])
    assert isinstance(misuse.exception, InputError) and "go with --answers" in str(misuse.exception)


def test_a_bad_operator_file_is_one_sentence(home: Path) -> None:
    (home / "instruments").mkdir(parents=True)
    (home / "instruments" / "mine.yaml").write_text("id: mine\nname: Mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["measure"])
    assert isinstance(result.exception, ContentError)
    assert str(result.exception).startswith(f"The instrument file {home / 'instruments' / 'mine.yaml'} is invalid at")
