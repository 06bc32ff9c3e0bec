"""One account can read or change nothing of another's, through any page or API route.

Alice and Bob each chat, check in and answer a questionnaire. Bob then tries every route that takes an
id, with Alice's ids, and every listing and export; none shows or changes anything of Alice's. A last
test fails when a route is added without being listed here, so new routes cannot skip this check.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from .support import PASSWORD, Browser, api_token, sign_in_page

ALICE_SECRET = "Alice private words about Jordan and the blue notebook"
ALICE_NOTE = "Alice journal note about the blue notebook"


@dataclass
class Account:
    headers: dict[str, str]
    browser: Browser
    conversation_id: int
    checkin_id: int


def _setup(app: FastAPI, name: str, secret: str, note: str) -> Account:
    client = TestClient(app)
    headers = api_token(client, f"{name}@example.org")
    browser = sign_in_page(client, f"{name}@example.org")
    reply = client.post("/api/v1/chat", headers=headers, json={"text": secret}).json()
    kept = client.put("/api/v1/memory/partner_name", headers=headers, json={"value": f"{name.title()}partner"})
    assert kept.status_code == 200, kept.text
    plan = client.put("/api/v1/safety-plan", headers=headers, json={"reasons_to_live": [note]})
    assert plan.status_code == 200, plan.text
    checkin = client.post("/api/v1/checkins", headers=headers, json={"anxiety": 7, "note": note}).json()
    answered = client.post("/api/v1/questionnaires/gad7/responses", headers=headers,
                           json={"answers": {str(i): 2 for i in range(1, 8)}})
    assert answered.status_code == 201, answered.text
    return Account(headers, browser, reply["conversation_id"], checkin["id"])


@pytest.fixture
def people(app: FastAPI) -> tuple[Account, Account]:
    alice = _setup(app, "alice", ALICE_SECRET, ALICE_NOTE)
    bob = _setup(app, "bob", "Bob is worried about a late reply", "Bob note")
    return alice, bob


def _alice_untouched(client: TestClient, alice: Account) -> None:
    detail = client.get(f"/api/v1/conversations/{alice.conversation_id}", headers=alice.headers).json()
    assert [t["user_text"] for t in detail["turns"]] == [ALICE_SECRET]
    notes = [c["note"] for c in client.get("/api/v1/checkins", headers=alice.headers).json()]
    assert notes == [ALICE_NOTE]
    plan = client.get("/api/v1/safety-plan", headers=alice.headers).json()
    assert plan["reasons_to_live"] == [ALICE_NOTE]
    assert client.get("/api/v1/memory", headers=alice.headers).json() == {"partner_name": "Alicepartner"}
    history = client.get("/api/v1/questionnaires/gad7/history", headers=alice.headers).json()
    assert [p["total"] for p in history] == [14]


def test_api_reads_by_id_are_refused(people: tuple[Account, Account]) -> None:
    alice, bob = people
    client = bob.browser.client
    response = client.get(f"/api/v1/conversations/{alice.conversation_id}", headers=bob.headers)
    assert response.status_code == 404 and ALICE_SECRET not in response.text


def test_api_writes_by_id_are_refused(people: tuple[Account, Account]) -> None:
    alice, bob = people
    client = bob.browser.client
    chat = client.post("/api/v1/chat", headers=bob.headers,
                       json={"text": "writing into Alice's chat", "conversation_id": alice.conversation_id})
    assert chat.status_code == 404
    delete = client.delete(f"/api/v1/checkins/{alice.checkin_id}", headers=bob.headers)
    assert delete.status_code == 404
    # Memory, safety plan and forgetting act on Bob's own rows only, whatever Bob sends.
    client.delete("/api/v1/memory", headers=bob.headers)
    client.put("/api/v1/safety-plan", headers=bob.headers, json={})
    _alice_untouched(client, alice)


def test_api_listings_and_export_hold_only_ones_own(people: tuple[Account, Account]) -> None:
    _alice, bob = people
    client = bob.browser.client
    for path in ["/api/v1/conversations", "/api/v1/checkins", "/api/v1/questionnaires/gad7/history",
                 "/api/v1/safety-plan", "/api/v1/memory",
                 "/api/v1/insights", "/api/v1/export"]:
        response = client.get(path, headers=bob.headers)
        assert response.status_code == 200, path
        assert ALICE_SECRET not in response.text and ALICE_NOTE not in response.text and "alice" not in response.text.lower()
    conversations = client.get("/api/v1/conversations", headers=bob.headers).json()
    assert [c["id"] for c in conversations] == [bob.conversation_id]
    assert len(client.get("/api/v1/questionnaires/gad7/history", headers=bob.headers).json()) == 1


def test_pages_by_id_are_refused(people: tuple[Account, Account]) -> None:
    alice, bob = people
    browser = bob.browser
    page = browser.client.get(f"/chat?conversation={alice.conversation_id}")
    assert page.status_code == 404 and ALICE_SECRET not in page.text
    for path in ["/chat", "/chat/stream"]:
        response = browser.post(path, {"text": "into Alice's chat", "conversation_id": str(alice.conversation_id)},
                                follow_redirects=False)
        assert response.status_code == 404, path  # type: ignore[attr-defined]
    _alice_untouched(browser.client, alice)


def test_pages_show_only_ones_own(people: tuple[Account, Account]) -> None:
    _alice, bob = people
    for path in ["/chat", "/conversations", "/checkin", "/questionnaires", "/insights", "/settings", "/export",
                 "/safety-plan", "/memory", "/insights/charts/trend.svg", "/insights/charts/urges.svg"]:
        response = bob.browser.client.get(path)
        assert response.status_code == 200, path
        assert ALICE_SECRET not in response.text and ALICE_NOTE not in response.text and "alice" not in response.text.lower()


def test_account_changes_touch_only_the_signed_in_person(people: tuple[Account, Account]) -> None:
    alice, bob = people
    bob.browser.post("/settings", {"display_name": "Bobby", "country": "DE"})
    deleted = bob.browser.client.request("DELETE", "/api/v1/me", headers=bob.headers,
                                         json={"password": PASSWORD})
    assert deleted.status_code == 200
    _alice_untouched(bob.browser.client, alice)
    me = bob.browser.client.get("/api/v1/conversations", headers=alice.headers)
    assert me.status_code == 200 and len(me.json()) == 1


#: Every route, and how this file proves it is scoped: "id" routes are tried with another person's id
#: above; "own" routes act only on the signed-in person (listings, forms, export); "public" need no account.
ROUTES = {
    ("GET", "/"): "public", ("GET", "/help"): "public", ("GET", "/healthz"): "public",
    ("GET", "/signup"): "public", ("POST", "/signup"): "public", ("GET", "/login"): "public",
    ("POST", "/login"): "public", ("POST", "/logout"): "own",
    ("POST", "/api/v1/users"): "public", ("POST", "/api/v1/token"): "public", ("DELETE", "/api/v1/token"): "own",
    ("POST", "/api/v1/me/password"): "own", ("DELETE", "/api/v1/me"): "own",
    ("GET", "/chat"): "id", ("POST", "/chat"): "id", ("POST", "/chat/stream"): "id", ("POST", "/chat/new"): "own",
    ("GET", "/conversations"): "own",
    ("POST", "/api/v1/chat"): "id", ("GET", "/api/v1/conversations"): "own",
    ("GET", "/api/v1/conversations/{conversation_id}"): "id",
    ("GET", "/checkin"): "own", ("POST", "/checkin"): "own",
    ("POST", "/api/v1/checkins"): "own", ("GET", "/api/v1/checkins"): "own",
    ("DELETE", "/api/v1/checkins/{checkin_id}"): "id",
    ("GET", "/questionnaires"): "own", ("GET", "/questionnaires/{instrument_id}"): "own",
    ("POST", "/questionnaires/{instrument_id}"): "own",
    ("GET", "/api/v1/questionnaires"): "public", ("GET", "/api/v1/questionnaires/{instrument_id}"): "public",
    ("POST", "/api/v1/questionnaires/{instrument_id}/responses"): "own",
    ("GET", "/api/v1/questionnaires/{instrument_id}/history"): "own",
    ("GET", "/insights"): "own", ("GET", "/insights/charts/{name}.svg"): "own",
    ("GET", "/insights/report.pdf"): "own", ("GET", "/api/v1/insights"): "own",
    ("GET", "/safety-plan"): "own", ("POST", "/safety-plan"): "own",
    ("GET", "/api/v1/safety-plan"): "own", ("PUT", "/api/v1/safety-plan"): "own",
    ("GET", "/memory"): "own", ("POST", "/memory"): "own", ("POST", "/memory/forget"): "own",
    ("POST", "/memory/forget-all"): "own", ("GET", "/api/v1/memory"): "own",
    ("PUT", "/api/v1/memory/{key}"): "own", ("DELETE", "/api/v1/memory/{key}"): "own",
    ("DELETE", "/api/v1/memory"): "own",
    ("GET", "/export"): "own", ("GET", "/api/v1/export"): "own",
    ("GET", "/settings"): "own", ("POST", "/settings"): "own", ("POST", "/settings/password"): "own",
    ("POST", "/settings/delete"): "own",
}


def test_every_route_is_accounted_for(app: FastAPI) -> None:
    present = {(method, route.path) for route in app.routes if isinstance(route, APIRoute)
               for method in route.methods}
    present |= {(method, route.path) for route in app.routes if not isinstance(route, APIRoute)
                and hasattr(route, "methods") and route.path not in {"/openapi.json"}
                for method in (route.methods or set()) if method != "HEAD"}
    unlisted = present - set(ROUTES)
    assert not unlisted, f"add these routes to the isolation test: {sorted(unlisted)}"
