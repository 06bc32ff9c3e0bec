"""Web settings from the environment (prefix STEADYHEART_), validated at start.

In production the app refuses to start with the shipped placeholder secret or a short one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "changethis"
MIN_SECRET_CHARS = 32


class RateLimits(BaseSettings):
    """Requests allowed per window; counted in the database so every worker agrees."""

    model_config = SettingsConfigDict(env_prefix="STEADYHEART_RATE_", extra="forbid")

    login_per_minute: int = Field(default=10, ge=1)
    signup_per_hour: int = Field(default=20, ge=1)
    chat_per_minute: int = Field(default=30, ge=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STEADYHEART_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    #: SQLAlchemy URL; None means SQLite in the data directory
    database_url: str | None = None
    home: Path | None = None
    #: None: Secure cookies in production or over HTTPS; True/False forces it
    cookie_secure: bool | None = None
    session_days: int = Field(default=14, ge=1, le=90)
    token_days: int = Field(default=30, ge=1, le=365)
    #: largest request body accepted, in bytes
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    lockout_after: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    #: argon2id cost; the defaults follow RFC 9106's second recommended option
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=64 * 1024, ge=8)
    #: password hashes computed at once per worker (each holds argon2_memory_kib of memory)
    argon2_parallel: int = Field(default=2, ge=1, le=64)
    #: with an LLM configured (STEADYHEART_LLM_URL, see responders.settings), let people pick the
    #: built-in responder instead in their settings
    allow_llm_choice: bool = False
    #: load models and content at start-up so the first person does not wait for them
    warm_up: bool = True
    rate: RateLimits = Field(default_factory=lambda: RateLimits())

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.environment == "production" and (secret == DEFAULT_SECRET or len(secret) < MIN_SECRET_CHARS):
            raise ValueError(
                f"STEADYHEART_SECRET_KEY must be set to a random value of at least {MIN_SECRET_CHARS} "
                "characters in production (try: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        return self

    @property
    def production(self) -> bool:
        return self.environment == "production"
