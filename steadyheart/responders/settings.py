"""How to reach an OpenAI-compatible chat model: LLMSettings, and where they come from.

Sources, strongest first: options given on the command line (or by the web app's operator settings),
environment variables (STEADYHEART_LLM_URL, STEADYHEART_LLM_MODEL, STEADYHEART_LLM_API_KEY_ENV,
STEADYHEART_LLM_FIRST_TOKEN_TIMEOUT, STEADYHEART_LLM_TOTAL_TIMEOUT, STEADYHEART_LLM_MAX_CHARS), then a
settings file in the home (llm.toml, else llm.yaml / llm.yml). The API key itself is never stored here:
the settings name the environment variable that holds it. Imports only pydantic, yaml and errors.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from steadyheart.errors import InputError

SETTINGS_FILES = ("llm.toml", "llm.yaml", "llm.yml")
_ENV = {
    "base_url": "STEADYHEART_LLM_URL",
    "model": "STEADYHEART_LLM_MODEL",
    "api_key_env": "STEADYHEART_LLM_API_KEY_ENV",
    "first_token_timeout": "STEADYHEART_LLM_FIRST_TOKEN_TIMEOUT",
    "total_timeout": "STEADYHEART_LLM_TOTAL_TIMEOUT",
    "max_chars": "STEADYHEART_LLM_MAX_CHARS",
}


class LLMSettings(BaseModel):
    """One OpenAI-compatible endpoint. Unknown keys are refused, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(description="The API root, e.g. http://localhost:11434/v1")
    model: str = Field(min_length=1, description="The model name the endpoint knows")
    api_key_env: str | None = Field(default=None, description="Name of the environment variable with the key")
    first_token_timeout: float = Field(default=15.0, gt=0, le=600)
    total_timeout: float = Field(default=60.0, gt=0, le=3600)
    max_chars: int = Field(default=900, ge=80, le=8000)
    temperature: float = Field(default=0.6, ge=0, le=2)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")) or len(value) < 10:
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not value.replace("_", "").isalnum():
            raise ValueError("must be the name of an environment variable, not the key itself")
        return value

    def api_key(self, env: Mapping[str, str] | None = None) -> str | None:
        """The key from the named environment variable; an actionable error when it is missing."""
        if self.api_key_env is None:
            return None
        key = (os.environ if env is None else env).get(self.api_key_env, "")
        if not key:
            raise InputError(
                f"The LLM settings name the environment variable {self.api_key_env} for the API key, "
                f"but it is not set; export {self.api_key_env}=... or remove api_key_env."
            )
        return key


def load_llm_settings(
    home: Path | None = None,
    *,
    base_url: str | None = None,
    model: str | None = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> LLMSettings | None:
    """The settings in force, or None when no endpoint is configured anywhere (the embedded responder).

    `options` are further command-line values (first_token_timeout=..., ...); None values are ignored.
    """
    environ = os.environ if env is None else env
    merged: dict[str, Any] = {}
    source = "the LLM settings"
    if home is not None:
        file_values, path = _read_settings_file(home)
        merged.update(file_values)
        if path is not None:
            source = str(path)
    for key, variable in _ENV.items():
        if environ.get(variable):
            merged[key] = environ[variable]
    given = {"base_url": base_url, "model": model, **options}
    merged.update({key: value for key, value in given.items() if value is not None})
    if not merged.get("base_url"):
        if merged.get("model"):
            raise InputError("A model name was given but no endpoint: add --llm URL (e.g. http://localhost:11434/v1).")
        return None
    return settings_from_mapping(merged, source)


def settings_from_mapping(values: Mapping[str, Any], source: str = "the LLM settings") -> LLMSettings:
    """Validate values into LLMSettings; a problem becomes one sentence naming the setting."""
    try:
        return LLMSettings.model_validate(dict(values))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "settings"
        if first["type"] == "extra_forbidden":
            hint = " (put an API key in an environment variable and name it with api_key_env)" if "key" in field else ""
            raise InputError(f"{source}: unknown setting '{field}'{hint}.") from None
        if first["type"] == "missing" and field == "model":
            raise InputError(f"{source}: no model name; add --model NAME (the name the endpoint knows).") from None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{source}: {field} {message}.") from None


def save_llm_settings(home: Path, settings: LLMSettings) -> Path:
    """Write <home>/llm.toml (for the web app's operator page); it holds no key, only the variable's name."""
    lines = ["# Steadyheart LLM settings: see docs/llm.md"]
    for key, value in settings.model_dump(exclude_none=True).items():
        lines.append(f"{key} = {json.dumps(value)}")  # JSON strings and numbers are valid TOML values
    path = home / SETTINGS_FILES[0]
    try:
        home.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"The LLM settings could not be saved to {path} ({exc.strerror}).") from None
    return path


def _read_settings_file(home: Path) -> tuple[dict[str, Any], Path | None]:
    for name in SETTINGS_FILES:
        path = home / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text) if name.endswith(".toml") else yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
            raise InputError(f"{path} cannot be read as settings ({type(exc).__name__}); fix or remove it.") from None
        data = data or {}
        if not isinstance(data, dict):
            raise InputError(f"{path} must hold key = value settings (base_url, model, ...).")
        data = dict(data.get("llm", data)) if isinstance(data.get("llm"), dict) else data
        return data, path
    return {}, None
