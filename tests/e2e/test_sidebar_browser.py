"""The sidebar panel in a real headless Chromium, framed by a host page standing in for ZAF.

The host page gives the panel a ZAF-like client that answers the ticket's comments from a
fixture and records invoke/request calls; like Zendesk's proxy it signs the panel's secure
requests with the app secret and sends them to the real web app over HTTP (real Redis).
Set SIDEBAR_SCREENSHOTS=docs/screenshots to refresh the README's screenshots.
"""

import io
import os
import time
from pathlib import Path

import pytest
from app_threads import SECRET, comments_fixture
from e2e import chromium
from flask import send_file

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.app_bundle import APP_DIR, panel_strings
from helpdesk_empathy.dev.serving import serve_in_thread
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.ops import feedback

pytestmark = [pytest.mark.e2e, chromium.requires_chromium]
HOST_PAGE = Path(__file__).with_name("zaf_host.html")
TICKET_ID = 4242
LEVEL_NAMES = {
    "en": {"very_negative": "Very negative", "negative": "Negative"},
    "fr": {"very_negative": "Très négatif", "negative": "Négatif"},
}


@pytest.fixture
def settings(redis_server):
    return Settings(redis_url=redis_server.url, allow_test_secret=True, app_secret=SECRET)


@pytest.fixture
def server(settings, redis_client):
    app = create_app(settings)
    app.add_url_rule("/test/zaf-host", "zaf_host", lambda: send_file(HOST_PAGE))
    url, shutdown = serve_in_thread(app, name="sidebar-web")
    yield url
    shutdown()


@pytest.fixture
def browser(tmp_path):
    driver = chromium.start(tmp_path / "profile", width=420, height=1700)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*static.zdassets.com*"]})
    yield driver
    driver.quit()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("SIDEBAR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(check, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def open_panel(browser, server, *, fixture: str, locale: str):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/test/zaf-host")
    wait_for(
        lambda: browser.execute_script(
            "var w = document.getElementById('app').contentWindow;"
            "return !!(w && w.HelpdeskEmpathyPanel && w.HE_STRINGS);"
        ),
        what="the panel's scripts",
    )
    config = {
        "thread": comments_fixture(fixture),
        "locale": locale,
        "ticketId": TICKET_ID,
        "settings": {"backend_url": server, "shared_secret": SECRET},
    }
    browser.execute_script("startPanel(arguments[0])", config)
    frame = browser.find_element(By.ID, "app")
    browser.switch_to.frame(frame)
    wait_for(lambda: browser.find_elements(By.ID, "draft-text"), what="the draft")
    return frame


def host(browser, expression: str):
    browser.switch_to.default_content()
    try:
        return browser.execute_script(f"return {expression};")
    finally:
        browser.switch_to.frame(browser.find_element("id", "app"))


def analysis_answers(browser) -> list[dict]:
    answers = host(browser, "host.answers")
    return [a for a in answers if a["url"].endswith("/app/v1/analysis")]


