"""The `steadyheart` command: a thin wrapper over the library.

Each module in `steadyheart.cli.commands` exposes `COMMANDS: list[click.Command]`; they are all added
here, so a concern adds its commands without editing this file. Command modules keep heavy imports
inside their functions so that `steadyheart chat` starts fast.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from steadyheart import cli as _cli_package
from steadyheart.errors import SteadyheartError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="steadyheart")
def cli() -> None:
    """Steadyheart: a private AI companion for relationship insecurity. Not a person, not therapy.

    In a crisis, run `steadyheart resources` or call your local emergency number.
    """


def _register_commands() -> None:
    commands_package = importlib.import_module(f"{_cli_package.__name__}.commands")
    for module_info in sorted(pkgutil.iter_modules(commands_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands_package.__name__}.{module_info.name}")
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Entry point: every SteadyheartError becomes one clear sentence and exit code 1, never a traceback."""
    from steadyheart.privacy.logs import configure_logging

    # JSON-lines logs without message text; quiet by default so they never break into a conversation
    configure_logging(os.environ.get("STEADYHEART_LOG_LEVEL", "ERROR"))
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SteadyheartError as exc:
        click.echo(f"steadyheart: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
