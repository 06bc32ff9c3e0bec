"""`steadyheart serve`: the web app and API on 127.0.0.1 (SQLite in the data directory by default)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from steadyheart.errors import StorageError

SECRET_FILE = "web-secret"
#: longer than a load balancer's idle timeout (60 s on common ones), so the server never closes a
#: connection the balancer is about to reuse (which clients would see as a dropped request)
KEEP_ALIVE_SECONDS = 65


def _local_secret(home: Path) -> str:
    """A random secret kept beside the database (0600), so restarts and workers share it."""
    path = home / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret


#: turns computed at once per worker. The built-in responder is CPU-bound: on 2 cores, 3 workers x 2 turns
#: served 92-103 turns/s against 69-93 for 2 x 8 (docs/web.md). An operator's LLM turn mostly waits on
#: the network, so more turns may wait at once.
BUILT_IN_CONCURRENCY = 2
LLM_CONCURRENCY = 8


def chat_concurrency(home: Path) -> int:
    from steadyheart.responders.settings import load_llm_settings

    return LLM_CONCURRENCY if load_llm_settings(home) is not None else BUILT_IN_CONCURRENCY


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--database-url", default=None, metavar="URL",
              help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in the data directory; "
                   "or set STEADYHEART_DATABASE_URL).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; they share nothing but the database (on Linux each has its own socket, "
                   "so new connections spread evenly across them).")
@click.option("--home", default=None, type=click.Path(file_okay=False), help="Data directory (default: STEADYHEART_HOME).")
def serve(host: str, port: int, database_url: str | None, workers: int, home: str | None) -> None:
    """Run the web app and JSON API (pages at /, API at /api/v1, OpenAPI at /openapi.json)."""
    try:
        import uvicorn

        from steadyheart import config
        from steadyheart.web.app import database_url as resolve_url
        from steadyheart.web.core.config import Settings
    except ImportError as exc:
        raise click.ClickException(
            f"The web app needs the 'web' extra ({exc.name} is missing): pip install 'steadyheart[web]'."
        ) from None
    from pydantic import ValidationError

    from steadyheart.store.db import Database
    from steadyheart.web.workers import WorkersFailed, can_balance, check_port_free, serve_balanced

    path = config.resolve_home(home)
    os.environ["STEADYHEART_HOME"] = str(path)
    # Concurrency comes from serving several people at once: one embedding thread per turn (measured:
    # two threads per turn under load made the p95 many times worse).
    os.environ.setdefault("STEADYHEART_EMBED_THREADS", "1")
    if database_url:
        os.environ["STEADYHEART_DATABASE_URL"] = database_url
    try:
        settings = Settings()
    except ValidationError as exc:
        raise click.ClickException(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None
    if "STEADYHEART_SECRET_KEY" not in os.environ and not settings.production:
        os.environ["STEADYHEART_SECRET_KEY"] = _local_secret(path)
    if "STEADYHEART_CHAT_CONCURRENCY" not in os.environ:
        os.environ["STEADYHEART_CHAT_CONCURRENCY"] = str(chat_concurrency(path))
    url = resolve_url(settings)
    database = Database(url)
    database.migrate()  # once, here, so workers never race to migrate
    database.dispose()
    where = "SQLite in " + str(path) if url.startswith("sqlite") else "the database at STEADYHEART_DATABASE_URL"
    click.echo(f"Steadyheart on http://{host}:{port} ({where}, {workers} worker{'s' if workers > 1 else ''}).",
               err=True)
    options = dict(app="steadyheart.web.app:app_from_environment", factory=True, log_level="warning",
                   access_log=False, proxy_headers=True, server_header=False, timeout_keep_alive=KEEP_ALIVE_SECONDS)
    try:
        if workers > 1 and can_balance():
            check_port_free(host, port)
            serve_balanced(host, port, workers, options)
        else:
            uvicorn.run(host=host, port=port, workers=workers, **options)  # type: ignore[arg-type]
    except OSError as exc:
        raise StorageError(f"Could not listen on {host}:{port} ({exc.strerror}); try another --port.") from exc
    except WorkersFailed as exc:
        raise StorageError(f"The web app could not start ({exc}); the messages above say why.") from exc


COMMANDS = [serve]
