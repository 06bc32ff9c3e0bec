"""End to end in Debian's Chromium through Playwright, against a real `steadyheart serve`.

Sign up, chat a turn, a crisis message shows the resources, check in, answer the GAD-7, see a chart,
export; also a phone-sized screen, keyboard-only use and a browser with JavaScript off. Screenshots go
to test-artifacts/web/ for people to look at.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .server import running_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
PASSWORD = "a long browser passphrase"
ANXIOUS = "He hasn't answered since lunch and I keep wanting to check his location."
CRISIS = "I am going to end my life tonight, I have the pills ready."


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    with running_server(tmp_path / "home") as url:
        yield url


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_up(page: Any, base_url: str, email: str, screenshot: bool = False) -> None:
    page.goto(f"{base_url}/signup")
    if screenshot:
        shot(page, "00-sign-up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Your account is ready").wait_for()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/chat$"))


def csp_watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_whole_journey(browser: Any, base_url: str) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    problems = csp_watch(page)
    sign_up(page, base_url, "journey@example.org", screenshot=True)

    page.goto(f"{base_url}/settings")
    page.get_by_label("Country").select_option("US")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()

    page.goto(f"{base_url}/chat")
    assert page.get_by_text("You are talking with an AI").is_visible()
    page.get_by_label("Your message").fill(ANXIOUS)
    page.keyboard.press("Enter")
    reply = page.locator("#transcript .turn").last.locator(".bubble.companion")
    page.locator("#transcript .turn details.why").last.wait_for()
    assert len(reply.inner_text()) > 20
    page.locator("#transcript .turn details.why summary").last.click()
    shot(page, "01-chat-turn")

    page.get_by_label("Your message").fill(CRISIS)
    page.get_by_role("button", name="Send").click()
    panel = page.locator("#crisis-panel")
    panel.wait_for(state="visible")
    assert "United States" in panel.inner_text() and "911" in panel.inner_text()
    shot(page, "02-crisis-resources")

    page.get_by_role("link", name="Get help now", exact=True).click()
    assert "988" in page.locator("main").inner_text()
    shot(page, "03-get-help-now")

    page.goto(f"{base_url}/checkin")
    page.get_by_label("How insecure do you feel").fill("7")
    page.get_by_label("How anxious do you feel").fill("6")
    page.get_by_label("What set it off").fill("no reply for hours")
    page.get_by_label("I let it pass").check()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved.").wait_for()
    shot(page, "04-check-in")

    page.goto(f"{base_url}/questionnaires/gad7")
    groups = page.locator("fieldset")
    for index in range(groups.count()):
        groups.nth(index).get_by_label("Several days").check()
    shot(page, "05-gad7-form")
    page.get_by_role("button", name="See my result").click()
    page.get_by_role("heading", name="Your GAD-7 result").wait_for()
    assert "7" in page.locator("main").inner_text()
    shot(page, "06-gad7-result")

    page.goto(f"{base_url}/insights")
    chart = page.locator("img.chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('img.chart')].every(i => i.complete && i.naturalWidth > 0)")
    shot(page, "07-insights-charts")

    page.goto(f"{base_url}/settings")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    exported = json.loads(Path(download_info.value.path()).read_text())
    texts = [t["user_text"] for t in exported["tables"]["turns"]]
    assert ANXIOUS in texts and "credentials" not in exported["tables"]
    shot(page, "10-settings")

    page.goto(f"{base_url}/safety-plan")
    page.get_by_label("My warning signs").fill("Checking his location again and again\nNot sleeping")
    page.get_by_label("People I can ask for help").fill("My sister Ana")
    page.get_by_role("button", name="Save my plan").click()
    page.get_by_text("Your safety plan is saved.").wait_for()
    shot(page, "11-safety-plan")

    page.goto(f"{base_url}/memory")
    page.get_by_label("What", exact=True).select_option("partner_name")
    page.get_by_label("Keep it as").fill("Robin")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Forget your partner's name").wait_for()
    shot(page, "12-memory")
    assert not problems, problems
    context.close()


def test_phone_screen_keyboard_only(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    sign_up(page, base_url, "phone@example.org")
    page.goto(f"{base_url}/chat")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    # From the skip link, the message box is a few Tabs away, never behind the mouse.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("I feel a bit calmer tonight.")
    page.keyboard.press("Enter")
    page.locator("#transcript details.why").last.wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "nothing should scroll sideways on a phone"
    shot(page, "08-phone-chat")
    help_link = page.get_by_role("link", name="Get help now", exact=True)
    assert help_link.is_visible() and help_link.bounding_box()["y"] < 100
    context.close()


def test_without_javascript_the_forms_still_work(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, base_url, "nojs@example.org")
    page.get_by_label("Your message").fill(CRISIS)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r".*/chat\?conversation=\d+"))
    assert page.locator("#crisis-panel").is_visible()
    assert page.locator("#transcript .bubble.companion").count() == 1
    shot(page, "09-no-javascript-crisis")
    context.close()
