"""The pages as a browser without JavaScript uses them: forms post, pages answer, errors are sentences."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from .support import sign_up_page


def test_get_help_now_needs_no_account_and_follows_the_persons_country(client: TestClient) -> None:
    anonymous = client.get("/help")
    assert anonymous.status_code == 200 and "findahelpline.com" in anonymous.text
    assert "Help right now in Germany" in client.get("/help?country=de").text
    browser = sign_up_page(client, "help@example.org")
    browser.post("/settings", {"display_name": "Sam", "country": "UK"})
    page = client.get("/help").text
    assert "Help right now in United Kingdom" in page and 'href="tel:999"' in page and "Samaritans" in page


def test_settings_refuse_an_unknown_country(client: TestClient) -> None:
    browser = sign_up_page(client, "country@example.org")
    response = browser.post("/settings", {"display_name": "", "country": "ZZ"})
    assert response.status_code == 400 and "Please pick a country" in response.text  # type: ignore[attr-defined]


def test_check_in_form_saves_and_lists(client: TestClient) -> None:
    browser = sign_up_page(client, "checkin@example.org")
    response = browser.post("/checkin", {"insecurity": "7", "anxiety": "5", "trigger": "no reply for hours",
                                         "urge_outcome": "resisted", "sleep_hours": "6.5", "note": "long day"},
                            follow_redirects=False)
    assert response.headers["location"] == "/checkin?saved=1"  # type: ignore[attr-defined]
    page = client.get("/checkin?saved=1").text
    assert "Check-in saved" in page and "no reply for hours" in page
    bad = browser.post("/checkin", {"insecurity": "12"})
    assert bad.status_code == 400 and "insecurity" in bad.text  # type: ignore[attr-defined]


def test_gad7_through_the_form_scores_and_never_diagnoses(client: TestClient) -> None:
    browser = sign_up_page(client, "gad@example.org")
    form = {f"item-{i}": "2" for i in range(1, 8)}
    page = browser.post("/questionnaires/gad7", form)
    assert page.status_code == 200  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "<strong>14</strong>" in text and "not a diagnosis" in text
    missing = browser.post("/questionnaires/gad7", {"item-1": "1"})
    assert missing.status_code == 400 and "needs an answer" in missing.text  # type: ignore[attr-defined]
    assert "14 on" in client.get("/questionnaires").text


def test_the_schedule_offers_a_questionnaire_until_it_is_taken(client: TestClient) -> None:
    browser = sign_up_page(client, "due@example.org")
    before = client.get("/questionnaires").text
    gad7 = before.split('href="/questionnaires/gad7"', 1)[1].split("</li>", 1)[0]
    assert "Due when you're ready" in gad7 or "Due when you&#39;re ready" in gad7
    browser.post("/questionnaires/gad7", {f"item-{i}": "1" for i in range(1, 8)})
    after = client.get("/questionnaires").text
    gad7_after = after.split('href="/questionnaires/gad7"', 1)[1].split("</li>", 1)[0]
    assert "Due when" not in gad7_after


def test_phq9_item_9_shows_the_crisis_resources_with_the_result(client: TestClient) -> None:
    browser = sign_up_page(client, "phq@example.org")
    form = {f"item-{i}": "0" for i in range(1, 10)} | {"item-9": "1", "item-10": "0"}
    text = browser.post("/questionnaires/phq9", form).text  # type: ignore[attr-defined]
    assert 'class="crisis-panel"' in text and "Emergency services" in text and "Are you safe right now?" in text


def test_unknown_questionnaire_is_a_404_page(client: TestClient) -> None:
    sign_up_page(client, "unknown@example.org")
    response = client.get("/questionnaires/ecr-r")
    assert response.status_code == 404 and "There is no questionnaire" in response.text


def test_insights_page_and_its_charts(client: TestClient) -> None:
    browser = sign_up_page(client, "insight@example.org")
    browser.post("/checkin", {"insecurity": "8", "anxiety": "7"})
    page = client.get("/insights").text
    charts = re.findall(r'src="(/insights/charts/\w+\.svg)"', page)
    assert len(charts) == 3
    for chart in charts:
        response = client.get(chart)
        assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
        assert response.text.lstrip().startswith(("<?xml", "<svg"))
    assert client.get("/insights/charts/passwords.svg").status_code == 404
    pdf = client.get("/insights/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/insights/report.pdf?weeks=1000").status_code == 400


def test_safety_plan_and_memory_pages_save_what_was_written(client: TestClient) -> None:
    browser = sign_up_page(client, "plan@example.org")
    browser.post("/safety-plan", {"warning_signs": "checking his phone\nnot sleeping", "people_to_ask": "my sister"})
    page = client.get("/safety-plan").text
    assert "checking his phone\nnot sleeping" in page and "my sister" in page
    browser.post("/memory", {"key": "partner_name", "value": "Robin"})
    assert "Robin" in client.get("/memory").text
    browser.post("/memory/forget", {"key": "partner_name"})
    assert "Robin" not in client.get("/memory").text


def test_export_download_holds_the_persons_data_and_no_secrets(client: TestClient) -> None:
    browser = sign_up_page(client, "export@example.org")
    browser.post("/chat", {"text": "Exported words about the weekend."})
    response = client.get("/export")
    assert response.headers["content-disposition"].startswith("attachment;")
    data = json.loads(response.text)
    assert [t["user_text"] for t in data["tables"]["turns"]] == ["Exported words about the weekend."]
    assert not {"credentials", "web_sessions", "api_tokens"} & set(data["tables"])


def test_delete_account_from_settings(client: TestClient) -> None:
    browser = sign_up_page(client, "bye@example.org")
    refused = browser.post("/settings/delete", {"password": "correct horse battery", "confirm": "delete"})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    done = browser.post("/settings/delete", {"password": "correct horse battery", "confirm": "DELETE"})
    assert "Your account is deleted" in done.text  # type: ignore[attr-defined]
    assert client.get("/chat", follow_redirects=False).status_code == 303


def test_signed_out_pages_send_people_to_sign_in(client: TestClient) -> None:
    for path in ["/chat", "/checkin", "/questionnaires", "/insights", "/safety-plan", "/memory", "/settings",
                 "/export", "/conversations"]:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), path


class _Fields(HTMLParser):
    """Collects form fields and labels, to check every field has a label a screen reader can read."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.inside_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "label":
            self.inside_label += 1
            if values.get("for"):
                self.label_for.add(str(values["for"]))
        elif tag in {"input", "select", "textarea"} and values.get("type") not in {"hidden", "submit"}:
            self.fields.append({**values, "wrapped": "yes" if self.inside_label else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.inside_label -= 1


def test_every_form_field_has_a_label(client: TestClient) -> None:
    browser = sign_up_page(client, "labels@example.org")
    browser.post("/memory", {"key": "name", "value": "Sam"})
    for path in ["/login", "/signup", "/help", "/chat", "/checkin", "/questionnaires/gad7", "/questionnaires/phq9",
                 "/safety-plan", "/memory", "/settings"]:
        parser = _Fields()
        parser.feed(client.get(path).text)
        assert parser.fields, path
        for field in parser.fields:
            assert field["wrapped"] or field.get("id") in parser.label_for or field.get("aria-label"), (path, field)
