"""`steadyheart resources` and `steadyheart safety-plan`, through Click and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from steadyheart.cli.main import cli


def test_resources_for_a_country_and_unknown_and_list(home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["resources", "de"])
    assert result.exit_code == 0 and "112" in result.output and "116 016" in result.output
    unknown = runner.invoke(cli, ["resources", "narnia"])
    assert unknown.exit_code == 0 and "international" in unknown.output and "findahelpline.com" in unknown.output
    listed = runner.invoke(cli, ["resources", "--list"])
    assert listed.exit_code == 0 and len([line for line in listed.output.splitlines() if line[:2].isupper()]) == 25


def test_resources_without_a_country_uses_the_profile_or_falls_back(home: Path) -> None:
    runner = CliRunner()
    fallback = runner.invoke(cli, ["resources"])
    assert fallback.exit_code == 0 and "findahelpline.com" in fallback.output
    assert not (home / "steadyheart.db").exists()  # looking up numbers creates nothing


def test_guided_safety_plan_is_saved_section_by_section(home: Path) -> None:
    runner = CliRunner()
    answers = "feeling trapped\nnot sleeping\n\nwalk the dog\n\n\n\n\n\nmy sister\n\n"
    result = runner.invoke(cli, ["safety-plan", "--edit"], input=answers)
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["safety-plan"])
    assert "feeling trapped" in shown.output and "walk the dog" in shown.output and "my sister" in shown.output
    emptied = runner.invoke(cli, ["safety-plan", "--edit"], input="-\nonly this\n\n\n\n\n\n\n\n")
    assert emptied.exit_code == 0
    again = runner.invoke(cli, ["safety-plan"]).output
    assert "only this" in again and "feeling trapped" not in again and "walk the dog" in again


def test_an_interrupted_edit_keeps_finished_sections(home: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["safety-plan", "--edit"], input="restless\n\nmusic\n")  # stops mid-way
    shown = runner.invoke(cli, ["safety-plan"]).output
    assert "restless" in shown


def test_too_long_item_is_refused_in_one_sentence_and_the_flow_goes_on(home: Path) -> None:
    script = Path(sys.executable).parent / "steadyheart"
    proc = subprocess.run(
        [str(script), "safety-plan", "--edit"],
        input="x" * 400 + "\nshort one\n" + "\n" * 8, capture_output=True, text=True,
        env={**os.environ, "STEADYHEART_HOME": str(home)}, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "at most 300 characters" in proc.stderr
    assert "short one" in proc.stdout
