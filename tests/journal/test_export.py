"""steadyheart.privacy.export: export/import round trip into an empty home, tables added by other
concerns included automatically, and delete --all leaving no trace in the SQLite file's bytes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Column, ForeignKey, Integer, Table, Text, func, select
from tests_journal_support import NOW, Person, build_history, new_person, open_database

from steadyheart.cli.commands.journal import delete, export_command, import_command
from steadyheart.errors import InputError
from steadyheart.journal import record_checkin
from steadyheart.privacy import export as portability
from steadyheart.store import conversations as repo
from steadyheart.store.db import Database
from steadyheart.store.models import Base


@pytest.fixture
def extra_table(sqlite_db: Database) -> Iterator[Table]:
    """A table another engineer might add later (a grandchild of users, via checkins)."""
    table = Table("test_checkin_photos", Base.metadata,
                  Column("id", Integer, primary_key=True),
                  Column("checkin_id", ForeignKey("checkins.id", ondelete="CASCADE")),
                  Column("caption", Text))
    table.create(sqlite_db.engine)
    yield table
    Base.metadata.remove(table)


def add_private(database: Database, user_id: int, word: str) -> None:
    """Distinctive text for one person: a check-in note and a chat message."""
    with database.session() as session:
        record_checkin(session, user_id, insecurity=5, note=f"note-{word}-7f3a", created_at=NOW)
        conversation = repo.new_conversation(session, user_id)
        repo.add_turn(session, conversation, user_text=f"message-{word}-9c1d", reply_text="a reply", tier="none",
                      triage={}, analysis={}, plan={}, responder="test", created_at=NOW)


def without_keys(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows with every integer key and foreign key dropped (ids are fresh after an import)."""
    result = {}
    for name, rows in data["tables"].items():
        table = Base.metadata.tables[name]
        keys = {c.name for c in table.primary_key.columns} | {fk.parent.name for fk in table.foreign_keys}
        cleaned = [{k: v for k, v in row.items() if k not in keys and k not in ("email", "settings")} for row in rows]
        result[name] = sorted(cleaned, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return result


def test_round_trip_through_the_cli_into_an_empty_home(history: Person, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    add_private(history.database, history.user_id, "alpha")
    with history.database.session() as session:
        before = portability.export_person(session, history.user_id)
    home_a = Path(history.database.url.removeprefix("sqlite:///")).parent
    runner = CliRunner()
    # The CLI works on the home's local person: make the history person that one.
    with history.database.session() as session:
        repo.get_user(session, history.user_id).settings = {repo.LOCAL_USER_SETTING: True}
    result = runner.invoke(export_command, ["--home", str(home_a), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    exported = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    assert len(exported["tables"]["checkins"]) == 41 and len(exported["tables"]["turns"]) == 9
    with (tmp_path / "out" / "checkins.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 41 and "note-alpha-7f3a" in {r["note"] for r in rows}

    home_b = tmp_path / "home_b"
    result = runner.invoke(import_command, ["--home", str(home_b), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "41 checkins" in result.output
    restored_db = open_database(f"sqlite:///{home_b / 'steadyheart.db'}")
    try:
        with restored_db.session() as session:
            local = repo.ensure_local_user(session).id
            after = portability.export_person(session, local)
        assert without_keys(after) == without_keys(before)
        assert after["tables"]["users"][0]["display_name"] == "Sam"
        again = runner.invoke(import_command, ["--home", str(home_b), str(tmp_path / "out")])
        assert isinstance(again.exception, InputError) and "empty home" in str(again.exception)
    finally:
        restored_db.dispose()


def test_tables_added_by_other_concerns_are_exported_imported_and_deleted(person: Person, extra_table: Table,
                                                                          tmp_path: Path) -> None:
    with person.database.session() as session:
        checkin_id = record_checkin(session, person.user_id, anxiety=4)
        session.execute(extra_table.insert().values(checkin_id=checkin_id, caption="caption-zeta-51"))
    assert extra_table in portability.person_tables()
    with person.database.session() as session:
        data = portability.export_person(session, person.user_id)
    assert data["tables"]["test_checkin_photos"][0]["caption"] == "caption-zeta-51"
    other = new_person(person.database)  # import as a second person in the same home: ids must be remapped
    with person.database.session() as session:
        portability.import_person(session, data, into_user_id=other)
    with person.database.session() as session:
        copied = portability.export_person(session, other)
    (photo,) = copied["tables"]["test_checkin_photos"]
    assert photo["checkin_id"] == copied["tables"]["checkins"][0]["id"] != checkin_id
    portability.delete_everything(person.database, person.user_id)
    with person.database.session() as session:
        captions = session.execute(select(extra_table.c.caption)).scalars().all()
    assert captions == ["caption-zeta-51"]  # only the other person's copy is left


def test_tables_can_opt_out_of_export_but_not_of_delete(person: Person, extra_table: Table) -> None:
    extra_table.info["export"] = False
    with person.database.session() as session:
        checkin_id = record_checkin(session, person.user_id, anxiety=4)
        session.execute(extra_table.insert().values(checkin_id=checkin_id, caption="secret"))
        assert "test_checkin_photos" not in portability.export_person(session, person.user_id)["tables"]
    portability.delete_everything(person.database, person.user_id)
    with person.database.session() as session:
        assert session.scalar(select(func.count()).select_from(extra_table)) == 0
    assert {"credentials", "web_sessions", "api_tokens"} <= portability.NOT_EXPORTED


@pytest.mark.parametrize(("content", "words"), [
    ("not json", "not valid JSON"),
    ('{"format": "something-else", "tables": {}}', "is not a Steadyheart export"),
    ('{"format": "steadyheart-export", "version": 99, "tables": {}}', "export version 99"),
])
def test_bad_import_files_are_one_sentence(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        portability.read_export(path)
    with pytest.raises(InputError, match="no Steadyheart export"):
        portability.read_export(tmp_path / "missing")


@pytest.mark.parametrize("damage", ["bad date", "missing column", "dangling reference", "two people"])
def test_a_damaged_export_imports_nothing(history: Person, damage: str) -> None:
    with history.database.session() as session:
        data = portability.export_person(session, history.user_id)
    tables = data["tables"]
    if damage == "bad date":
        tables["checkins"][5]["created_at"] = "the fifth of never"
    elif damage == "missing column":
        del tables["turns"][2]["tier"]
    elif damage == "dangling reference":
        tables["turns"][0]["conversation_id"] = 999
    else:
        tables["users"].append(dict(tables["users"][0]))
    target = new_person(history.database)
    with pytest.raises(InputError) as caught, history.database.session() as session:
        portability.import_person(session, data, into_user_id=target)
    assert "\n" not in str(caught.value) and ("damaged" in str(caught.value) or "exactly one" in str(caught.value))
    with history.database.session() as session:
        assert not portability.has_data(session, target)


def test_a_one_to_one_table_keyed_by_the_person_keeps_its_key(person: Person) -> None:
    table = Table("test_person_prefs", Base.metadata, Column("user_id", ForeignKey("users.id"), primary_key=True),
                  Column("theme", Text))
    try:
        table.create(person.database.engine)
        with person.database.session() as session:
            session.execute(table.insert().values(user_id=person.user_id, theme="dark"))
            data = portability.export_person(session, person.user_id)
        other = new_person(person.database)
        with person.database.session() as session:
            portability.import_person(session, data, into_user_id=other)
        with person.database.session() as session:
            rows = set(session.execute(select(table.c.user_id, table.c.theme)).all())
        assert rows == {(person.user_id, "dark"), (other, "dark")}
    finally:
        Base.metadata.remove(table)


def raw_bytes(database: Database) -> bytes:
    path = Path(database.url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def stored(database: Database, user_id: int) -> list[bytes]:
    """The person's words exactly as the file holds them (plain, or sealed by encryption at rest)."""
    import sqlite3

    queries = [
        "select t.user_text from turns t join conversations c on c.id = t.conversation_id where c.user_id = ?",
        "select note from checkins where user_id = ? and note is not null",
        "select \"trigger\" from checkins where user_id = ? and \"trigger\" is not null",
    ]
    connection = sqlite3.connect(database.url.removeprefix("sqlite:///"))
    try:
        values = [row[0] for query in queries for row in connection.execute(query, (user_id,))]
    finally:
        connection.close()
    return [str(value).encode("utf-8") for value in values]


def sealed_analyses(database: Database, user_id: int) -> list[bytes]:
    import sqlite3

    connection = sqlite3.connect(database.url.removeprefix("sqlite:///"))
    try:
        rows = connection.execute(
            "select t.analysis from turns t join conversations c on c.id = t.conversation_id where c.user_id = ?",
            (user_id,)).fetchall()
    finally:
        connection.close()
    values = [str(row[0]).strip('"').encode("utf-8") for row in rows]
    assert all(v.startswith(b"shenc1:") for v in values)
    return values


def test_check_in_words_are_encrypted_at_rest(history: Person) -> None:
    add_private(history.database, history.user_id, "alpha")
    raw = raw_bytes(history.database)
    assert b"note-alpha-7f3a" not in raw and b"Could not sleep" not in raw and b"unanswered text" not in raw
    assert all(value.startswith(b"shenc1:") for value in stored(history.database, history.user_id))


def test_delete_all_leaves_no_trace_in_the_sqlite_file(history: Person) -> None:
    database = history.database
    add_private(database, history.user_id, "alpha")
    other = new_person(database, email="other@example.org")
    add_private(database, other, "beta")
    # the analyses (trap tags such as mind_reading) are sealed too, so the scan looks for their sealed form
    secrets = [*sealed_analyses(database, history.user_id), *stored(database, history.user_id)]
    assert len(secrets) == 9 + 9 + 7 + 16  # analyses; turn texts; notes; triggers
    assert b"mind_reading" not in raw_bytes(database)
    kept = stored(database, other)
    before = raw_bytes(database)
    assert [s for s in secrets if s not in before] == []  # the scan can see them before
    with database.session() as session:
        repo.get_user(session, history.user_id).settings = {repo.LOCAL_USER_SETTING: True}
    home = Path(database.url.removeprefix("sqlite:///")).parent
    result = CliRunner().invoke(delete, ["--all", "--home", str(home)], input="DELETE\n")
    assert result.exit_code == 0, result.output
    left = raw_bytes(database)
    for secret in secrets:
        assert secret not in left, secret
    assert all(k in left for k in kept)  # other people untouched
    with database.session() as session:
        for table in portability.person_tables():
            count = session.scalar(select(func.count()).select_from(table).where(
                portability.ownership(table, history.user_id)))
            assert count == 0, table.name


def test_delete_needs_confirmation(history: Person) -> None:
    home = Path(history.database.url.removeprefix("sqlite:///")).parent
    result = CliRunner().invoke(delete, ["--all", "--home", str(home)], input="yes\n")
    assert "Nothing was deleted" in result.output
    with history.database.session() as session:
        assert len(portability.export_person(session, history.user_id)["tables"]["checkins"]) == 40


@pytest.mark.postgres
def test_round_trip_and_delete_on_postgresql(history: Person, pg_url: str) -> None:
    with history.database.session() as session:
        data = portability.export_person(session, history.user_id)
    database = open_database(pg_url)
    try:
        target = new_person(database)
        bystander = new_person(database)
        add_private(database, bystander, "beta")
        with database.session() as session:
            portability.import_person(session, data, into_user_id=target)
        with database.session() as session:
            copied = portability.export_person(session, target)
        assert without_keys(copied) == without_keys(data)
        counts = portability.delete_everything(database, target)
        assert counts["checkins"] == 40 and counts["turns"] == 8 and counts["users"] == 1
        with database.session() as session:
            for table in portability.person_tables():
                assert session.scalar(select(func.count()).select_from(table).where(
                    portability.ownership(table, target))) == 0
            assert len(portability.export_person(session, bystander)["tables"]["checkins"]) == 1
    finally:
        database.dispose()


def test_history_helpers_match(history: Person) -> None:
    """Guards the fixture the other tests rely on: the synthetic history is where it should be."""
    with history.database.session() as session:
        data = portability.export_person(session, history.user_id)
    assert len(data["tables"]["checkins"]) == 40 and len(data["tables"]["turns"]) == 8
    assert build_history is not None
