"""Schemathesis against the served OpenAPI document: every operation, generated inputs, 0 server errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadyheart.web.app import create_app
from steadyheart.web.core.config import RateLimits

from .support import web_settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra")

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def sqlite_app(home: Path) -> Iterator[FastAPI]:
    application = create_app(web_settings(home, None, rate=RateLimits(chat_per_minute=100_000)))
    yield application
    application.state.web.database.dispose()


def test_no_operation_answers_with_a_server_error(sqlite_app: FastAPI) -> None:
    with TestClient(sqlite_app) as client:
        assert client.post("/api/v1/users", json={"email": "fuzz@example.org", "password": "a long passphrase 42"}
                           ).status_code in {200, 201, 202}  # 202: no enumeration of accounts
        token = client.post("/api/v1/token", json={"email": "fuzz@example.org", "password": "a long passphrase 42"}
                            ).json()["access_token"]
    schema = schemathesis.openapi.from_asgi("/openapi.json", sqlite_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    failures: list[str] = []
    calls = 0
    for operation in operations:
        strategy = operation.as_strategy()

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy, authorised=st.booleans())
        def check(case: object, authorised: bool) -> None:
            nonlocal calls
            headers = {"Authorization": f"Bearer {token}"} if authorised else {}
            response = case.call(headers=headers)  # type: ignore[attr-defined]
            calls += 1
            if response.status_code >= 500:
                failures.append(f"{case.method.upper()} {case.path} -> {response.status_code}")  # type: ignore[attr-defined]

        check()
    print(f"schemathesis: {len(operations)} operations, {calls} calls, {len(failures)} server errors")
    assert calls >= EXAMPLES_PER_OPERATION
    assert failures == []
