"""Safety commands: `steadyheart resources [COUNTRY]` and `steadyheart safety-plan` (show, guided edit, clear).

Thin wrappers over steadyheart.safety. `resources` must work even when the data folder cannot be opened,
so it falls back to the international numbers instead of failing. Heavy imports stay inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from steadyheart.errors import InputError
from steadyheart.store.home import open_store

if TYPE_CHECKING:
    from steadyheart.store.db import Database

HOME = click.option("--home", type=click.Path(file_okay=False), help="Data directory.")




def _profile_country(home: str | None) -> str | None:
    """The country saved in the local profile; None if there is none or the store cannot be read."""
    from steadyheart import config

    path = config.resolve_home(home)
    url = config.database_url(path, None)
    if url.startswith("sqlite") and not (path / "steadyheart.db").is_file():
        return None  # nothing saved yet: do not create a database just to look
    try:
        from steadyheart.store.models.conversations import User

        database, user_id = open_store(home)
        with database.session() as session:
            user = session.get(User, user_id)
            country = user.country if user is not None else None
        database.dispose()
        return country
    except Exception:  # a crisis command must never fail on storage: fall back to international numbers
        return None


@click.command("resources")
@click.argument("country", required=False)
@click.option("--list", "list_countries", is_flag=True, help="List the countries with local numbers.")
@HOME
def resources_command(country: str | None, list_countries: bool, home: str | None) -> None:
    """Crisis lines and the emergency number for COUNTRY (a code like DE or a name), or for your profile."""
    from steadyheart.safety.resources import country_code, format_resources, known_countries

    if list_countries:
        for code, name in known_countries():
            click.echo(f"{code}  {name}")
        click.echo("Anywhere else: findahelpline.com and your local emergency number.")
        return
    wanted = country if country else _profile_country(home)
    if country and country_code(country) is None:
        click.echo(f"I don't have local numbers for {country!r} yet, so here are international ones.\n")
    click.echo(format_resources(wanted))


@click.command("safety-plan")
@click.option("--edit", is_flag=True, help="Write or change your plan, one section at a time.")
@click.option("--clear", is_flag=True, help="Delete your plan.")
@HOME
def safety_plan_command(edit: bool, clear: bool, home: str | None) -> None:
    """Show your safety plan, or write it with --edit. It is kept sealed in your data folder."""
    from steadyheart.safety.plans import delete_safety_plan, format_safety_plan, get_safety_plan

    database, user_id = open_store(home)
    try:
        if clear:
            if click.confirm("Delete your safety plan?", default=False):
                with database.session() as session:
                    delete_safety_plan(session, user_id)
                click.echo("Your safety plan was deleted.")
            return
        if edit:
            _guided_edit(database, user_id)
        with database.session() as session:
            plan = get_safety_plan(session, user_id)
        click.echo(format_safety_plan(plan))
    finally:
        database.dispose()


def _guided_edit(database: Database, user_id: int) -> None:
    from steadyheart.safety.plans import SECTIONS, get_safety_plan, make_plan, save_safety_plan

    click.echo(
        "Let's write your safety plan, one part at a time. Type one item per line and press Enter on an "
        "empty line to move on. Type '-' on its own to empty a section. Each part is saved as you go."
    )
    with database.session() as session:
        plan = get_safety_plan(session, user_id)
    sections = {key: list(value) for key, value in (plan.model_dump() if plan else {}).items()}
    for section in SECTIONS:
        click.echo(f"\n{section.title}\n{section.prompt}")
        current = sections.get(section.key, [])
        for item in current:
            click.echo(f"  - {item}")
        while True:
            line = click.prompt(">", default="", show_default=False, prompt_suffix=" ").strip()
            if not line:
                break
            if line == "-":
                current = []
                click.echo("  (emptied)")
                continue
            try:
                make_plan({section.key: [*current, line]})
            except InputError as exc:
                click.echo(f"  {exc} Please shorten it and try again.", err=True)
                continue
            current.append(line)
        sections[section.key] = current
        updated = make_plan(sections)
        with database.session() as session:
            save_safety_plan(session, user_id, updated)
    click.echo("\nSaved. You can look at it any time with `steadyheart safety-plan`.\n")


COMMANDS: list[click.Command] = [resources_command, safety_plan_command]
