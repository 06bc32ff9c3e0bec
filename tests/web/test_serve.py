"""`steadyheart serve` as operators run it: real processes, several workers, SQLite or PostgreSQL."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from .server import SERVE, running_server

PASSWORD = "serve test passphrase"


def test_production_refuses_to_start_with_the_default_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEADYHEART_")}
    env["STEADYHEART_ENVIRONMENT"] = "production"
    result = subprocess.run([*SERVE, "--home", str(tmp_path / "home")], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "STEADYHEART_SECRET_KEY must be set" in result.stderr and "Traceback" not in result.stderr


def _journey(base: str) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        assert client.post("/api/v1/users", json={"email": "op@example.org", "password": PASSWORD}).status_code == 202
        # Several requests: with two workers they land on both, and each must see the other's writes.
        tokens = [client.post("/api/v1/token", json={"email": "op@example.org", "password": PASSWORD})
                  .json()["access_token"] for _ in range(4)]
        for token in tokens:
            headers = {"Authorization": f"Bearer {token}"}
            reply = client.post("/api/v1/chat", headers=headers, json={"text": "I keep rereading his last message."})
            assert reply.status_code == 200, reply.text
        listing = client.get("/api/v1/conversations", headers={"Authorization": f"Bearer {tokens[0]}"}).json()
        assert listing[0]["turn_count"] == 4
        assert client.get("/openapi.json").json()["info"]["title"] == "Steadyheart"


@pytest.mark.slow
def test_two_workers_on_sqlite_share_everything_through_the_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with running_server(home, workers=2) as base:
        _journey(base)
    secret = home / "web-secret"
    assert secret.exists() and oct(secret.stat().st_mode & 0o777) == "0o600"


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    with running_server(tmp_path / "home", pg_url, workers=2) as base:
        _journey(base)


def test_each_turn_gets_one_embedding_thread(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A worker serves several people at once; a second onnxruntime thread per turn only adds contention."""
    import uvicorn
    from click.testing import CliRunner

    from steadyheart.cli.main import cli

    seen: dict[str, str | None] = {}
    for name in ("STEADYHEART_HOME", "STEADYHEART_SECRET_KEY", "STEADYHEART_EMBED_THREADS", "STEADYHEART_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)  # serve sets some of these; monkeypatch restores them after
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(threads=os.environ.get("STEADYHEART_EMBED_THREADS")))
    result = CliRunner().invoke(cli, ["serve", "--home", str(tmp_path / "home"), "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert seen == {"threads": "1"}
