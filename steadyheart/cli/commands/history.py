"""`steadyheart history`: list conversations, or show one."""

from __future__ import annotations

import click


@click.command()
@click.argument("conversation_id", type=int, required=False)
@click.option("--home", type=click.Path(file_okay=False), help="Data directory.")
def history(conversation_id: int | None, home: str | None) -> None:
    """List your conversations, or show CONVERSATION_ID in full."""
    from steadyheart.companion import Companion

    companion = Companion.open(home)
    if conversation_id is None:
        conversations = companion.conversations()
        if not conversations:
            click.echo("No conversations yet. Start one with `steadyheart chat`.")
        for c in conversations:
            preview = c.first_message.replace("\n", " ")
            preview = preview[:60] + ("…" if len(preview) > 60 else "")
            click.echo(f"{c.id:>5}  {c.updated_at:%Y-%m-%d %H:%M}  {c.turn_count:>3} turns  {preview}")
        return
    for turn in companion.turns(conversation_id):
        click.echo(f"[{turn.created_at:%Y-%m-%d %H:%M}] you: {turn.user_text}")
        click.echo(f"{'':19}steadyheart: {turn.reply_text}\n")


COMMANDS = [history]
