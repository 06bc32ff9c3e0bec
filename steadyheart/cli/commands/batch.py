"""`steadyheart triage` and `steadyheart analyze`: JSON lines in, JSON lines out."""

from __future__ import annotations

import sys

import click


def _run(kind: str) -> None:
    from steadyheart.cli import batch

    handle = batch.triage_items if kind == "triage" else batch.analyze_items
    lines = list(sys.stdin.buffer) if sys.stderr.isatty() else sys.stdin.buffer
    source = batch.with_progress(lines) if isinstance(lines, list) else lines
    errors = batch.run(source, handle, sys.stdout)
    if errors:
        click.echo(f"steadyheart: {errors} line(s) could not be read; each got an error line.", err=True)


@click.command("triage")
def triage_command() -> None:
    """Safety triage for JSON lines {"text", "context"?} on standard input."""
    _run("triage")


@click.command("analyze")
def analyze_command() -> None:
    """Emotions, body signals, thinking traps, triggers and urges for JSON lines on standard input."""
    _run("analyze")


COMMANDS = [triage_command, analyze_command]
