"""The dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; nothing is downloaded), as an analyst uses it. Every page renders at 1400 and
390 px with no console error, no request leaving the server and, at 390 px, nothing wider
than the screen; then the analyst's tasks run end to end with real clicks (timeline range
and bar, actor by code and by name, network node, map point, stance cell, event to its
article, filters kept across tabs, overview windows, empty results) and the tests assert
what the page then shows. Screenshots go to out/web/ (or $ACCORD_TEST_OUTPUT/web/), named
<page>-<width>.png.

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
WIDTHS = (1400, 390)
PAGES = {  # name -> (path, selector that shows the page did its work)
    "overview": ("/", "#overview-trend .main-svg"),
    "timeline": ("/timeline", "#timeline-types .main-svg"),
    "stances": ("/stances?issue=ceasefire", "#stance-series .main-svg"),
    "network": ("/network", "#network-plot .main-svg"),
    "map": ("/map", "#map-plot .main-svg"),
    "events": ("/events", "#event-table tbody tr"),
    "article": ("/articles/ceasefire", "#article-text .hl.event"),
    "hostile_article": ("/articles/hostile", "#article-text .hl"),
    "search": ("/search?q=ceasefire", "ol.results li"),
    "bad_filter": ("/events?actor=Nobodyovich", "#problem"),
}
EXPECTED_STATUS = {"bad_filter": 422}


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

    def __init__(self, browser, base_url, width: int = 1400):
        self.page = browser.new_page(viewport={"width": width, "height": 1000 if width > 600 else 844})
        self.expected_status: set[int] = set()
        self.base_url = base_url
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and not self.expected(m.text)
                     and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and r.status not in self.expected_status
                     and self.problems.append(f"{r.status}: {r.url}"))
        self.page.on("request", lambda r: r.url.startswith(base_url) or r.url.startswith("data:")
                     or self.problems.append(f"left the server: {r.url}"))

    def open(self, path: str, selector: str):
        self.page.goto(self.base_url + path, wait_until="networkidle")
        self.page.wait_for_selector(selector, timeout=15_000)
        return self.page

    def expected(self, console_text: str) -> bool:
        """Chromium logs the status of a page asked with bad input on purpose; that is no fault."""
        return any(f"status of {status} " in console_text for status in self.expected_status)

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"]
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)

    def overflow(self) -> list[str]:
        """What sticks out past the right edge of the screen (nothing may, at any width)."""
        return self.page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
        }""")

    def click_plot_point(self, plot: str, trace: int, index: int, y_share: float = 1.0) -> None:
        """A real mouse click on point ``index`` of trace ``trace`` of the Plotly chart ``plot``
        (for a bar, ``y_share`` of its height)."""
        self.page.locator(plot).scroll_into_view_if_needed()
        x, y = self.page.evaluate("""([plot, trace, index, share]) => {
            const gd = document.querySelector(plot), L = gd._fullLayout, box = gd.getBoundingClientRect();
            const data = gd._fullData[trace];
            const xa = L[data.xaxis.replace('x', 'xaxis')], ya = L[data.yaxis.replace('y', 'yaxis')];
            return [box.left + xa._offset + xa.d2p(data.x[index]), box.top + ya._offset + ya.d2p(data.y[index] * share)];
        }""", [plot, trace, index, y_share])
        self.page.mouse.click(x, y)

    def close(self):
        self.page.close()


@pytest.fixture
def watched(browser, base_url):
    page = Watched(browser, base_url)
    yield page
    page.close()
    assert not page.problems, page.problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_errors_or_overflow(browser, base_url, name, width):
    watched = Watched(browser, base_url, width)
    watched.expected_status = {EXPECTED_STATUS[name]} if name in EXPECTED_STATUS else set()
    try:
        path, selector = PAGES[name]
        page = watched.open(path, selector)
        inline = page.evaluate("document.querySelectorAll('script:not([src]):not([type=\"application/json\"])').length")
        assert inline == 0
        watched.shoot(name)
        assert watched.overflow() == [], f"{name} is wider than {width} px"
    finally:
        watched.close()
    assert not watched.problems, watched.problems


def test_hostile_article_runs_nothing_and_shows_its_markup_as_text(watched):
    page = watched.open("/articles/hostile", "#article-text .hl")
    page.wait_for_timeout(500)  # give an injected handler time to fire
    assert page.evaluate("document.querySelectorAll('#article-text img, #article-text script, #article-text a').length") == 0
    assert page.text_content("#article-text") == HOSTILE_TEXT
    page.click("#article-text .hl.event")
    assert "rule" in page.inner_text("#details")


def event_rows(page) -> list[dict]:
    """The Events table as the analyst reads it."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#event-table tbody tr')).map(tr => {
        const cells = {};
        tr.querySelectorAll('td').forEach(td => { cells[td.dataset.label] = td.innerText.trim(); });
        return cells; })""")


