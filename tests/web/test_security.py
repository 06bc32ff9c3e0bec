"""Web security basics (OWASP ASVS level 1): headers, cookies, CSRF, body limits, no inline script."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from .support import PASSWORD, api_token, csrf_of, sign_up_page

PAGES = ["/chat", "/checkin", "/questionnaires", "/questionnaires/gad7", "/insights", "/safety-plan", "/memory",
         "/conversations", "/settings", "/help"]


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for response in (client.get("/"), client.get("/openapi.json"), client.get("/api/v1/conversations")):
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"


def test_no_inline_script_or_style_on_any_page(client: TestClient) -> None:
    sign_up_page(client, "csp@example.org")
    for path in ["/", "/login", "/signup", *PAGES]:
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert not re.search(r"\sstyle\s*=", html), path
        assert "<style" not in html, path


def test_session_cookie_is_httponly_samesite_and_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        sign_up_page(client, "cookie@example.org")
        client.cookies.clear()
        page = client.get("/login")
        response = client.post("/login", data={"email": "cookie@example.org", "password": PASSWORD,
                                                "csrf_token": csrf_of(page.text)}, follow_redirects=False)
        cookie = response.headers["set-cookie"]
        assert "sh_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize("path", ["/settings", "/checkin", "/chat", "/logout", "/settings/delete"])
def test_form_posts_without_the_csrf_token_are_refused(client: TestClient, path: str) -> None:
    sign_up_page(client, "csrf@example.org")
    missing = client.post(path, data={"text": "hello", "display_name": "Mallory"}, follow_redirects=False)
    assert missing.status_code == 403 and "reload the page" in missing.text
    forged = client.post(path, data={"csrf_token": "0" * 64, "display_name": "Mallory"}, follow_redirects=False)
    assert forged.status_code == 403


def test_a_token_from_another_browser_does_not_work(app: FastAPI) -> None:
    with TestClient(app) as alice, TestClient(app) as mallory:
        sign_up_page(alice, "alice@example.org")
        token_of_mallory = csrf_of(mallory.get("/login").text)
        response = alice.post("/settings", data={"display_name": "hacked", "csrf_token": token_of_mallory})
        assert response.status_code == 403


def test_request_bodies_over_the_limit_get_413(client: TestClient) -> None:
    headers = api_token(client, "big@example.org")
    big = {"text": "x" * 70_000}
    declared = client.post("/api/v1/chat", headers=headers, json=big)
    assert declared.status_code == 413 and "limit is 64 KB" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(80):
            yield b"y" * 1024
        yield b'"}'

    streamed = client.post("/api/v1/chat", headers={**headers, "content-type": "application/json"},
                           content=chunks())
    assert streamed.status_code == 413


def test_errors_are_json_with_a_sentence_and_the_status(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json() == {"detail": "There is nothing here.", "status": 404}
    wrong_method = client.put("/api/v1/token")
    assert wrong_method.status_code == 405 and wrong_method.json()["status"] == 405
    not_json = client.post("/api/v1/token", content=b"{not json", headers={"content-type": "application/json"})
    assert not_json.status_code == 422 and not_json.json()["detail"]


def test_openapi_document_lists_the_required_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in [("/api/v1/users", "post"), ("/api/v1/token", "post"), ("/api/v1/chat", "post"),
                         ("/api/v1/conversations", "get"), ("/api/v1/conversations/{conversation_id}", "get"),
                         ("/api/v1/checkins", "post"), ("/api/v1/questionnaires/{instrument_id}/responses", "post"),
                         ("/api/v1/insights", "get"), ("/api/v1/export", "get")]:
        assert method in paths[path], path
    assert not any(p.startswith(("/chat", "/settings")) for p in paths)  # pages stay out of the API document
