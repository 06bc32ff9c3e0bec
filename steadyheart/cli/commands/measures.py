"""`steadyheart measure`, `progress`, `outcomes` and `export-fhir`: questionnaires from the terminal.

Thin wrappers over steadyheart.measures; heavy imports stay inside the functions.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from steadyheart.errors import InputError
from steadyheart.store.home import open_store

if TYPE_CHECKING:
    from steadyheart.measures.catalog import Catalog, Instrument

HOME_OPTION = click.option("--home", type=click.Path(file_okay=False), help="Data directory.")




@click.command()
@click.argument("instrument", required=False)
@click.option("--answers", help="All answers at once, in order, e.g. 1,2,3,0,1,2,3 (a paper form, a script).")
@click.option("--json", "as_json", is_flag=True, help="With --answers: print {instrument, total, band, flags}.")
@click.option("--no-save", is_flag=True, help="With --answers: score only, save nothing.")
@click.option("--taken-on", type=click.DateTime(["%Y-%m-%d"]), help="With --answers: the day a paper form was filled in.")
@click.option("--restart", is_flag=True, help="Throw away an unfinished sitting and start again.")
@HOME_OPTION
@click.pass_context
def measure(ctx: click.Context, instrument: str | None, answers: str | None, as_json: bool, no_save: bool,
            taken_on: datetime | None, restart: bool, home: str | None) -> None:
    """Take a questionnaire (gad7, gad2, phq9, phq8, phq2 …), one question at a time.

    Without INSTRUMENT, list the questionnaires and which are due. It is a screening questionnaire,
    not a diagnosis.
    """
    from steadyheart.measures.catalog import Catalog

    catalog = Catalog.load(home)
    if instrument is None:
        _list_instruments(catalog, home)
        return
    chosen = catalog.get(instrument)
    if answers is None:
        if as_json or no_save or taken_on:
            raise InputError("--json, --no-save and --taken-on go with --answers (all answers at once).")
        ctx.exit(_interactive(catalog, chosen.id, restart, home))
    _score_given(chosen, answers, as_json=as_json, save=not no_save, taken_on=taken_on, home=home)


def _list_instruments(catalog: Catalog, home: str | None) -> None:
    from steadyheart.measures.schedule import due_questionnaires

    database, user_id = open_store(home)
    with database.session() as session:
        due = due_questionnaires(session, user_id, datetime.now(UTC), catalog=catalog)
    for item in catalog:
        note = "  (due, whenever you're ready)" if item.id in due else ""
        click.echo(f"{item.id:<20} {item.label}: {len(item.items)} questions{note}")


def _score_given(instrument: Instrument, answers: str, *, as_json: bool, save: bool, taken_on: datetime | None,
                 home: str | None) -> None:
    from steadyheart.measures.results import messages, result_text
    from steadyheart.measures.scoring import parse_answer_list, score

    given = parse_answer_list(instrument, answers)
    result = score(instrument, given)  # checked in full before anything is saved
    resources: str | None = None
    if save:  # the database layer loads only when it is needed
        from steadyheart.measures import records
        from steadyheart.measures.crisis import raise_safety_signal

        database, user_id = open_store(home)
        moment = taken_on.replace(hour=12, tzinfo=UTC) if taken_on else None
        with database.session() as session:
            records.save_completed(session, user_id, instrument, given, source="paper" if taken_on else "cli",
                                   taken_at=moment)
            if result.needs_safety_flow:
                resources = raise_safety_signal(session, user_id, instrument, given).resources
    if result.needs_safety_flow:
        from steadyheart.measures.crisis import crisis_resources

        # Safety first, and on stderr under --json so the JSON on stdout stays parseable.
        click.echo(f"{messages().item9}\n\n{resources or crisis_resources(None)}\n", err=as_json)
    if as_json:
        click.echo(json.dumps(result.to_dict()))
    else:
        click.echo(result_text(instrument, result))


def _interactive(catalog: Catalog, instrument_id: str, restart: bool, home: str | None) -> int:
    from steadyheart.measures import records
    from steadyheart.measures.chat import QuestionnaireRunner

    database, user_id = open_store(home)
    runner = QuestionnaireRunner(catalog, source="cli")
    state: dict[str, object] = {}
    with database.session() as session:
        if restart and (old := records.in_progress(session, user_id, instrument_id)) is not None:
            session.delete(old)
    with database.session() as session:
        turn = runner.start(session, user_id, state, instrument_id)
    _show(turn.text, turn.safety_flow)
    while turn.active:
        try:
            text = click.prompt(">", prompt_suffix=" ", default="", show_default=False)
        except click.Abort:
            click.echo(f"\nYour answers so far are saved. Run `steadyheart measure {instrument_id}` to carry on.")
            return 130
        with database.session() as session:  # each answer is committed as it is given
            turn = runner.answer(session, user_id, state, text)
        _show(turn.text, turn.safety_flow, error=turn.error)
    return 0


def _show(text: str, safety: bool, *, error: bool = False) -> None:
    click.echo()
    click.secho(text, bold=safety, fg="yellow" if error else None)


@click.command()
@click.option("--instrument", "instrument_ids", multiple=True, help="Which questionnaire(s); default GAD-7 and PHQ-9.")
@click.option("--weeks", type=click.FloatRange(min=2), default=8, show_default=True, help="The summary window.")
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a chart (.png or .svg).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@HOME_OPTION
def progress(instrument_ids: tuple[str, ...], weeks: float, chart_path: Path | None, as_json: bool,
             home: str | None) -> None:
    """Your scores over time: change since the first one, reliable change, and the first WEEKS weeks."""
    from steadyheart.measures import records
    from steadyheart.measures.catalog import Catalog
    from steadyheart.measures.change import progress as compute_progress
    from steadyheart.measures.report import progress_dict, progress_lines
    from steadyheart.measures.scoring import display_number

    catalog = Catalog.load(home)
    chosen = [catalog.get(i) for i in (instrument_ids or ("gad7", "phq9"))]
    database, user_id = open_store(home)
    with database.session() as session:
        found = [compute_progress(i, records.history(session, user_id, i.id), weeks) for i in chosen]
    if as_json:
        click.echo(json.dumps([progress_dict(p) for p in found], indent=2))
    else:
        for item in found:
            click.secho(item.instrument.label, bold=True)
            for point in item.history:
                band = f"  {point.band.replace('_', ' ')}" if point.band else ""
                click.echo(f"  {point.taken_at:%Y-%m-%d}  {display_number(point.total):>5}{band}   (#{point.administration_id})")
            for line in progress_lines(item):
                click.echo(f"  {line}")
            click.echo()
    if chart_path is not None:
        from steadyheart.measures.chart import write_progress_chart

        written = write_progress_chart(found, chart_path)
        click.echo(f"Chart saved to {written}", err=as_json)


@click.command()
@click.option("--weeks", type=click.FloatRange(min=2), default=8, show_default=True, help="Follow-up window.")
@click.option("--instrument", "instrument_id", default="gad7", show_default=True, help="Which questionnaire.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--seed", type=int, default=20260101, show_default=True, help="Bootstrap seed (for reproducible CIs).")
@HOME_OPTION
def outcomes(weeks: float, instrument_id: str, as_json: bool, seed: int, home: str | None) -> None:
    """Operator figures over everyone who consented to research use (groups under 10 are suppressed)."""
    from steadyheart.measures.catalog import Catalog
    from steadyheart.measures.outcomes import outcomes as compute_outcomes
    from steadyheart.measures.outcomes_text import outcome_lines

    instrument = Catalog.load(home).get(instrument_id)
    database, _ = open_store(home)
    with database.session() as session:
        report = compute_outcomes(session, instrument, weeks, datetime.now(UTC), seed=seed)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for line in outcome_lines(instrument, report):
            click.echo(line)


@click.command("export-fhir")
@click.argument("administration_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@HOME_OPTION
def export_fhir(administration_id: int, out: Path | None, home: str | None) -> None:
    """Export a completed questionnaire (its #id from `steadyheart progress`) as a FHIR R4 Bundle."""
    from steadyheart.measures import records
    from steadyheart.measures.catalog import Catalog
    from steadyheart.measures.fhir import bundle
    from steadyheart.store.models.measures import COMPLETED

    catalog = Catalog.load(home)
    database, user_id = open_store(home)
    with database.session() as session:
        administration = records.get_administration(session, user_id, administration_id)
        if administration.status != COMPLETED:
            raise InputError(f"Questionnaire {administration_id} is not finished yet, so it cannot be exported.")
        document = bundle(catalog.get(administration.instrument), administration)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Saved to {out}", err=True)
    sys.stdout.flush()


COMMANDS = [measure, progress, outcomes, export_fhir]