def test_date_range_narrows_the_timeline_and_a_bar_opens_its_events(watched):
    page = watched.open("/timeline?bucket=month", "#timeline-types .main-svg")
    page.fill("#filters input[name=since]", "2025-01-01")
    page.fill("#filters input[name=until]", "2025-12-31")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**until=2025-12-31**")
    page.wait_for_selector("#timeline-types .main-svg")
    periods = page.evaluate("JSON.parse(document.getElementById('page-data').textContent).periods")
    assert periods and all("2025-01-01" <= p <= "2025-12-31" for p in periods)
    axis = page.evaluate("document.getElementById('timeline-types')._fullLayout.xaxis.type")
    assert axis == "date"
    watched.shoot("timeline_range")
    march = periods.index("2025-03-01")
    trace = page.evaluate("document.getElementById('timeline-types')._fullData.findIndex(t => t.y[%d] > 0)" % march)
    kind = page.evaluate("document.getElementById('timeline-types')._fullData[%d].name" % trace)
    watched.click_plot_point("#timeline-types", trace, march, 0.5)
    page.wait_for_url("**/events?**")
    assert f"type={kind}" in page.url and "since=2025-03-01" in page.url and "until=2025-03-31" in page.url
    rows = event_rows(page)
    assert rows and all("2025-03-01" <= r["day"] <= "2025-03-31" and r["type"].startswith(kind) for r in rows)
    watched.shoot("timeline_bar_events")


def test_an_actor_by_code_includes_its_people_and_a_name_finds_them(watched):
    page = watched.open("/events", "#event-table tbody tr")
    page.fill("#filters input[name=actor]", "RUS")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**actor=RUS**")
    assert any(r["source"].startswith("Vladimir Putin") for r in event_rows(page))
    page.fill("#filters input[name=actor]", "Putin")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**actor=Putin**")
    rows = event_rows(page)
    assert rows and all(r["source"] == "Vladimir Putin RUS" for r in rows)
    days = [r["day"] for r in rows]
    assert days == sorted(days, reverse=True)  # newest first
    watched.shoot("events_putin")


def test_network_node_opens_the_events_it_takes_part_in(watched):
    page = watched.open("/network", "#network-plot .main-svg")
    nodes = page.evaluate("JSON.parse(document.getElementById('page-data').textContent).nodes")
    assert "Vladimir Putin" not in {n["id"] for n in nodes}  # merged into RUS
    trace = page.evaluate("document.getElementById('network-plot')._fullData.length - 1")
    watched.click_plot_point("#network-plot", trace, 0)
    page.wait_for_url("**involving=**")
    actor = nodes[0]["id"]
    assert f"involving={actor}" in page.url
    count = int(page.inner_text("#event-count").split()[0])
    assert count > 0 and event_rows(page)


def test_map_point_opens_the_events_there(watched):
    page = watched.open("/map", "#map-plot .main-svg")
    points = page.evaluate("JSON.parse(document.getElementById('page-data').textContent).points")
    kyiv = next(i for i, p in enumerate(points) if p["place"] == "Kyiv")
    watched.click_plot_point("#map-plot", 1, kyiv)
    page.wait_for_url("**place=Kyiv**")
    assert event_rows(page) and "Place" in page.inner_text("#filters")


def test_stance_cell_shows_evidence_and_leads_to_its_events_and_article(watched):
    page = watched.open("/stances", "#stance-matrix button.cell")
    cell = page.locator('#stance-matrix button.cell[data-holder="RUS"][data-issue="ceasefire"]')
    cell.click()
    page.wait_for_selector("#evidence-list li.evidence-item")
    assert page.inner_text("#evidence-title") == "RUS on ceasefire"
    watched.shoot("stances_evidence")
    page.click("#evidence-events")
    page.wait_for_url("**/events?**")
    assert "involving=RUS" in page.url and "issue=ceasefire" in page.url
    assert event_rows(page) and all(r["issue"] == "ceasefire" for r in event_rows(page))


def test_an_event_opens_its_article_at_the_marked_evidence(watched):
    page = watched.open("/events?actor=Putin", "#event-table tbody tr")
    evidence = page.locator("#event-table .evidence-cell a").first
    evidence.click()
    page.wait_for_url("**/articles/**#focus")
    page.wait_for_selector("#focus")
    top, bottom, height = page.evaluate("""() => { const r = document.getElementById('focus').getBoundingClientRect();
        return [r.top, r.bottom, window.innerHeight]; }""")
    assert 0 <= top and bottom <= height  # scrolled to it
    assert page.locator("#article-text .focus").count() >= 1
    assert "Vladimir Putin" in page.inner_text("#details")
    watched.shoot("article_focus")


def test_filters_stay_set_across_tabs(watched):
    page = watched.open("/events?actor=RUS&since=2025-01-01", "#event-table tbody tr")
    for tab in ("Timeline", "Network", "Map", "Stances", "Events"):
        page.click(f"#tabs >> text={tab}")
        page.wait_for_load_state("networkidle")
        assert "actor=RUS" in page.url and "since=2025-01-01" in page.url, tab
        assert page.input_value("#filters input[name=actor]") == "RUS", tab


def test_overview_shows_the_record_and_its_last_month_opens_as_events(watched):
    page = watched.open("/", "#overview-trend .main-svg")
    assert "Russia" in page.inner_text("#top-actors") and "Vladimir Putin" in page.inner_text("#top-actors")
    month = int(page.inner_text("#last-30 b"))
    page.click("#last-30")
    page.wait_for_url("**/events?since=**")
    assert int(page.inner_text("#event-count").split()[0]) == month


def test_empty_result_says_so(watched):
    page = watched.open("/events?since=1900-01-01&until=1900-12-31", "#empty")
    assert "No events match" in page.inner_text("#empty")
