"""The dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; nothing is downloaded). Every page must render its plots with no console
error and no request leaving the server; the hostile article must run nothing; a stance
cell must open its evidence; the timeline filter must narrow the chart. Screenshots go to
out/web/ (or $ACCORD_TEST_OUTPUT/web/).

Set ACCORD_WEB_STORE to a store you built (e.g. 500 corpus articles plus the example with
`accord ingest`) to run the same checks over it; otherwise a small store is built here.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

from importlib import import_module

import pytest

# The store and the hostile article are test_web's; tests/ may or may not be a package.
web_tests = import_module(f"{__package__}.test_web" if __package__ else "test_web")
HOSTILE_TEXT, build_store = web_tests.HOSTILE_TEXT, web_tests.build_store

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("ACCORD_TEST_OUTPUT", Path(__file__).resolve().parents[1] / "out")) / "web"
PAGES = {  # name -> (path, selector that shows the page did its work)
    "timeline": ("/", "#timeline-types .main-svg"),
    "stances": ("/stances?issue=ceasefire", "#stance-series .main-svg"),
    "network": ("/network", "#network-plot .main-svg"),
    "map": ("/map", "#map-plot .main-svg"),
    "events": ("/events", "#event-table tbody tr"),
    "article": ("/articles/ceasefire", "#article-text .hl.event"),
    "hostile_article": ("/articles/hostile", "#article-text .hl"),
    "search": ("/search?q=ceasefire", "ol.results li"),
}


@pytest.fixture(scope="module")
def served_store(request, tmp_path_factory):
    if os.environ.get("ACCORD_WEB_STORE"):
        return Path(os.environ["ACCORD_WEB_STORE"])
    return build_store(tmp_path_factory.mktemp("browser") / "store.duckdb", request.getfixturevalue("coded_ceasefire"),
                       request.getfixturevalue("corpus_articles"), 20)


@pytest.fixture(scope="module")
def base_url(served_store):
    import uvicorn

    from accord.settings import Settings
    from accord.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(), str(served_store)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed: apt-get install chromium (make test-slow does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with everything that would mean trouble recorded: console errors, script
    errors, dialogs (an injected alert()), failed requests and requests to other hosts."""

    def __init__(self, browser, base_url):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.base_url = base_url
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}"))
        self.page.on("request", lambda r: r.url.startswith(base_url) or r.url.startswith("data:")
                     or self.problems.append(f"left the server: {r.url}"))

    def open(self, path: str, selector: str):
        self.page.goto(self.base_url + path, wait_until="networkidle")
        self.page.wait_for_selector(selector, timeout=15_000)
        return self.page

    def close(self):
        self.page.close()


@pytest.fixture
def watched(browser, base_url):
    page = Watched(browser, base_url)
    yield page
    page.close()
    assert not page.problems, page.problems


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_in_chromium_without_errors(watched, name):
    path, selector = PAGES[name]
    page = watched.open(path, selector)
    inline = page.evaluate("document.querySelectorAll('script:not([src]):not([type=\"application/json\"])').length")
    assert inline == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_hostile_article_runs_nothing_and_shows_its_markup_as_text(watched):
    page = watched.open("/articles/hostile", "#article-text .hl")
    page.wait_for_timeout(500)  # give an injected handler time to fire
    assert page.evaluate("document.querySelectorAll('#article-text img, #article-text script, #article-text a').length") == 0
    assert page.text_content("#article-text") == HOSTILE_TEXT
    page.click("#article-text .hl.event")
    assert "rule" in page.inner_text("#details")


def test_clicking_a_stance_cell_shows_its_evidence(watched):
    page = watched.open("/stances", "#stance-matrix button.cell")
    cell = page.locator("#stance-matrix button.cell").first
    holder, issue = cell.get_attribute("data-holder"), cell.get_attribute("data-issue")
    cell.click()
    page.wait_for_selector("#evidence-list li.evidence-item")
    assert page.inner_text("#evidence-title") == f"{holder} on {issue}"
    assert page.locator("#evidence-list li.evidence-item a").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "stances_evidence.png"), full_page=True)


def test_timeline_filter_narrows_the_chart(watched):
    page = watched.open("/", "#timeline-types .main-svg")
    before = int(page.inner_text("#timeline-total").split()[0])
    page.fill("#filters input[name=country]", "UKR")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**country=UKR**")
    page.wait_for_selector("#timeline-types .main-svg")
    after = int(page.inner_text("#timeline-total").split()[0])
    assert 0 < after < before
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "timeline_filtered.png"), full_page=True)


def test_article_highlight_click_shows_codes_and_via_chain(watched):
    page = watched.open("/articles/ceasefire", "#article-text .hl.event")
    page.click("#article-text .hl.event")
    details = page.inner_text("#details")
    assert "type" in details and "rule" in details
