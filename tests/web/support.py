"""Helpers for the web tests: settings with cheap hashing, and signing people up as a browser or a script."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from steadyheart.web.core.config import Settings

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def web_settings(home: Path, url: str | None, **overrides: object) -> Settings:
    """Cheap argon2 parameters keep the tests quick; everything else is as shipped."""
    values: dict[str, object] = {"home": home, "database_url": url, "secret_key": "test-secret-" + "x" * 40,
                                 "argon2_time_cost": 1, "argon2_memory_kib": 1024}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@dataclass
class Browser:
    """A TestClient signed in through the real pages (cookies and CSRF as a browser would use them)."""

    client: TestClient
    email: str

    def csrf(self, path: str = "/settings") -> str:
        return csrf_of(self.client.get(path).text)

    def post(self, path: str, data: dict[str, str], **kwargs: object) -> object:
        return self.client.post(path, data={**data, "csrf_token": self.csrf()}, **kwargs)  # type: ignore[arg-type]


def sign_up_page(client: TestClient, email: str, password: str = PASSWORD) -> Browser:
    csrf = csrf_of(client.get("/signup").text)
    response = client.post("/signup", data={"email": email, "password": password, "csrf_token": csrf})
    assert response.status_code == 200, response.text
    return sign_in_page(client, email, password)


def sign_in_page(client: TestClient, email: str, password: str = PASSWORD) -> Browser:
    csrf = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return Browser(client, email)


def api_token(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    assert client.post("/api/v1/users", json={"email": email, "password": password}).status_code == 202
    response = client.post("/api/v1/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def start_inside_a_minute(margin: float = 15.0) -> None:
    """Rate limits count in fixed one-minute windows: wait for a fresh one when this one ends soon, so a
    test's tries all fall in the same window."""
    if time.time() % 60 > 60 - margin:
        time.sleep(61 - time.time() % 60)