def check_panel_shows(browser, answer: dict, language: str) -> None:
    """Badge, sparkline, signals with their quotes, decision, draft: all from the answer."""
    from selenium.webdriver.common.by import By

    latest = answer["messages"][-1]
    badge = browser.find_element(By.ID, "level-badge")
    assert badge.text == LEVEL_NAMES[language][latest["level"]]
    dots = browser.find_elements(By.CSS_SELECTOR, "#sparkline circle")
    assert len(dots) == len(answer["messages"])
    heights = [float(dot.get_attribute("cy")) for dot in dots]
    # Higher frustration is drawn higher (smaller y), in the thread's order.
    frustrations = [m["frustration"] for m in answer["messages"]]
    points = list(zip(frustrations, heights, strict=True))
    for (f1, y1), (f2, y2) in zip(points, points[1:], strict=False):
        assert (f1 < f2) == (y1 > y2) or f1 == f2
    label = browser.find_element(By.ID, "sparkline").get_attribute("aria-label")
    assert ", ".join(str(f) for f in frustrations) in label
    shown = {
        item.get_attribute("data-signal"): item
        for item in browser.find_elements(By.CSS_SELECTOR, "#signals li.signal")
    }
    assert list(shown) == [s["name"] for s in latest["signals"]]
    for evidence in latest["evidence"]:
        if evidence["signal"] in shown:
            quotes = [q.text for q in shown[evidence["signal"]].find_elements(By.TAG_NAME, "q")]
            assert evidence["quote"] in quotes
    shown_reasons = [
        li.text for li in browser.find_elements(By.CSS_SELECTOR, "#decision .reasons li")
    ]
    if language == "en":
        assert shown_reasons == answer["decision"]["reasons"]
    else:
        # Said in the agent's language from the reasons' keys, one line each.
        words = panel_strings(APP_DIR)[language]
        assert len(shown_reasons) == len(answer["decision"]["reason_keys"]) > 0
        for key, text in zip(answer["decision"]["reason_keys"], shown_reasons, strict=True):
            if key.startswith("signal:"):
                assert text == words[f"signal.{key[7:]}"]
            elif key == "frustration":
                assert text == words["why.frustration"].replace("{f}", str(latest["frustration"]))
        assert not set(shown_reasons) & set(answer["decision"]["reasons"])
        raise_to = answer["decision"]["priority"]["raise_to"]
        if raise_to:
            line = words["priority"] + words["colon"] + words["priority_raise"]
            expected = line.replace("{p}", words[f"priority.{raise_to}"])
            assert expected in browser.find_element(By.ID, "decision").text
    draft = browser.find_element(By.ID, "draft-text").text
    assert draft.split("\n")[0] == answer["reply"]["text"].split("\n")[0]


def save_screenshot(browser, path: Path) -> None:
    """The whole panel (the host page sizes the frame as the panel asks, like Zendesk)."""
    browser.switch_to.default_content()
    try:
        png = browser.find_element("id", "app").screenshot_as_png
    finally:
        browser.switch_to.frame(browser.find_element("id", "app"))
    path.write_bytes(png)
    assert ink_ratio(png) > 0.03  # text, badge and chart, not a blank frame


def ink_ratio(png: bytes) -> float:
    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))
    return sum(1 for r, g, b in pixels if min(r, g, b) < 200) / len(pixels)


