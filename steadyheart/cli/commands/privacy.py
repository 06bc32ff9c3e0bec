"""`steadyheart lock`, `unlock`, `rotate-key` and `backup`: the person's (or operator's) hold on their keys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from steadyheart.companion import Companion
    from steadyheart.privacy.keys import HomeKeys

LOSE_THE_KEY = (
    "Your conversations and notes are encrypted with a key. If you forget this passphrase, nobody can "
    "open them again: not you, not us, not anyone. There is no reset. Write it down somewhere safe."
)

_home = click.option("--home", type=click.Path(file_okay=False), help="Data directory.")


def _open(home: str | None) -> Companion:
    from steadyheart.companion import Companion

    return Companion.open(home)


def _home_store(home: str | None) -> tuple[Companion, HomeKeys]:
    from steadyheart.errors import InputError
    from steadyheart.privacy.keys import HomeKeys, provider_for

    companion = _open(home)
    provider = provider_for(companion.database.engine)
    if not isinstance(provider, HomeKeys):
        raise InputError("This Steadyheart runs with a master key (a server); use `steadyheart rotate-key` there.")
    return companion, provider


@click.command()
@_home
def lock(home: str | None) -> None:
    """Protect your data key with a passphrase (asked each time Steadyheart starts)."""
    companion, provider = _home_store(home)
    store = provider.store
    current = None
    if store.is_locked():
        current = click.prompt("Current passphrase", hide_input=True)
    chain = store.load(current) if current else provider.default_chain()
    if chain is None:
        chain = provider.default_chain()
    click.echo(LOSE_THE_KEY)
    passphrase = click.prompt("New passphrase", hide_input=True, confirmation_prompt=True)
    if len(passphrase) < 8:
        from steadyheart.errors import InputError

        raise InputError("Please choose a passphrase of at least 8 characters; nothing was changed.")
    store.save(chain, passphrase)
    store.remember(passphrase)
    provider.forget()
    companion.close()
    click.echo(f"Locked. Your key ({store.location()}) now opens only with this passphrase.")


@click.command()
@_home
def unlock(home: str | None) -> None:
    """Remove the passphrase from your data key (anyone with this account's files can then read them)."""
    companion, provider = _home_store(home)
    store = provider.store
    if not store.is_locked():
        click.echo("Your key has no passphrase; nothing to do.")
        return
    passphrase = click.prompt("Current passphrase", hide_input=True)
    chain = store.load(passphrase)
    assert chain is not None  # is_locked() means a key exists
    store.save(chain)
    provider.forget()
    companion.close()
    click.echo(f"Unlocked. Your key is kept without a passphrase ({store.location()}, readable only by you).")


@click.command("rotate-key")
@_home
@click.option("--new-master-key-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Server: re-wrap every data key under this master key (created, 0600, if the file is new).")
@click.option("--data-keys", is_flag=True, help="Server: also give every person a new data key and re-seal their data.")
def rotate_key(home: str | None, new_master_key_file: Path | None, data_keys: bool) -> None:
    """Replace the encryption keys and re-seal stored data, in one transaction. Stop other Steadyheart
    processes first."""
    from steadyheart.privacy import keys, rotation
    from steadyheart.privacy.keystore import write_private_file

    companion = _open(home)
    engine = companion.database.engine
    provider = keys.provider_for(engine)
    if isinstance(provider, keys.HomeKeys):
        passphrase = click.prompt("Passphrase", hide_input=True) if provider.store.is_locked() else None
        report = rotation.rotate_home_key(engine, provider.store, passphrase)
        click.echo(f"New data key in place; {report.resealed} values re-sealed, {report.sealed_plain} older "
                   "plain values encrypted.")
        return
    assert isinstance(provider, keys.MasterKeys)
    new_master = None
    if new_master_key_file is not None:
        if not new_master_key_file.exists():
            write_private_file(new_master_key_file, keys.new_master_key_text() + "\n")
            click.echo(f"Wrote a new master key to {new_master_key_file}.")
        new_master = keys.parse_master_key(new_master_key_file.read_text("utf-8"), str(new_master_key_file))
    if new_master is None and not data_keys:
        from steadyheart.errors import InputError

        raise InputError("Say what to rotate: --new-master-key-file PATH, --data-keys, or both.")
    report = rotation.rotate_server_keys(engine, provider.master, new_master, new_data_keys=data_keys)
    click.echo(f"{report.keys} data keys re-wrapped; {report.resealed} values re-sealed.")
    if new_master is not None:
        click.echo(f"Now point {keys.MASTER_KEY_FILE_ENV} at {new_master_key_file} and restart every worker.")


@click.command()
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@_home
@click.option("--overwrite", is_flag=True, help="Replace DESTINATION if it exists.")
@click.option("--with-key", is_flag=True, help="Also write the data key to DESTINATION.key (keep it apart!).")
def backup(destination: Path, home: str | None, overwrite: bool, with_key: bool) -> None:
    """Copy the database to DESTINATION while Steadyheart keeps running (SQLite; PostgreSQL: use pg_dump)."""
    from steadyheart.privacy import backup as backups
    from steadyheart.privacy.keys import HomeKeys, provider_for

    companion = _open(home)
    result = backups.backup_sqlite(companion.database.url, destination, overwrite=overwrite)
    click.echo(f"Backed up {result.turns} turns to {result.path} (integrity check: {result.integrity}).")
    provider = provider_for(companion.database.engine)
    if with_key and isinstance(provider, HomeKeys):
        click.echo(f"Key written to {backups.copy_key(provider.store, destination)}; store it apart from the backup.")
    else:
        click.echo("The text in it is encrypted; it can be read only with your data key, which is not in the copy.")
    companion.close()


COMMANDS = [lock, unlock, rotate_key, backup]
