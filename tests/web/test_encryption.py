"""Server mode (a master key): every page and API route works with per-person keys, and what people
write through the web never reaches the database file in clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from steadyheart.web.app import create_app

from .support import api_token, sign_up_page, web_settings

SECRET_WORDS = "marigold lighthouse quarrel"


def test_web_writes_are_sealed_in_the_database_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from steadyheart.privacy.keys import new_master_key_text

    monkeypatch.setenv("STEADYHEART_MASTER_KEY", new_master_key_text())
    app = create_app(web_settings(home, None))
    with TestClient(app) as client:
        headers = api_token(client, "sealed@example.org")
        assert client.post("/api/v1/chat", headers=headers, json={"text": f"I keep thinking about the {SECRET_WORDS}."}
                           ).status_code == 200
        assert client.post("/api/v1/checkins", headers=headers, json={"anxiety": 4, "note": f"note {SECRET_WORDS}"}
                           ).status_code == 201
        assert client.put("/api/v1/safety-plan", headers=headers, json={"coping_alone": [f"walk {SECRET_WORDS}"]}
                          ).status_code == 200
        browser = sign_up_page(client, "sealed-web@example.org")
        browser.post("/chat", {"text": f"Page words {SECRET_WORDS}."})
        for path in ["/chat", "/conversations", "/checkin", "/insights", "/safety-plan", "/memory", "/export"]:
            assert client.get(path).status_code == 200, path
        exported = client.get("/api/v1/export", headers=headers).text
        assert SECRET_WORDS in exported, "the person reads their own words back in clear"
    app.state.web.database.dispose()
    raw = b"".join(path.read_bytes() for path in home.glob("steadyheart.db*"))
    assert SECRET_WORDS.encode() not in raw
