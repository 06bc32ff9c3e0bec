"""Settings: production refuses the placeholder secret and short ones; development accepts them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from steadyheart.web.core.config import DEFAULT_SECRET, Settings


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STEADYHEART_SECRET_KEY", raising=False)
    monkeypatch.setenv("STEADYHEART_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="STEADYHEART_SECRET_KEY must be set"):
        Settings()


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(environment="production", secret_key="short-but-not-default")  # type: ignore[arg-type]


def test_production_accepts_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEADYHEART_ENVIRONMENT", "production")
    monkeypatch.setenv("STEADYHEART_SECRET_KEY", "k" * 48)
    monkeypatch.setenv("STEADYHEART_RATE_CHAT_PER_MINUTE", "7")
    settings = Settings()
    assert settings.production and settings.rate.chat_per_minute == 7


def test_development_allows_the_placeholder() -> None:
    assert Settings(environment="development").secret_key.get_secret_value() == DEFAULT_SECRET


def test_serve_computes_fewer_turns_at_once_without_an_llm(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    from steadyheart.cli.commands.web import BUILT_IN_CONCURRENCY, LLM_CONCURRENCY, chat_concurrency

    for name in ("STEADYHEART_LLM_URL", "STEADYHEART_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    home = Path(str(tmp_path))
    assert chat_concurrency(home) == BUILT_IN_CONCURRENCY  # CPU-bound turns: more at once only contend
    monkeypatch.setenv("STEADYHEART_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("STEADYHEART_LLM_MODEL", "any")
    assert chat_concurrency(home) == LLM_CONCURRENCY  # turns that wait on the network
