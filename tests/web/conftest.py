"""Web fixtures: an app on real SQLite or real PostgreSQL (parametrized), and a test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from steadyheart.web.app import create_app
from steadyheart.web.core.config import RateLimits

from .support import web_settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, home: Path) -> str | None:
    """None (SQLite in the temporary home) or a fresh PostgreSQL database."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return None


@pytest.fixture(autouse=True)
def no_operator_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web tests run the built-in responder unless a test configures an LLM itself."""
    for name in ("STEADYHEART_LLM_URL", "STEADYHEART_LLM_MODEL", "STEADYHEART_MASTER_KEY", "STEADYHEART_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def app(home: Path, database_url: str | None) -> Iterator[FastAPI]:
    application = create_app(web_settings(home, database_url, rate=RateLimits(chat_per_minute=1000)))
    yield application
    application.state.web.database.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
