"""The dashboard in a real headless Chromium: the charts render, checked on a screenshot; it
fits a phone and a desktop, and lists the escalated tickets."""

import io
import os
import threading
from pathlib import Path

import pytest
from e2e import chromium
from integration.test_dashboard import TOKEN, seed_from_corpus
from rq import SimpleWorker
from werkzeug.serving import make_server

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.pipeline.queue import make_queue

pytestmark = chromium.requires_chromium
CHARTS = ("levels", "frustration", "escalations", "languages", "signals", "tags", "queue")
# SAVE_SCREENSHOTS=1 keeps the phone and desktop screenshots in docs/screenshots/.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = {"phone": (390, 844, True), "desktop": (1366, 900, False)}


@pytest.fixture
def settings(redis_server):
    return Settings(
        zendesk=ZendeskSettings(subdomain="acme"),
        redis_url=redis_server.url,
        allow_test_secret=True,
        admin_token=TOKEN,
    )


@pytest.fixture
def server(settings, redis_client):
    http = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser(tmp_path):
    driver = chromium.start(tmp_path / "profile", width=1400, height=1900)
    yield driver
    driver.quit()


def rgb_pixels(image, box) -> list[tuple[int, int, int]]:
    data = image.crop(box).convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def ink_ratio(image, box) -> float:
    """Share of pixels in `box` that differ clearly from the card's white background."""
    pixels = rgb_pixels(image, box)
    inked = sum(1 for r, g, b in pixels if min(r, g, b) < 235)
    return inked / max(1, len(pixels))


def test_charts_render_in_chromium(server, browser, settings, redis_client, tmp_path):
    from PIL import Image
    from selenium.webdriver.common.by import By

    seed_from_corpus(redis_client, limit=150)
    queue = make_queue(redis_client, settings)
    queue.enqueue("builtins.int", "not a number")
    SimpleWorker([queue], connection=redis_client).work(burst=True)  # one failed job
    for _ in range(3):
        queue.enqueue("builtins.len", "waiting")
    browser.get(f"{server}/dashboard?token={TOKEN}&range=30d")
    assert "helpdesk-empathy" in browser.title

    boxes = {}
    for name in CHARTS:
        svg = browser.find_element(By.CSS_SELECTOR, f"#chart-{name} svg")
        rect = svg.rect
        assert rect["width"] > 300 and rect["height"] > 50, (name, rect)
        assert "No data yet" not in svg.get_attribute("outerHTML"), name
        x, y = int(rect["x"]), int(rect["y"])
        boxes[name] = (x, y, x + int(rect["width"]), y + int(rect["height"]))
    drawn_bars = browser.find_elements(By.CSS_SELECTOR, "#chart-levels svg rect")
    assert len(drawn_bars) > 20

    png = browser.get_screenshot_as_png()
    (tmp_path / "dashboard.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    for name, box in boxes.items():
        assert box[3] <= image.height, f"{name} is below the screenshot"
        ratio = ink_ratio(image, box)
        # Bars, lines and labels cover a real share of each chart; a blank box would be ~0.
        assert ratio > 0.02, (name, ratio)
    # The stacked sentiment bars are colourful, not just grey axes and text.
    levels = rgb_pixels(image, boxes["levels"])
    coloured = sum(1 for r, g, b in levels if max(r, g, b) - min(r, g, b) > 60)
    assert coloured > 2000, coloured


def set_viewport(browser, width: int, height: int, mobile: bool) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_fits_the_screen_and_lists_escalated_tickets(
    server, browser, redis_client, viewport, tmp_path
):
    from selenium.webdriver.common.by import By

    seed_from_corpus(redis_client, limit=300, write_audit=True)  # English and French
    width, height, mobile = VIEWPORTS[viewport]
    set_viewport(browser, width, height, mobile)
    browser.get(f"{server}/dashboard?token={TOKEN}&range=30d")
    inner, scroll = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert inner == width
    assert scroll <= inner, f"sideways scroll at {width}px: {scroll} > {inner}"
    rows = browser.find_elements(By.CSS_SELECTOR, "#escalated-tickets table.tickets tbody tr")
    assert len(rows) >= 5
    first = rows[0]
    assert first.is_displayed() and first.rect["width"] <= width
    link = first.find_element(By.CSS_SELECTOR, "a")
    assert link.get_attribute("href").startswith("https://acme.zendesk.com/agent/tickets/")
    assert first.find_elements(By.CSS_SELECTOR, ".reason")
    # Charts stay readable: the drawing shown is scaled to at least 85% (11 px text >= 9 px).
    for name in CHARTS:
        shown = [
            svg
            for svg in browser.find_elements(By.CSS_SELECTOR, f"#chart-{name} svg")
            if svg.is_displayed()
        ]
        assert len(shown) == 1, name
        drawn = browser.execute_script("return arguments[0].viewBox.baseVal.width", shown[0])
        scale = shown[0].rect["width"] / drawn
        assert scale >= 0.85, (name, scale)
        assert shown[0].rect["x"] >= 0 and shown[0].rect["x"] + shown[0].rect["width"] <= width
    full = browser.execute_script("return document.documentElement.scrollHeight")
    set_viewport(browser, width, full, mobile)
    png = browser.get_screenshot_as_png()
    (tmp_path / f"dashboard-{viewport}.png").write_bytes(png)
    if os.environ.get("SAVE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"dashboard-{viewport}.png").write_bytes(png)