def test_english_panel_renders_inserts_the_draft_and_sends_feedback(
    server, browser, redis_client, screenshots
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_panel(browser, server, fixture="angry_en_comments.json", locale="en-US")
    [answer] = analysis_answers(browser)
    assert answer["status"] == 200
    assert answer["json"]["messages"][-1]["level"] == "very_negative"
    check_panel_shows(browser, answer["json"], "en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    save_screenshot(browser, screenshots / "sidebar-en.png")

    # The panel read the comments API with the authors' roles, then made a secure, signed call.
    requests = host(browser, "host.calls.request")
    assert "include=users" in requests[0]["url"] and requests[0]["type"] == "GET"
    signed = requests[1]
    assert signed["secure"] is True and signed["type"] == "POST"
    assert signed["headers"]["Authorization"] == "Bearer {{jwt.token}}"
    assert signed["jwt"]["algorithm"] == "HS256"
    assert signed["jwt"]["secret_key"] == "{{setting.shared_secret}}"
    assert SECRET not in str(requests)  # the browser never holds the secret

    # Keyboard only: every button has a name, and Tab reaches them in reading order.
    buttons = browser.find_elements(By.TAG_NAME, "button")
    assert all(b.get_attribute("aria-label") or b.text.strip() for b in buttons)
    browser.find_element(By.TAG_NAME, "body").click()
    order = []
    for _ in range(len(buttons)):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        order.append(browser.switch_to.active_element.get_attribute("id"))
    assert order.index("insert") < order.index("copy") < order.index("feedback-up")
    insert = browser.find_element(By.ID, "insert")
    assert insert.get_attribute("aria-label") == "Insert the suggested reply into the reply box"
    browser.execute_script("arguments[0].focus()", insert)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(lambda: host(browser, "host.calls.invoke.length") >= 2, what="the insert")
    inserted = [
        c for c in host(browser, "host.calls.invoke") if c["name"] == "ticket.editor.insert"
    ]
    assert len(inserted) == 1
    html = inserted[0]["args"][0]
    first_words = answer["json"]["reply"]["text"].split("\n")[0][:20]
    assert html.startswith("<p>") and first_words in html and "<script" not in html
    browser.find_element(By.ID, "copy").click()
    wait_for(lambda: browser.find_element(By.ID, "status").text == "Copied.", what="the copy")

    # Thumbs up, with the keyboard: the vote reaches Redis as counts, without any text.
    up = browser.find_element(By.ID, "feedback-up")
    browser.execute_script("arguments[0].focus()", up)
    browser.switch_to.active_element.send_keys(Keys.SPACE)
    wait_for(lambda: redis_client.exists(feedback.COUNTS_KEY), what="the feedback in Redis")
    shares = feedback.shares(redis_client)
    category = answer["json"]["reply"]["category"]
    assert shares["language"]["en"].up == 1 and shares["category"][category].up == 1
    assert up.get_attribute("aria-pressed") == "true" and up.get_attribute("disabled")
    [record] = feedback.read_audit(redis_client)
    assert record["ticket_id"] == TICKET_ID and record["useful"] is True

    # A new customer comment arrives: the panel analyses the thread again.
    host(
        browser,
        "host.config.thread.comments.push({id: 5250, author_id: 20978392, public: true,"
        " plain_body: 'Thank you, the desk has finally arrived and it works perfectly.',"
        " created_at: '2024-05-13T09:00:00Z'}) && trigger('ticket.conversation.changed')",
    )
    wait_for(lambda: len(analysis_answers(browser)) == 2, what="the refresh")
    wait_for(
        lambda: len(browser.find_elements(By.CSS_SELECTOR, "#sparkline circle")) == 4,
        what="the new comment in the sparkline",
    )
    assert analysis_answers(browser)[-1]["json"]["messages"][-1]["comment_id"] == 5250


def test_french_agent_sees_a_french_panel_for_a_french_thread(server, browser, screenshots):
    from selenium.webdriver.common.by import By

    open_panel(browser, server, fixture="french_comments.json", locale="fr-FR")
    [answer] = analysis_answers(browser)
    assert answer["json"]["language"] == "fr" and answer["json"]["reply"]["language"] == "fr"
    check_panel_shows(browser, answer["json"], "fr")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.ID, "insert").text == "Insérer dans la réponse"
    assert browser.find_element(By.ID, "copy").text == "Copier"
    signals = browser.find_element(By.ID, "signals").get_attribute("textContent")
    assert "Ce que dit le client" in signals
    browser.find_element(By.ID, "insert").click()
    wait_for(
        lambda: any(
            c["name"] == "ticket.editor.insert" for c in host(browser, "host.calls.invoke")
        ),
        what="the insert",
    )
    save_screenshot(browser, screenshots / "sidebar-fr.png")


def test_a_refused_request_shows_an_error_and_a_retry_button(server, browser, settings):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/test/zaf-host")
    wait_for(
        lambda: browser.execute_script(
            "return !!document.getElementById('app').contentWindow.HelpdeskEmpathyPanel;"
        ),
        what="the panel",
    )
    config = {
        "thread": comments_fixture("angry_en_comments.json"),
        "locale": "en",
        "ticketId": TICKET_ID,
        "settings": {"backend_url": server, "shared_secret": "not-the-secret-0123456789abcdef"},
    }
    browser.execute_script("startPanel(arguments[0])", config)
    browser.switch_to.frame(browser.find_element(By.ID, "app"))
    status = wait_for(
        lambda: (
            "Could not" in browser.find_element(By.ID, "status").text
            and browser.find_element(By.ID, "status").text
        ),
        what="the error",
    )
    assert "signature" in status
    assert browser.find_element(By.CSS_SELECTOR, "#content button").text == "Try again"
