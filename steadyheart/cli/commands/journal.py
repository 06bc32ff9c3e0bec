"""Journal and data commands: checkin, insights, report, export, import, delete.

Thin wrappers over steadyheart.journal and steadyheart.privacy.export. They open the store directly
(no embedder, no pipeline) so they start fast; heavy imports stay inside the functions.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from steadyheart.errors import InputError, StorageError
from steadyheart.store.home import open_store

if TYPE_CHECKING:
    pass

HOME = click.option("--home", type=click.Path(file_okay=False), help="Data directory.")
RATING = click.IntRange(0, 10)




def local_now() -> datetime:
    return datetime.now().astimezone()


@click.command()
@click.option("--insecurity", type=RATING, help="How insecure you feel, 0-10.")
@click.option("--anxiety", type=RATING, help="How anxious you feel, 0-10.")
@click.option("--feeling", "feelings", multiple=True, help="A feeling (repeat for more).")
@click.option("--body", "body_signals", multiple=True, help="A body signal, e.g. 'tight chest' (repeatable).")
@click.option("--trap", "traps_noticed", multiple=True, help="A thinking trap you caught (repeatable).")
@click.option("--trigger", help="What set it off, e.g. 'unanswered text'.")
@click.option("--urge", help="An urge you had, e.g. 'check his phone'.")
@click.option("--acted", "urge_outcome", flag_value="acted", help="You acted on the urge.")
@click.option("--resisted", "urge_outcome", flag_value="resisted", help="You resisted the urge.")
@click.option("--sleep", "sleep_hours", type=click.FloatRange(0, 24), help="Hours slept last night.")
@click.option("--social", "social_minutes", type=click.IntRange(0, 1440), help="Minutes on social media today.")
@click.option("--contact", "partner_contact", type=click.Choice(["none", "messages", "call", "in_person"]),
              help="Contact with your partner today.")
@click.option("--note", help="A free note, just for you.")
@click.option("--share-note", is_flag=True, help="Include this note in the therapist report.")
@click.option("--exercise", help="An exercise you did, e.g. 'paced breathing'.")
@click.option("--before", "intensity_before", type=RATING, help="Intensity before the exercise, 0-10.")
@click.option("--after", "intensity_after", type=RATING, help="Intensity after the exercise, 0-10.")
@click.option("--edit", "edit_id", type=int, help="Change these answers in check-in ID instead of adding one.")
@HOME
def checkin(home: str | None, edit_id: int | None, **answers: Any) -> None:
    """Record a quick check-in. With no options, asks for insecurity and anxiety."""
    from steadyheart.journal import record_checkin, update_checkin

    fields = {k: (list(v) if isinstance(v, tuple) else v) for k, v in answers.items() if v not in (None, (), False)}
    if answers.get("urge_outcome") and not answers.get("urge"):
        fields["urge"] = "urge"
    if edit_id is not None:
        if not fields:
            raise InputError("Say what to change, for example: steadyheart checkin --edit 3 --insecurity 5.")
        database, user_id = open_store(home)
        with database.session() as session:
            update_checkin(session, user_id, edit_id, **fields)
        database.dispose()
        click.echo(f"Changed check-in {edit_id}.")
        return
    if not fields:
        fields["insecurity"] = click.prompt("How insecure do you feel right now (0-10)?", type=RATING)
        fields["anxiety"] = click.prompt("How anxious (0-10)?", type=RATING)
    if answers.get("urge_outcome") is None and answers.get("urge"):
        fields["urge_outcome"] = "urge"
    database, user_id = open_store(home)
    with database.session() as session:
        checkin_id = record_checkin(session, user_id, source="cli", **fields)
    database.dispose()
    click.echo(f"Saved check-in {checkin_id}. Thank you for noticing; it all adds up.")


@click.command(name="checkins")
@click.option("--last", type=click.IntRange(1, 1000), default=20, show_default=True, help="How many to show.")
@click.option("--share", "share_id", type=int, help="Include this check-in's note in the therapist report.")
@click.option("--unshare", "unshare_id", type=int, help="Keep this check-in's note out of the report.")
@HOME
def checkins_command(home: str | None, last: int, share_id: int | None, unshare_id: int | None) -> None:
    """List your recent check-ins, and choose which notes the therapist report may include."""
    from steadyheart.journal import list_checkins, update_checkin

    database, user_id = open_store(home)
    with database.session() as session:
        for checkin_id, share in ((share_id, True), (unshare_id, False)):
            if checkin_id is not None:
                update_checkin(session, user_id, checkin_id, share_note=share)
                click.echo(f"The note of check-in {checkin_id} will {'' if share else 'not '}be in your report.")
        for c in list_checkins(session, user_id)[-last:]:
            ratings = ", ".join(f"{name} {value}" for name, value in
                                (("insecurity", c.insecurity), ("anxiety", c.anxiety)) if value is not None)
            words = "; ".join(w for w in (ratings, c.trigger and f"trigger: {c.trigger}",
                                           c.exercise and f"exercise: {c.exercise}") if w)
            shared = " [in report]" if c.share_note and c.note else ""
            click.echo(f"{c.id:>5}  {c.created_at.astimezone():%d %b %H:%M}  {words or '-'}{shared}")
            if c.note:
                click.echo(f"       note: {c.note}")
    database.dispose()


@click.command()
@click.option("--charts", "charts_dir", type=click.Path(file_okay=False), help="Also save charts (PNG and SVG) here.")
@HOME
def insights(home: str | None, charts_dir: str | None) -> None:
    """Patterns in your check-ins and conversations, each with the number of data points behind it."""
    from steadyheart.journal import insights as find_insights

    database, user_id = open_store(home)
    now = local_now()
    with database.session() as session:
        found = find_insights(session, user_id, now)
        for item in found:
            click.secho(item.title, bold=True, nl=False)
            click.secho(f"  (based on {item.n} data points)" if item.enough_data else "", dim=True)
            click.echo(f"  {item.text}")
        if charts_dir:
            from steadyheart.journal import render_charts

            files = render_charts(session, user_id, charts_dir, now=now)
            click.echo(f"Saved {len(files)} chart files in {charts_dir}.")
    database.dispose()


@click.command()
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True, help="How many weeks back.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Where to save it (default: in the current folder).")
@HOME
def report(home: str | None, weeks: int, fmt: str, output: str | None) -> None:
    """A one-to-two page summary to bring to a therapist (not a clinical assessment)."""
    from steadyheart.journal import build_report

    database, user_id = open_store(home)
    with database.session() as session:
        data = build_report(session, user_id, weeks, fmt, now=local_now())
    database.dispose()
    target = Path(output or f"steadyheart-report-{local_now():%Y-%m-%d}.{fmt}")
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise StorageError(f"Steadyheart could not save the report to {target} ({exc.strerror}).") from exc
    click.echo(f"Saved your report to {target}. It is yours to share or keep private.")


@click.command(name="export")
@click.option("--output", "-o", type=click.Path(file_okay=False), required=True, help="Folder for the export.")
@HOME
def export_command(home: str | None, output: str) -> None:
    """Save everything you have (conversations, check-ins, questionnaires …) as JSON and CSV files."""
    from steadyheart.privacy.export import write_export

    database, user_id = open_store(home)
    with database.session() as session:
        files = write_export(session, user_id, output)
    database.dispose()
    click.echo(f"Exported {len(files)} files to {output}. Keep them somewhere private: they hold your messages.")


@click.command(name="import")
@click.argument("source", type=click.Path())
@HOME
def import_command(home: str | None, source: str) -> None:
    """Restore an export (its folder or export.json) into an empty home."""
    from steadyheart.privacy.export import import_person, read_export

    data = read_export(source)
    database, user_id = open_store(home)
    with database.session() as session:
        summary = import_person(session, data, into_user_id=user_id)
    database.dispose()
    restored = ", ".join(f"{n} {name}" for name, n in summary.rows.items() if n and name != "users") or "your profile"
    click.echo(f"Restored {restored}.")


@click.command()
@click.option("--all", "everything", is_flag=True, help="Erase everything you have in this home.")
@click.option("--checkin", "checkin_id", type=int, help="Delete one check-in by its id.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@HOME
def delete(home: str | None, everything: bool, checkin_id: int | None, yes: bool) -> None:
    """Delete one check-in, or with --all every conversation, check-in and answer you have."""
    if everything == (checkin_id is not None):
        raise InputError("Say what to delete: --all for everything, or --checkin ID for one check-in.")
    database, user_id = open_store(home)
    if checkin_id is not None:
        from steadyheart.journal import delete_checkin

        with database.session() as session:
            delete_checkin(session, user_id, checkin_id)
        click.echo(f"Deleted check-in {checkin_id}.")
        return
    if not yes:
        click.echo("This erases all your conversations, check-ins, questionnaire answers and settings.\n"
                   "It cannot be undone. (`steadyheart export` first if you want a copy.)")
        answer = click.prompt("Type DELETE to confirm", default="", show_default=False)
        if answer.strip() != "DELETE":
            click.echo("Nothing was deleted.")
            return
    from steadyheart.privacy.export import delete_everything

    counts = delete_everything(database, user_id)
    database.dispose()
    click.echo(f"Deleted {sum(counts.values())} records. Nothing of yours is left in this home's database.")


COMMANDS: list[click.Command] = [checkin, checkins_command, insights, report, export_command, import_command, delete]
