"""The 0005_journal migration creates exactly what the CheckIn model declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from steadyheart.store.db import Database
from steadyheart.store.models import Base


def test_migration_matches_the_model(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "checkins" in repr(d)] == []
    with sqlite_db.engine.connect() as connection:
        heads = {row[0] for row in connection.exec_driver_sql("select version_num from alembic_version")}
    assert "0005_journal" in heads
