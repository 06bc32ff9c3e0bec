"""LLMSettings: validation, and the order of sources (options, then environment, then the home's file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from steadyheart.errors import InputError
from steadyheart.responders.settings import LLMSettings, load_llm_settings, save_llm_settings


def test_nothing_configured_means_no_llm(tmp_path: Path) -> None:
    assert load_llm_settings(tmp_path, env={}) is None


def test_options_beat_environment_which_beats_the_file(tmp_path: Path) -> None:
    (tmp_path / "llm.toml").write_text('base_url = "http://localhost:11434/v1"\nmodel = "file-model"\n'
                                       "total_timeout = 30\n")
    from_file = load_llm_settings(tmp_path, env={})
    assert from_file is not None and from_file.model == "file-model" and from_file.total_timeout == 30
    from_env = load_llm_settings(tmp_path, env={"STEADYHEART_LLM_MODEL": "env-model"})
    assert from_env is not None and from_env.model == "env-model"
    from_cli = load_llm_settings(tmp_path, model="cli-model", env={"STEADYHEART_LLM_MODEL": "env-model"})
    assert from_cli is not None and from_cli.model == "cli-model" and from_cli.base_url == "http://localhost:11434/v1"


def test_a_yaml_file_with_an_llm_section_works(tmp_path: Path) -> None:
    (tmp_path / "llm.yaml").write_text("llm:\n  base_url: http://127.0.0.1:8080/v1/\n  model: smol\n  max_chars: 500\n")
    settings = load_llm_settings(tmp_path, env={})
    assert settings == LLMSettings(base_url="http://127.0.0.1:8080/v1", model="smol", max_chars=500)


@pytest.mark.parametrize(("content", "words"), [
    ('base_url = "http://x.local/v1"\nmodel = "m"\napi_key = "sk-123"\n', "api_key_env"),
    ('base_url = "http://x.local/v1"\nmodel = "m"\ntimeout = 3\n', "unknown setting 'timeout'"),
    ('base_url = "ftp://x/v1"\nmodel = "m"\n', "base_url must start with http"),
    ('base_url = "http://x.local/v1"\n', "--model"),
    ('base_url = "http://x.local/v1"\nmodel = "m"\nfirst_token_timeout = -1\n', "first_token_timeout"),
    ("base_url = [oops", "cannot be read"),
])
def test_a_bad_settings_file_is_one_clear_sentence(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / "llm.toml").write_text(content)
    with pytest.raises(InputError) as caught:
        load_llm_settings(tmp_path, env={})
    message = str(caught.value)
    assert words in message and "\n" not in message and "sk-123" not in message


def test_a_model_without_an_endpoint_is_refused() -> None:
    with pytest.raises(InputError, match="--llm URL"):
        load_llm_settings(None, model="llama3", env={})


def test_a_named_but_missing_key_variable_says_what_to_do() -> None:
    settings = LLMSettings(base_url="https://api.example.com/v1", model="m", api_key_env="EXAMPLE_KEY")
    with pytest.raises(InputError, match="export EXAMPLE_KEY"):
        settings.api_key({})
    assert settings.api_key({"EXAMPLE_KEY": "k"}) == "k"


def test_the_key_variable_must_be_a_name_not_a_key() -> None:
    with pytest.raises(ValueError, match="name of an environment variable"):
        LLMSettings(base_url="https://api.example.com/v1", model="m", api_key_env="sk-abc.def")


def test_saved_settings_load_back_the_same(tmp_path: Path) -> None:
    settings = LLMSettings(base_url="https://api.example.com/v1", model='we"ird', api_key_env="EXAMPLE_KEY",
                           first_token_timeout=7.5, max_chars=600)
    path = save_llm_settings(tmp_path / "home", settings)
    assert path.name == "llm.toml" and "sk-" not in path.read_text()
    assert load_llm_settings(tmp_path / "home", env={}) == settings
