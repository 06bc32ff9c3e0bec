"""Hostile input never gets a server error: the chat path under hypothesis, every API operation with junk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadyheart.web.app import create_app
from steadyheart.web.core.config import RateLimits

from .support import api_token, web_settings

ACCEPTABLE = {200, 201, 202, 400, 401, 404, 405, 413, 415, 422, 429}


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    home: Path = tmp_path_factory.mktemp("fuzz") / "home"
    app = create_app(web_settings(home, None, rate=RateLimits(chat_per_minute=100_000, login_per_minute=100_000,
                                                                signup_per_hour=100_000)))
    return TestClient(app)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=300), conversation=st.one_of(st.none(), st.integers(-5, 10**12)))
def test_chat_input_never_breaks_the_server(fuzz_client: TestClient, text: str, conversation: int | None) -> None:
    headers = getattr(fuzz_client, "_fuzz_headers", None)
    if headers is None:
        headers = api_token(fuzz_client, "fuzz@example.org")
        fuzz_client._fuzz_headers = headers  # type: ignore[attr-defined]
    body: dict[str, object] = {"text": text}
    if conversation is not None:
        body["conversation_id"] = conversation
    response = fuzz_client.post("/api/v1/chat", headers=headers, json=body)
    assert response.status_code in ACCEPTABLE, response.text
    assert isinstance(response.json().get("detail" if response.status_code >= 400 else "reply"), str)


JUNK_BODIES = [b"", b"null", b"[]", b'{"text": 5}', b'{"email": ["x"], "password": {}}', b"\xff\xfe not utf-8",
               json.dumps({"answers": {"1": 99, "zz": -1}}).encode(), b'{"text": "\\ud800 lone surrogate"}']
JUNK_PARAMS = ["0", "-1", "99999999999999999999", "abc", "%00", "..%2F..%2Fetc"]


def test_every_api_operation_survives_junk(fuzz_client: TestClient) -> None:
    headers = api_token(fuzz_client, "junk@example.org")
    spec = fuzz_client.get("/openapi.json").json()
    tried = 0
    for path, operations in spec["paths"].items():
        for method in operations:
            for param in JUNK_PARAMS:
                url = path
                for name in [part[1:-1] for part in path.split("/") if part.startswith("{")]:
                    url = url.replace("{" + name + "}", param)
                for body in JUNK_BODIES:
                    for auth in (headers, {}):
                        response = fuzz_client.request(method.upper(), url, content=body,
                                                       headers={**auth, "content-type": "application/json"})
                        tried += 1
                        assert response.status_code in ACCEPTABLE, (method, url, body, response.text)
                        assert response.json()["detail"] if response.status_code >= 400 else True
    assert tried > 500
