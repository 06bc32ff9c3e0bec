"""Accounts through the API and the pages, on SQLite and PostgreSQL: sign up, tokens, lockout, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from steadyheart.web.app import create_app

from .support import PASSWORD, api_token, csrf_of, sign_up_page, start_inside_a_minute, web_settings


def test_sign_up_then_token_then_profile_calls(client: TestClient) -> None:
    headers = api_token(client, "Sam@Example.org")
    assert client.get("/api/v1/conversations", headers=headers).json() == []
    # Emails are matched without regard to case or surrounding spaces.
    again = client.post("/api/v1/token", json={"email": "  sam@example.ORG ", "password": PASSWORD})
    assert again.status_code == 200 and again.json()["token_type"] == "bearer"


def test_sign_up_does_not_reveal_whether_an_email_has_an_account(client: TestClient) -> None:
    first = client.post("/api/v1/users", json={"email": "taken@example.org", "password": PASSWORD})
    second = client.post("/api/v1/users", json={"email": "taken@example.org", "password": "another long password"})
    assert (first.status_code, first.json()) == (second.status_code, second.json())
    # The first owner keeps the account; the second password does not open it.
    assert client.post("/api/v1/token", json={"email": "taken@example.org", "password": PASSWORD}).status_code == 200
    assert client.post("/api/v1/token", json={"email": "taken@example.org",
                                              "password": "another long password"}).status_code == 401


def test_sign_in_failures_read_the_same_for_unknown_email_and_wrong_password(client: TestClient) -> None:
    api_token(client, "known@example.org")
    unknown = client.post("/api/v1/token", json={"email": "nobody@example.org", "password": PASSWORD})
    wrong = client.post("/api/v1/token", json={"email": "known@example.org", "password": "not the password!"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


def test_weak_password_and_bad_email_get_one_clear_sentence(client: TestClient) -> None:
    short = client.post("/api/v1/users", json={"email": "a@example.org", "password": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.json()["detail"]
    bad = client.post("/api/v1/users", json={"email": "not-an-email", "password": PASSWORD})
    assert bad.status_code == 400 and "email address" in bad.json()["detail"]
    extra = client.post("/api/v1/users", json={"email": "a@example.org", "password": PASSWORD, "admin": True})
    assert extra.status_code == 422 and extra.json()["detail"].startswith("'admin'")


def test_lockout_after_repeated_failures_even_with_the_right_password(home: Path, database_url: str | None) -> None:
    app = create_app(web_settings(home, database_url, lockout_after=3))
    with TestClient(app) as client:
        api_token(client, "lock@example.org")
        for _ in range(3):
            assert client.post("/api/v1/token", json={"email": "lock@example.org", "password": "wrong password!"}
                               ).status_code == 401
        locked = client.post("/api/v1/token", json={"email": "lock@example.org", "password": PASSWORD})
        assert locked.status_code == 401
        assert "paused for a few minutes" in locked.json()["detail"]
    app.state.web.database.dispose()


def test_sign_in_is_rate_limited_with_retry_after(home: Path, database_url: str | None) -> None:
    from steadyheart.web.core.config import RateLimits

    app = create_app(web_settings(home, database_url, rate=RateLimits(login_per_minute=2, signup_per_hour=3)))
    start_inside_a_minute()
    with TestClient(app) as client:
        codes = [client.post("/api/v1/token", json={"email": "x@example.org", "password": PASSWORD}).status_code
                 for _ in range(3)]
        assert codes[:2] == [401, 401] and codes[2] == 429
        limited = client.post("/api/v1/token", json={"email": "x@example.org", "password": PASSWORD})
        assert int(limited.headers["retry-after"]) >= 1 and "Too many tries" in limited.json()["detail"]
        signups = [client.post("/api/v1/users", json={"email": f"s{i}@example.org", "password": PASSWORD}).status_code
                   for i in range(4)]
        assert signups == [202, 202, 202, 429]
    app.state.web.database.dispose()


def test_pages_sign_up_sign_in_sign_out(client: TestClient) -> None:
    browser = sign_up_page(client, "page@example.org")
    assert client.get("/chat", follow_redirects=False).status_code == 200
    response = client.post("/logout", data={"csrf_token": browser.csrf()}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/chat", follow_redirects=False).headers["location"] == "/login?next=%2Fchat"


def test_login_page_refuses_wrong_password_and_offsite_next(client: TestClient) -> None:
    sign_up_page(client, "next@example.org")
    client.cookies.clear()
    csrf = csrf_of(client.get("/login").text)
    wrong = client.post("/login", data={"email": "next@example.org", "password": "nope nope nope",
                                        "csrf_token": csrf})
    assert wrong.status_code == 400 and "did not match" in wrong.text
    csrf = csrf_of(wrong.text)
    right = client.post("/login", data={"email": "next@example.org", "password": PASSWORD, "csrf_token": csrf,
                                        "next": "//evil.example/steal"}, follow_redirects=False)
    assert right.headers["location"] == "/chat"


def test_change_password_signs_out_other_tokens(client: TestClient) -> None:
    headers = api_token(client, "change@example.org")
    new = "a brand new passphrase"
    response = client.post("/api/v1/me/password", headers=headers,
                           json={"current_password": PASSWORD, "new_password": new})
    assert response.status_code == 200
    assert client.get("/api/v1/conversations", headers=headers).status_code == 401
    assert client.post("/api/v1/token", json={"email": "change@example.org", "password": new}).status_code == 200
    wrong = client.post("/api/v1/token", json={"email": "change@example.org", "password": PASSWORD})
    assert wrong.status_code == 401


def test_delete_account_needs_the_password_and_removes_everything(client: TestClient) -> None:
    headers = api_token(client, "gone@example.org")
    client.post("/api/v1/checkins", headers=headers, json={"anxiety": 6})
    refused = client.request("DELETE", "/api/v1/me", headers=headers, json={"password": "wrong password!"})
    assert refused.status_code == 400 and "nothing was deleted" in refused.json()["detail"]
    assert client.request("DELETE", "/api/v1/me", headers=headers, json={"password": PASSWORD}).status_code == 200
    assert client.get("/api/v1/checkins", headers=headers).status_code == 401
    assert client.post("/api/v1/token", json={"email": "gone@example.org", "password": PASSWORD}).status_code == 401
    # The email is free again.
    api_token(client, "gone@example.org")


@pytest.mark.parametrize("path", ["/api/v1/conversations", "/api/v1/checkins", "/api/v1/export"])
def test_api_needs_a_bearer_token_and_ignores_the_session_cookie(client: TestClient, path: str) -> None:
    sign_up_page(client, "cookie@example.org")  # the client now holds a valid session cookie
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "POST /api/v1/token" in response.json()["detail"]
    assert client.get(path, headers={"Authorization": "Bearer not-a-token"}).status_code == 401


def test_people_may_choose_the_built_in_responder_when_the_operator_allows(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An LLM endpoint nobody listens on: the choice is what is tested, not the model.
    monkeypatch.setenv("STEADYHEART_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("STEADYHEART_LLM_MODEL", "test-model")
    app = create_app(web_settings(home, None, allow_llm_choice=True))
    state = app.state.web
    with TestClient(app) as client:
        browser = sign_up_page(client, "choice@example.org")
        assert 'name="responder" value="embedded"' in client.get("/settings").text
        assert state.companion_for({}) is state.companion and state.companion.responder is not None
        browser.post("/settings", {"responder": "embedded", "country": "", "display_name": ""})
        user_settings = next(iter(state.companion.profile(1)["settings"].items()), None)
        assert user_settings == ("responder", "embedded")
        assert state.companion_for({"responder": "embedded"}) is state.builtin_companion
    state.database.dispose()


def test_rate_counters_and_expired_sign_ins_are_cleared(app: object) -> None:
    from datetime import timedelta

    from sqlalchemy import func, select

    from steadyheart.store.base import utcnow
    from steadyheart.store.models.accounts import RateCounter, WebSession
    from steadyheart.web.core import limits, ratelimit

    state = app.state.web  # type: ignore[attr-defined]
    user_id = None
    with state.database.session() as session:
        user_id = state.accounts.sign_up(session, "old@example.org", PASSWORD)
        token = state.accounts.open_session(session, user_id)
        ratelimit.count(session, "test", "x", 5, timedelta(minutes=1), now=utcnow() - timedelta(hours=2))
    with state.database.session() as session:
        session.execute(WebSession.__table__.update().values(expires_at=utcnow() - timedelta(days=1)))
    limits.housekeeping(state)
    with state.database.session() as session:
        assert session.scalar(select(func.count()).select_from(RateCounter)) == 0
        assert session.scalar(select(func.count()).select_from(WebSession)) == 0
        assert state.accounts.session_user(session, token) is None
