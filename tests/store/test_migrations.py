"""Alembic migrations from empty and the upgrade path, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from steadyheart.store.db import MIGRATIONS, Database
from steadyheart.store.models import Base


def _config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def _urls(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return _urls(tmp_path, request)


def test_migrations_from_empty_match_the_models(url: str) -> None:
    database = Database(url)
    database.migrate()
    database.migrate()  # idempotent
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        heads = set(ScriptDirectory.from_config(_config(connection)).get_heads())
        applied = set(MigrationContext.configure(connection).get_current_heads())
    assert applied == heads
    database.dispose()


def test_upgrade_from_the_first_release_keeps_data(url: str) -> None:
    database = Database(url)
    with database.engine.begin() as connection:
        command.upgrade(_config(connection), "0001_core")
    with database.engine.begin() as connection:
        connection.execute(sa.text(
            "insert into users (id, email, created_at, settings) values (1, null, CURRENT_TIMESTAMP, '{}')"))
        connection.execute(sa.text(
            "insert into conversations (id, user_id, started_at, updated_at, state)"
            " values (1, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}')"))
        connection.execute(sa.text(
            "insert into turns (conversation_id, \"index\", created_at, user_text, reply_text, tier, triage,"
            " analysis, plan, responder) values (1, 0, CURRENT_TIMESTAMP, 'kept words', 'a reply', 'none',"
            " '{}', '{}', '{}', 'embedded')"))
    database.migrate()
    with database.engine.connect() as connection:
        assert connection.execute(sa.text("select user_text from turns")).scalar_one() == "kept words"
    database.dispose()


def test_every_migration_downgrades_to_empty_and_back(url: str) -> None:
    database = Database(url)
    database.migrate()
    with database.engine.begin() as connection:
        command.downgrade(_config(connection), "base")
    with database.engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
    database.migrate()
    database.dispose()
