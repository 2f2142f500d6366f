"""How long each dashboard page takes to show its content in Chromium, over a store you
built (bench/dashboard_store.py makes one of ~50,000 events):

    .venv/bin/python bench/page_render.py --db big.duckdb [--runs 5] [--width 1400] [--cache]

Serves the store in-process on a loopback port (response cache off unless --cache), opens
each page in headless Chromium (Debian's /usr/bin/chromium) and times from navigation to
the page's content drawn (its chart's SVG, its table's first row): the first load and the
median of --runs more, per page, in milliseconds, as JSON.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time

PAGES = {  # name -> (path, selector that shows the page's content)
    "overview": ("/", "#overview-trend .main-svg"),
    "timeline": ("/timeline", "#timeline-types .main-svg"),
    "timeline_day_range": ("/timeline?bucket=day&since=2015-01-01&until=2016-12-31", "#timeline-types .main-svg"),
    "stances": ("/stances?issue=ceasefire", "#stance-matrix button.cell"),
    "network": ("/network", "#network-plot .main-svg"),
    "map": ("/map", "#map-plot .main-svg"),
    "events": ("/events", "#event-table tbody tr"),
    "events_actor": ("/events?actor=RUS&sort=confidence", "#event-table tbody tr"),
    "search": ("/search?q=ceasefire", "ol.results li"),
}


def serve(db: str, cache: bool):
    import uvicorn

    from accord.settings import ServeOptions, Settings
    from accord.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(serve=ServeOptions(cache_entries=512 if cache else 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings, db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--cache", action="store_true", help="keep the response cache on")
    args = parser.parse_args()
    started = time.perf_counter()
    server, base = serve(args.db, args.cache)
    startup_s = time.perf_counter() - started
    result = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": args.width, "height": 1000})
        for name, (path, selector) in PAGES.items():
            times = []
            for _ in range(args.runs + 1):
                begun = time.perf_counter()
                page.goto(base + path, wait_until="commit")
                page.wait_for_selector(selector, timeout=30_000)
                times.append((time.perf_counter() - begun) * 1000)
            result[name] = {"first_ms": round(times[0]), "median_ms": round(statistics.median(times[1:]))}
        browser.close()
    server.should_exit = True
    print(json.dumps({"startup_s": round(startup_s, 1), "width": args.width,
                      "cache": "on" if args.cache else "off", "pages": result}, indent=1))


if __name__ == "__main__":
    main()
