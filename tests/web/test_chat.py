"""Chat through the API, the streamed page and the plain form, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from .support import api_token, sign_up_page

ANXIOUS = "He hasn't answered my texts since this morning and I keep wanting to check where he is."
CRISIS = "I am going to end my life tonight, I have the pills ready."


def test_api_chat_turn_and_conversation_history(client: TestClient) -> None:
    headers = api_token(client, "chat@example.org")
    first = client.post("/api/v1/chat", headers=headers, json={"text": ANXIOUS})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["reply"].strip() and body["tier"] in {"none", "ambiguous"} and body["plan"]
    assert body["disclosure"], "the first reply of a session carries the AI disclosure"
    second = client.post("/api/v1/chat", headers=headers,
                         json={"text": "I think I'm just scared he'll leave.", "conversation_id": body["conversation_id"]})
    assert second.json()["conversation_id"] == body["conversation_id"]
    listing = client.get("/api/v1/conversations", headers=headers).json()
    assert [c["id"] for c in listing] == [body["conversation_id"]] and listing[0]["turn_count"] == 2
    detail = client.get(f"/api/v1/conversations/{body['conversation_id']}", headers=headers).json()
    assert [t["user_text"] for t in detail["turns"]] == [ANXIOUS, "I think I'm just scared he'll leave."]
    assert detail["turns"][0]["why"], "each stored turn can explain itself"


def test_api_chat_crisis_message_returns_resources(client: TestClient) -> None:
    headers = api_token(client, "crisis@example.org")
    body = client.post("/api/v1/chat", headers=headers, json={"text": CRISIS}).json()
    assert body["tier"] in {"elevated", "imminent"} and body["resources_shown"]
    assert "crisis_resources" in body["plan"]


def test_api_chat_refuses_bad_input_with_a_sentence(client: TestClient) -> None:
    headers = api_token(client, "bad@example.org")
    blank = client.post("/api/v1/chat", headers=headers, json={"text": "   "})
    assert blank.status_code == 400 and "empty" in blank.json()["detail"]
    too_long = client.post("/api/v1/chat", headers=headers, json={"text": "a" * 4001})
    assert too_long.status_code == 422 and too_long.json()["detail"].startswith("'text'")
    missing = client.post("/api/v1/chat", headers=headers, json={"text": "hi", "conversation_id": 999999})
    assert missing.status_code == 404 and "conversation" in missing.json()["detail"]
    assert client.get("/api/v1/conversations", headers=headers).json() == [], "nothing half-saved"


def test_chat_is_rate_limited_per_person(home: object, database_url: str | None) -> None:
    from pathlib import Path

    from sqlalchemy import select

    from steadyheart.store.models.accounts import RateCounter
    from steadyheart.web.app import create_app
    from steadyheart.web.core.config import RateLimits

    from .support import start_inside_a_minute, web_settings

    app = create_app(web_settings(Path(str(home)), database_url, rate=RateLimits(chat_per_minute=2)))
    with TestClient(app) as client:
        headers = api_token(client, "fast@example.org")
        start_inside_a_minute()
        codes = [client.post("/api/v1/chat", headers=headers, json={"text": "hello"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        with app.state.web.database.session() as session:  # counted with the sign-in check; refusals count too
            counted = session.scalars(select(RateCounter.count).where(RateCounter.key.startswith("chat:"))).all()
        assert counted == [3]
        other = api_token(client, "other@example.org")
        assert client.post("/api/v1/chat", headers=other, json={"text": "hello"}).status_code == 200
    app.state.web.database.dispose()


def _events(raw: str) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in raw.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_page_streams_the_reply_as_server_sent_events(client: TestClient) -> None:
    browser = sign_up_page(client, "stream@example.org")
    response = client.post("/chat/stream", data={"text": ANXIOUS, "csrf_token": browser.csrf("/chat")})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    names = [name for name, _ in events]
    # A new session opens with the AI disclosure, then the reply's chunks, then the saved turn.
    assert names[0] == "disclosure" and "AI" in str(events[0][1]["text"])
    assert names[-1] == "done" and "chunk" in names
    done = events[-1][1]
    streamed = "".join(str(data["text"]) for name, data in events if name == "chunk")
    assert streamed.strip() == str(done["reply"]).strip() or done["replaced_stream"]
    page = client.get(f"/chat?conversation={done['conversation_id']}")
    assert ANXIOUS.replace("'", "&#39;") in page.text and "Why I said this" in page.text


def test_page_stream_errors_are_json_before_the_stream_starts(client: TestClient) -> None:
    browser = sign_up_page(client, "streamerr@example.org")
    response = client.post("/chat/stream", data={"text": " ", "csrf_token": browser.csrf("/chat")},
                           headers={"Accept": "application/json, text/event-stream"})
    assert response.status_code == 400 and "empty" in response.json()["detail"]


def test_plain_form_post_works_without_javascript(client: TestClient) -> None:
    browser = sign_up_page(client, "nojs@example.org")
    response = client.post("/chat", data={"text": CRISIS, "csrf_token": browser.csrf("/chat")}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/chat?conversation=")
    page = client.get(response.headers["location"])
    assert 'id="crisis-panel"' in page.text and 'id="crisis-panel" class="crisis-panel" aria-labelledby="crisis-heading" tabindex="-1" hidden' not in page.text
    assert "Emergency services" in page.text


def test_chat_page_carries_the_ai_disclosure_and_help_link(client: TestClient) -> None:
    sign_up_page(client, "disclose@example.org")
    page = client.get("/chat").text
    from steadyheart.safety import disclosure_text

    assert "You are talking with an AI</strong>, not a person" in page and 'href="/help"' in page
    assert disclosure_text().replace("'", "&#39;") in page


def test_a_reply_is_saved_even_when_the_browser_leaves_mid_stream(app: object, client: TestClient) -> None:
    from sqlalchemy import select

    from steadyheart.store.models.conversations import User
    from steadyheart.web.routes.chat import reply_events

    headers = api_token(client, "leaver@example.org")
    conversation = client.post("/api/v1/chat", headers=headers, json={"text": "hello"}).json()["conversation_id"]
    state = app.state.web  # type: ignore[attr-defined]
    with state.database.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == "leaver@example.org"))
    events = reply_events(state.companion.stream_reply(ANXIOUS, conversation, user_id=user_id))
    assert next(events).startswith("event: ")
    events.close()  # what the server does when the connection drops mid-reply
    turns = client.get(f"/api/v1/conversations/{conversation}", headers=headers).json()["turns"]
    assert [t["user_text"] for t in turns] == ["hello", ANXIOUS]
