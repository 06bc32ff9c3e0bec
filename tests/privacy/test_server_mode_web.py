"""The web app run as a server with a master key: every person's words sealed with their own data key,
through the JSON API and the streamed chat page alike (whose steps run on different worker threads)."""

from __future__ import annotations

import base64
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from steadyheart.web.app import create_app
from steadyheart.web.core.config import RateLimits, Settings

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@pytest.fixture
def app(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    monkeypatch.setenv("STEADYHEART_MASTER_KEY", base64.b64encode(os.urandom(32)).decode())
    settings = Settings(home=home, database_url=None, secret_key="test-secret-" + "x" * 40,  # type: ignore[arg-type]
                        argon2_time_cost=1, argon2_memory_kib=1024, rate=RateLimits(chat_per_minute=1000))
    application = create_app(settings)
    yield application
    application.state.web.database.dispose()


def _api_person(client: TestClient, email: str) -> dict[str, str]:
    assert client.post("/api/v1/users", json={"email": email, "password": PASSWORD}).status_code == 202
    token = client.post("/api/v1/token", json={"email": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _csrf(client: TestClient, path: str) -> str:
    match = _CSRF.search(client.get(path).text)
    assert match, path
    return match.group(1)


def test_each_person_sealed_under_their_own_key_through_api_and_stream(app: FastAPI, home: Path) -> None:
    api = TestClient(app)
    alice = _api_person(api, "alice@example.org")
    said = api.post("/api/v1/chat", headers=alice, json={"text": "Alice fears Ignatius is pulling away"})
    assert said.status_code == 200, said.text
    note = api.post("/api/v1/checkins", headers=alice, json={"anxiety": 6, "note": "Alice note about Ignatius"})
    assert note.status_code == 201, note.text

    browser = TestClient(app)
    _api_person(browser, "bea@example.org")
    login = browser.post("/login", data={"email": "bea@example.org", "password": PASSWORD,
                                         "csrf_token": _csrf(browser, "/login")}, follow_redirects=False)
    assert login.status_code == 303, login.text
    streamed = browser.post("/chat/stream", data={"text": "Bea keeps rereading Percival's last message",
                                                  "csrf_token": _csrf(browser, "/chat")})
    assert streamed.status_code == 200 and "event: done" in streamed.text, streamed.text
    bea_conversation = browser.get("/chat").text
    assert "Bea keeps rereading Percival" in bea_conversation.replace("&#39;", "'")

    conversation = said.json()["conversation_id"]
    detail = api.get(f"/api/v1/conversations/{conversation}", headers=alice).json()
    assert [t["user_text"] for t in detail["turns"]] == ["Alice fears Ignatius is pulling away"]
    assert [c["note"] for c in api.get("/api/v1/checkins", headers=alice).json()] == ["Alice note about Ignatius"]

    sealed_values = _sealed_columns(home)
    assert b"Ignatius" not in sealed_values and b"Percival" not in sealed_values
    with sqlite3.connect(home / "steadyheart.db") as db:
        keys = db.execute("select user_id, key_id from data_keys order by user_id").fetchall()
        sealed = db.execute("select user_text from turns").fetchall()
    assert len(keys) == 2 and keys[0][1] != keys[1][1]
    assert sorted(base64.urlsafe_b64decode(v[7:])[:8].hex() for (v,) in sealed) == sorted(k for _, k in keys)
    assert not (home / "steadyheart.key").exists()


def _sealed_columns(home: Path) -> bytes:
    with sqlite3.connect(home / "steadyheart.db") as db:
        values = [v for row in db.execute("select user_text, reply_text from turns") for v in row]
        values += [v for (v,) in db.execute("select note from checkins") if v]
    assert values and all(v.startswith("shenc1:") for v in values)
    return "".join(values).encode()
