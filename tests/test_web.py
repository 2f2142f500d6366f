"""The dashboard and its API over a small store: the example article, a few corpus
articles and one article written to attack the pages (script tags, onerror handlers,
javascript: links in its text, title, outlet and url)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from html import unescape
import shutil
from dataclasses import replace
from itertools import islice

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from accord.errors import ConfigError
from accord.model import Article, Location
from accord.settings import ServeOptions, Settings
from accord.web.app import create_app
from accord.web.security import check_bind

HOSTILE_TEXT = (
    'Russia accused Ukraine on Monday of shelling Kharkiv <script>alert("pwned")</script>, '
    "Foreign Minister Sergei Lavrov told Reuters.\n"
    '"We reject <img src=x onerror=alert(1)> this proposal," Lavrov said, '
    'and pointed to <a href="javascript:alert(2)">the statement</a>.\n'
)
HOSTILE = Article(id="hostile", text=HOSTILE_TEXT, title="<script>alert('title')</script>", date="2025-03-14",
                  outlet="<b onmouseover=alert(3)>Evil</b>", url="javascript:alert(4)",
                  sha256="0" * 63 + "1")
KYIV = Location(text="Kyiv", name="Kyiv", country="UKR", lat=50.45, lon=30.52)
RAW_ATTACKS = ('<script>alert("pwned")', "<img src=x onerror", 'href="javascript:', "<script>alert('title')",
               "<b onmouseover")


def build_store(path, coded_ceasefire, corpus_articles, n_corpus: int = 6):
    """Example (one event placed in Kyiv, so the map has a known point), ``n_corpus`` corpus
    articles and the hostile article, stored through the store's own writer."""
    from accord.pipeline import code_articles
    from accord.store import open_store
    from accord.store.options import StoreOptions
    from accord.store.rows import article_rows
    from accord.store.write import rebuild_links, write_rows

    located = replace(coded_ceasefire, events=(replace(coded_ceasefire.events[0], location=KYIV),
                                               *coded_ceasefire.events[1:]))
    corpus = [replace(a, sha256=hashlib.sha256(a.text.encode()).hexdigest()) for a in islice(corpus_articles, n_corpus)]
    coded = [located, *code_articles([*corpus, HOSTILE])]
    con = open_store(path)
    try:
        write_rows(con, [article_rows(c, StoreOptions()) for c in coded])
        rebuild_links(con)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coded_ceasefire, corpus_articles):
    return build_store(tmp_path_factory.mktemp("web") / "store.duckdb", coded_ceasefire, corpus_articles)


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(create_app(Settings(), str(store_path)), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def token_client(store_path, tmp_path):
    """A writable app with a token, on its own copy of the store (one writer per file)."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(store_path, copy)
    settings = Settings(serve=ServeOptions(token="s3cret", max_body_bytes=20_000))
    with TestClient(create_app(settings, str(copy)), base_url="http://127.0.0.1") as test_client:
        yield test_client


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


# --- API -----------------------------------------------------------------------------------

def test_events_filter_like_accord_query_and_paginate(client, store_path):
    from accord.store import open_store
    from accord.store.queries import EventFilter, find_events

    con = open_store(store_path, read_only=True)
    try:
        expected = find_events(con, EventFilter(actor="RUS"))
    finally:
        con.close()
    page = get_json(client, "/api/events?actor=RUS&limit=3")
    assert page["total"] == len(expected.rows) > 0
    assert all("RUS" in (e["source_code"], (e["source_name"] or "").upper()) for e in page["events"])
    second = get_json(client, "/api/events?actor=RUS&limit=3&offset=3")["events"]
    assert {(e["article_sha256"], e["event_id"]) for e in page["events"]}.isdisjoint(
        (e["article_sha256"], e["event_id"]) for e in second)
    keys = expected.columns.index("article_sha256"), expected.columns.index("event_id")
    every = get_json(client, "/api/events?actor=RUS&limit=1000")["events"]
    assert {(e["article_sha256"], e["event_id"]) for e in every} == {(r[keys[0]], r[keys[1]]) for r in expected.rows}
    by_confidence = get_json(client, "/api/events?sort=confidence&order=desc&limit=500")["events"]
    assert [e["confidence"] for e in by_confidence] == sorted((e["confidence"] for e in by_confidence), reverse=True)
    assert client.get("/api/events?sort=evidence; DROP TABLE events").status_code == 422
    assert client.get("/api/events?since=yesterday").status_code == 422


def test_event_detail_gives_every_mention_with_its_evidence(client):
    text = get_json(client, "/api/articles/ceasefire")["article"]["text"]
    event = get_json(client, "/api/events?text=ceasefire&limit=1")["events"][0]
    detail = get_json(client, f"/api/events/{event['article_sha256']}:{event['event_id']}")
    mention = next(m for m in detail["mentions"] if m["event_id"] == event["event_id"])
    assert mention["article_id"] == "ceasefire"
    assert mention["evidence"] == text[mention["sentence_start"]:mention["sentence_end"]]
    assert text[mention["trigger_start"]:mention["trigger_end"]] == mention["trigger_text"]
    assert client.get("/api/events/nothing:here").status_code == 404


def test_article_api_spans_point_into_its_text(client, coded_ceasefire):
    data = get_json(client, "/api/articles/ceasefire")
    text = data["article"]["text"]
    assert text == coded_ceasefire.article.text
    assert len(data["events"]) == len(coded_ceasefire.events)
    assert all(text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"] for e in data["events"])
    assert all(text[q["char_start"]:q["char_end"]] == q["text"] for q in data["quotes"])
    assert all(text[a["char_start"]:a["char_end"]] == a["text"] for a in data["actors"])
    assert get_json(client, f"/api/articles/{data['article']['sha256']}")["article"]["article_id"] == "ceasefire"
    assert client.get("/api/articles/no-such-article").status_code == 404


def test_actors_have_counts_and_counterparts(client):
    actors = get_json(client, "/api/actors?limit=50")["actors"]
    assert actors == sorted(actors, key=lambda a: -a["events"])
    assert all(a["events"] == a["as_source"] + a["as_target"] for a in actors)
    assert any(a["counterparts"] for a in actors)
    assert all(c["actor"] != a["actor"] for a in actors for c in a["counterparts"])


def test_stance_matrix_and_evidence_match_the_coded_stances(client, coded_ceasefire):
    stance = coded_ceasefire.stances[0]
    holder = stance.holder.code or stance.holder.name  # holders go by code
    data = get_json(client, f"/api/stances?issue={stance.issue}")
    cell = next(c for c in data["matrix"]["cells"] if c["holder"] == holder and c["issue"] == stance.issue)
    assert cell[stance.stance] >= 1
    assert data["series"]["issue"] == stance.issue
    assert any(line["holder"] == holder and "2025-03-01" in line["periods"] for line in data["series"]["lines"])
    evidence = get_json(client, f"/api/stances/evidence?holder={holder}&issue={stance.issue}")["evidence"]
    from_example = next(e for e in evidence if e["article_id"] == "ceasefire")
    assert {e["event_id"] for e in from_example["events"]} == set(stance.evidence)


def test_search_needs_every_word(client):
    found = get_json(client, "/api/search?q=Putin ceasefire")
    assert found["total"] >= 1 and found["results"][0]["article_id"] == "ceasefire"
    assert "putin" in found["results"][0]["snippet"].lower() or "ceasefire" in found["results"][0]["snippet"].lower()
    assert get_json(client, "/api/search?q=ceasefire zyxwvutsrq")["total"] == 0
    assert get_json(client, "/api/search?q=%25zq%25")["total"] == 0  # a LIKE wildcard is just a character


def test_timeline_network_and_map_payloads(client):
    timeline = get_json(client, "/api/timeline?bucket=month")
    assert timeline["total"] == sum(sum(v) for v in timeline["types"].values())
    assert timeline["total"] == sum(sum(v) for v in timeline["polarity"].values())
    assert timeline["periods"] == sorted(timeline["periods"]) and "2025-03-01" in timeline["periods"]
    only_ukraine = get_json(client, "/api/timeline?country=UKR")
    assert 0 < only_ukraine["total"] < timeline["total"]
    network = get_json(client, "/api/network")
    names = {n["id"] for n in network["nodes"]}
    assert network["edges"] and all(e["source"] in names and e["target"] in names for e in network["edges"])
    assert all(e["polarity"] == ("cooperation" if e["cooperation"] >= e["conflict"] else "conflict")
               for e in network["edges"])
    points = get_json(client, "/api/map")["points"]
    assert ("Kyiv", 50.45, 30.52) in [(p["place"], p["lat"], p["lon"]) for p in points]
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["n"] >= 1 for p in points)


def test_openapi_documents_the_api(client):
    paths = get_json(client, "/api/openapi.json")["paths"]
    for path in ("/api/events", "/api/events/{ref}", "/api/articles/{ident}", "/api/actors", "/api/stances",
                 "/api/search", "/api/export"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/articles"]


def test_export_buttons_give_csv_jsonl_and_parquet(client):
    csv_text = client.get("/api/export?format=csv&actor=RUS").text
    header, *rows = csv_text.strip().splitlines()
    assert "event_id" in header and len(rows) >= 1
    jsonl = client.get("/api/export?format=jsonl&actor=RUS").text.strip().splitlines()
    assert all(json.loads(line) for line in jsonl)
    parquet = client.get("/api/export?format=parquet")
    assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"


def test_exports_are_streamed_and_match_the_library_export(client):
    """A download is sent as the store is read, a batch of rows at a time (no length known
    up front), so a large export never sits whole in the server's memory."""
    import io

    from accord.store.export import export_events

    expected = io.StringIO()
    cursor = client.app.state.store.cursor()
    try:
        left_out = export_events(cursor, "gdelt", expected).left_out
    finally:
        cursor.close()
    for fmt in ("csv", "jsonl", "gdelt", "stances"):
        response = client.get(f"/api/export?format={fmt}")
        assert response.status_code == 200 and "content-length" not in response.headers, fmt
        assert response.headers["x-content-type-options"] == "nosniff"
    gdelt = client.get("/api/export?format=gdelt")
    assert gdelt.text == expected.getvalue() and gdelt.headers["x-accord-left-out"] == str(left_out)


# --- pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url, marker", [
    ("/", 'id="overview-trend"'), ("/timeline?country=UKR&bucket=day", 'id="timeline-types"'),
    ("/stances?issue=ceasefire", 'id="stance-matrix"'), ("/network", 'id="network-plot"'),
    ("/map", 'id="map-plot"'), ("/events?actor=RUS", 'id="event-table"'), ("/articles/ceasefire", 'id="article-text"'),
    ("/search?q=ceasefire", 'class="results"'),
])
def test_pages_render_offline(client, url, marker):
    response = client.get(url)
    assert response.status_code == 200
    assert marker in response.text
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?(https?:)?//""", response.text), \
        "every asset must come from this server, by path (cached pages must not name a host)"


def test_blank_form_fields_mean_no_filter(client):
    blank = "actor=&target=&issue=&country=&type=&since=&until="
    assert client.get(f"/?{blank}&bucket=month").status_code == 200
    assert get_json(client, f"/api/events?{blank}")["total"] == get_json(client, "/api/events")["total"]
    assert client.get("/stances?holder=&issue=&since=&until=").status_code == 200


def test_article_page_highlights_each_event_trigger(client):
    data = get_json(client, "/api/articles/ceasefire")
    html = client.get("/articles/ceasefire").text
    for event in data["events"]:
        assert f"event:{event['event_id']}" in html
    assert html.count('class="hl') >= len(data["events"])


def test_plotly_and_world_outline_are_served_by_the_package(client):
    assert client.get("/plotly/plotly.min.js").status_code == 200
    outline = get_json(client, "/static/world-110m.json")
    assert len(outline["countries"]) > 150


# --- security ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/articles/hostile", "/events", "/search?q=pwned", "/stances", "/network", "/",
                                 "/search?q=<script>alert(5)</script>"])
def test_hostile_text_is_escaped_on_every_page(client, url):
    html = client.get(url).text
    for attack in RAW_ATTACKS + ("<script>alert(5)",):
        assert attack not in html
    page_data = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert all("<" not in block for block in page_data), "JSON blocks must not be able to close their tag"


def test_hostile_article_keeps_its_text_as_data(client):
    html = client.get("/articles/hostile").text
    shown = re.search(r'<div class="article-text" id="article-text">(.*?)</div>', html, re.S).group(1)
    text = re.sub(r"<span [^>]*>|</span>", "", shown)  # our highlights are the only markup
    assert "<" not in text and unescape(text) == HOSTILE_TEXT
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html  # the javascript: url is not linked
    data = get_json(client, "/api/articles/hostile")
    assert data["article"]["text"] == HOSTILE_TEXT and data["article"]["title"] == HOSTILE.title


def test_responses_forbid_inline_scripts(client):
    headers = client.get("/articles/hostile").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    for _ in range(3):  # answered from the cache: still one of each header
        again = client.get("/articles/hostile").headers
    assert len(again.get_list("content-security-policy")) == 1


def test_cors_is_off_by_default(client):
    response = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/events", headers={"Origin": "https://evil.example",
                                                       "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_only_for_configured_origins(store_path):
    settings = Settings(serve=ServeOptions(cors_origins=("http://analyst.example",)))
    with TestClient(create_app(settings, str(store_path)), base_url="http://127.0.0.1") as allowed:
        ok = allowed.get("/api/events?limit=1", headers={"Origin": "http://analyst.example"})
        assert ok.headers["access-control-allow-origin"] == "http://analyst.example"
        other = allowed.get("/api/events?limit=1", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_loopback_server_rejects_foreign_host_names(client):
    assert client.get("/api/events", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/events", headers={"Host": "localhost:8000"}).status_code == 200


def test_non_loopback_bind_without_token_refuses_to_start(store_path):
    with pytest.raises(ConfigError, match="token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(ConfigError, match="1-character token"):
        check_bind("0.0.0.0", "x")
    with pytest.raises(ConfigError, match="at least 16"):
        check_bind("0.0.0.0", "s3cret")
    check_bind("0.0.0.0", "a-token-of-twenty-chars")
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    from accord.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(store_path), "--host", "0.0.0.0"], env={"ACCORD_TOKEN": ""})
    assert result.exit_code == 3 and "token" in result.output


def test_token_is_required_on_every_request(token_client):
    for url in ("/api/events", "/", "/static/app.js", "/plotly/plotly.min.js", "/api/openapi.json"):
        assert token_client.get(url).status_code == 401, url
    assert token_client.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert token_client.get("/api/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = token_client.get("/events?token=s3cret&actor=RUS", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/events?actor=RUS"
    assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=Strict" in first.headers["set-cookie"]
    assert token_client.get("/api/events").status_code == 200  # the cookie now rides along


def test_post_articles_needs_the_token_and_a_small_body(client, token_client):
    article = {"articles": [{"id": "posted", "date": "2025-03-15", "title": "Talks",
                             "text": "Russia rejected the ceasefire proposal on Saturday, Foreign Minister "
                                     "Sergei Lavrov said."}]}
    assert client.post("/api/articles", json=article).status_code == 403  # no token configured: no writes
    assert token_client.post("/api/articles", json=article).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    big = {"articles": [{"text": "x" * 30_000}]}
    assert token_client.post("/api/articles", json=big, headers=auth).status_code == 413
    many = {"articles": [{"text": f"Article {n}."} for n in range(21)]}
    assert token_client.post("/api/articles", json=many, headers=auth).status_code == 413
    before = token_client.get("/api/events?mentions=true", headers=auth).json()["total"]
    stored = token_client.post("/api/articles", json=article, headers=auth)
    assert stored.status_code == 201 and stored.json()["stored"] == 1
    assert token_client.get("/api/articles/posted", headers=auth).json()["article"]["title"] == "Talks"
    # Every mention counts (a linked event may absorb the new one); the cached answer was dropped.
    assert token_client.get("/api/events?mentions=true", headers=auth).json()["total"] > before
    again = token_client.post("/api/articles", json=article, headers=auth).json()
    assert again["stored"] == 0 and again["skipped"] == 1


def test_serve_get_answers_one_request_in_process(store_path):
    from accord.cli import main

    runner = CliRunner()
    ok = runner.invoke(main, ["serve", "--db", str(store_path), "--get", "/api/events?actor=RUS&limit=2"])
    assert ok.exit_code == 0, ok.output
    assert len(json.loads(ok.stdout)["events"]) == 2
    missing = runner.invoke(main, ["serve", "--db", str(store_path), "--get", "/api/articles/none"])
    assert missing.exit_code == 1
    no_store = runner.invoke(main, ["serve", "--db", str(store_path.parent / "none.duckdb"), "--get", "/api/events"])
    assert no_store.exit_code == 3


# --- hardening -------------------------------------------------------------------------------

BAD_DAYS = ("2025-02-30", "2025-13-45", "0000-00-00")


@pytest.mark.parametrize("route", ["/api/events", "/api/timeline", "/api/network", "/api/map", "/api/actors",
                                   "/api/export", "/api/stances", "/events", "/timeline", "/map", "/network",
                                   "/stances"])
def test_impossible_dates_get_422_with_the_reason(client, route):
    for day in BAD_DAYS:
        for name in ("since", "until"):
            response = client.get(f"{route}?{name}={day}")
            assert response.status_code == 422, (route, day, response.status_code)
            assert "not a calendar date" in response.text


def test_huge_offsets_and_pages_get_422(client):
    for url in ("/api/events?offset=9223372036854775808", "/api/search?q=Russia&offset=99999999999999999999",
                "/events?page=99999999999999999999", "/search?q=Russia&page=99999999999999999999"):
        assert client.get(url).status_code == 422, url
    assert client.get("/api/events?offset=1000000000").json()["events"] == []


def test_unexpected_errors_answer_500_with_the_security_headers(store_path, monkeypatch):
    from accord.web import api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "map_payload", broken)
    with TestClient(create_app(Settings(), str(store_path)), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/map")
    assert response.status_code == 500 and "boom" not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["x-content-type-options"] == "nosniff" and response.headers["x-frame-options"] == "DENY"


def test_response_cache_keys_only_known_parameters_and_keeps_no_exports(store_path):
    settings = Settings(serve=ServeOptions(cache_bytes=200_000, cache_max_response_bytes=50_000))
    with TestClient(create_app(settings, str(store_path)), base_url="http://127.0.0.1") as test_client:
        cache = test_client.app.state.cache
        for n in range(40):
            assert test_client.get(f"/api/events?limit=5&n={n}").status_code == 200
            assert test_client.get(f"/api/export?format=jsonl&n={n}").status_code == 200
        assert len(cache.saved) == 1
        for n in range(1, 60):
            test_client.get(f"/api/events?limit={n}")
        assert cache.bytes <= 200_000
        assert all(size <= 50_000 for _, size in cache.saved.values())
        first = test_client.get("/api/events?limit=5&offset=5").json()["events"]
        assert first == test_client.get("/api/events?offset=5&limit=5&junk=1").json()["events"]


def test_text_filter_percent_is_not_a_wildcard(client):
    every = client.get("/api/events?mentions=true&limit=1000").json()
    literal = client.get("/api/events?mentions=true&limit=1000&text=%25").json()
    assert literal["total"] == sum("%" in (e["evidence"] or "") for e in every["events"]) < every["total"]


def test_token_redirect_never_leaves_the_site():
    import asyncio

    from accord.web.security import TokenGate

    sent = []

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):
        raise AssertionError("the gate should answer")

    for path in ("//evil.example/x", "/\\evil.example/x", "///evil.example"):
        sent.clear()
        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"token=T0123456789abcdef",
                 "headers": []}
        asyncio.run(TokenGate(app, "T0123456789abcdef")(scope, None, send))
        location = dict(sent[0]["headers"])[b"location"].decode()
        assert sent[0]["status"] == 303 and location.startswith("/") and location[1:2] not in ("/", "\\"), location


def test_posted_surrogates_are_stored_and_ids_with_slashes_open(token_client):
    auth = {"Authorization": "Bearer s3cret", "content-type": "application/json"}
    body = ('{"articles": [{"id": "wire/2025/03/b\\ud800", "outlet": "O\\ud800", "date": "2025-03-15", '
            '"text": "Russia rejected the ceasefire \\ud800 proposal on Saturday, Sergei Lavrov said."}]}')
    stored = token_client.post("/api/articles", content=body.encode("ascii"), headers=auth)
    assert stored.status_code == 201 and stored.json()["stored"] == 1, stored.text
    article = token_client.get("/api/articles/wire/2025/03/b\ufffd", headers=auth)
    assert article.status_code == 200 and article.json()["article"]["outlet"] == "O\ufffd"
    page = token_client.get("/articles/wire%2F2025%2F03%2Fb%EF%BF%BD", headers=auth)
    assert page.status_code == 200 and "Russia rejected" in page.text
    invalid = token_client.post("/api/articles", headers=auth,
                                content=b'{"articles": [{"text": "x", "date": "\\ud800"}], "extra": "\\udc00"}')
    assert invalid.status_code == 422


# --- the analyst's dashboard: one date, grouped actors, drill-down, shareable filters --------

def test_timeline_range_keeps_only_its_days_on_a_date_axis(client):
    everything = get_json(client, "/api/timeline?bucket=day")
    inside = get_json(client, "/api/timeline?bucket=day&since=2025-03-01&until=2025-03-31")
    assert inside["periods"] and all("2025-03-01" <= p <= "2025-03-31" for p in inside["periods"])
    assert all(date.fromisoformat(p) for p in inside["periods"])
    assert len(inside["periods"]) < len(everything["periods"])
    months = get_json(client, "/api/timeline?bucket=month&since=2025-03-10&until=2025-03-20")["periods"]
    assert months == ["2025-03-01"]  # a month is keyed by its first day
    years = get_json(client, "/api/timeline?bucket=year")["periods"]
    assert all(p.endswith("-01-01") for p in years)


@pytest.mark.parametrize("dates", ["since=2025-03-01&until=2025-03-31", "since=2017-01-01&until=2019-12-31",
                                   "since=2010-01-01&until=2025-12-31", ""])
def test_timeline_picks_the_finest_bucket_that_spans_the_events_in_200_periods(client, dates):
    days = [date.fromisoformat(e["day"]) for e in get_json(client, f"/api/events?{dates}&limit=1000")["events"] if e["day"]]
    span = (max(days) - min(days)).days
    expected = next(b for b, length in (("day", 1), ("week", 7), ("month", 30.44), ("year", 365.25))
                    if span / length <= 200)
    timeline = get_json(client, f"/api/timeline?{dates}")
    assert timeline["bucket"] == expected and len(timeline["periods"]) <= 200


def test_counts_agree_between_timeline_events_and_header(client):
    for query in ("", "actor=RUS", "since=2025-03-01&until=2025-03-31", "outlet=The%20Guardian"):
        timeline = get_json(client, f"/api/timeline?{query}")
        events = get_json(client, f"/api/events?{query}&limit=1")
        assert timeline["total"] + timeline["undated"] == events["total"], query
    page = client.get("/events").text
    assert re.search(r"(\d+) events, page", page).group(1) == re.search(r"articles · (\d+) events", page).group(1)


def test_goldstein_intensity_comes_with_the_counts(client):
    timeline = get_json(client, "/api/timeline?since=2025-03-13&until=2025-03-13&bucket=day")
    events = get_json(client, "/api/events?since=2025-03-13&until=2025-03-13&limit=1000")["events"]
    assert timeline["goldstein"]["sum"] == [round(sum(e["goldstein"] for e in events if e["goldstein"] is not None), 1)]
    assert any(e["goldstein"] < 0 for e in events if e["type"] == "REJECT")


def test_a_code_includes_its_people_and_a_name_or_country_finds_them(client):
    by_code = get_json(client, "/api/events?actor=RUS&limit=1000")
    assert "Vladimir Putin" in {e["source_name"] for e in by_code["events"]}
    by_name = get_json(client, "/api/events?actor=Putin&limit=1000")
    assert by_name["total"] > 0 and {e["source_name"] for e in by_name["events"]} == {"Vladimir Putin"}
    assert get_json(client, "/api/events?actor=vladimir%20putin")["total"] == by_name["total"]
    assert get_json(client, "/api/events?actor=Russia")["total"] == by_code["total"]
    assert client.get("/api/events?actor=Puti").status_code == 422  # words match whole words


def test_matrix_network_and_actors_merge_a_name_into_its_code(client):
    stances = get_json(client, "/api/stances")["matrix"]
    assert len(stances["holders"]) == len(set(stances["holders"]))
    assert "RUS" in stances["holders"] and "Vladimir Putin" not in stances["holders"]
    assert "Vladimir Putin" in stances["names"]["RUS"] and stances["labels"]["RUS"] == "Russia"
    nodes = {n["id"] for n in get_json(client, "/api/network")["nodes"]}
    assert "RUS" in nodes and not nodes & {"Russia", "Vladimir Putin"}
    russia = next(a for a in get_json(client, "/api/actors")["actors"] if a["actor"] == "RUS")
    assert {"Russia", "Vladimir Putin"} <= {n["name"] for n in russia["names"]}


def test_drill_down_filters_give_the_clicked_events(client):
    either = get_json(client, "/api/events?involving=UKR&limit=1000")["events"]
    assert either and all("UKR" in (e["source_code"], e["target_code"]) for e in either)
    assert {e["source_code"] for e in either} > {"UKR"}  # as target too
    edge = get_json(client, "/api/events?actor=RUS&target=UKR&limit=1000")["events"]
    assert edge and all((e["source_code"], e["target_code"]) == ("RUS", "UKR") for e in edge)
    place = get_json(client, "/api/events?place=Kyiv")["events"]
    assert place and all(e["location_name"] == "Kyiv" for e in place)
    outlet = get_json(client, "/api/events?outlet=the%20guardian&limit=1000")["events"]
    assert outlet and all(e["outlet"] == "The Guardian" for e in outlet)


def test_events_come_newest_first(client):
    days = [e["day"] for e in get_json(client, "/api/events?limit=1000")["events"] if e["day"]]
    assert days == sorted(days, reverse=True) and len(set(days)) > 1


@pytest.mark.parametrize("query, reason", [
    ("actor=Nobodyovich", "no actor 'Nobodyovich'"), ("involving=ZZZ", "no actor 'ZZZ'"),
    ("since=2025-04-01&until=2025-03-01", "after until"), ("since=2025-02-30", "not a calendar date"),
    ("bucket=decade", "bucket"), ("offset=10000000000", "offset"),
])
def test_bad_filters_get_422_with_the_reason_on_api_and_pages(client, query, reason):
    route = "/api/events" if "bucket" not in query else "/api/timeline"
    response = client.get(f"{route}?{query}")
    assert response.status_code == 422 and reason in response.text
    if "offset" not in query:
        page = client.get(f"/{'timeline' if 'bucket' in query else 'events'}?{query}")
        assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
        assert 'id="problem"' in page.text


def test_overview_gives_headline_numbers_recent_windows_and_grouped_actors(client):
    overview = get_json(client, "/api/overview")
    summary_events = get_json(client, "/api/events?limit=1")["total"]
    week, month = overview["windows"]
    assert (week["days"], month["days"]) == (7, 30) and week["until"] == overview["last_day"]
    assert week["events"] <= month["events"] <= summary_events
    assert month["events"] == get_json(client, f"/api/events?since={month['since']}&until={month['until']}")["total"]
    assert overview["actors"][0]["events"] >= overview["actors"][-1]["events"]
    assert sum(overview["trend"]["types"]["REJECT"]) > 0
    page = client.get("/").text
    assert 'id="recent"' in page and "Vladimir Putin" in page


def test_stance_export_and_gdelt_export_are_offered_on_the_events_page(client):
    page = client.get("/events?actor=RUS&issue=ceasefire").text
    gdelt = unescape(re.search(r'href="([^"]+)"[^>]*id="export-gdelt"', page).group(1))
    stances = unescape(re.search(r'href="([^"]+)"[^>]*id="export-stances"', page).group(1))
    rows = [row for row in client.get(gdelt).text.split("\n") if row]
    assert rows and all(len(r.split("\t")) == 61 for r in rows)
    csv_rows = client.get(stances).text.strip().splitlines()
    assert csv_rows[0].startswith("holder") and len(csv_rows) > 1
    assert all("ceasefire" in r for r in csv_rows[1:])


def test_filters_travel_with_the_tabs_and_the_sort_survives_refiltering(client):
    page = client.get("/events?actor=RUS&since=2025-01-01&sort=confidence&order=asc").text
    for tab in ("/timeline", "/network", "/map", "/stances"):
        assert f'href="{tab}?actor=RUS&amp;since=2025-01-01"' in page, tab
    assert 'name="sort" value="confidence"' in page and 'name="order" value="asc"' in page
    matrix = client.get("/stances?since=2025-01-01&until=2025-12-31").text
    assert 'href="?issue=ceasefire&since=2025-01-01&until=2025-12-31' in unescape(matrix)  # an issue heading keeps the dates


def test_event_link_opens_the_article_on_its_marked_evidence(client):
    event = get_json(client, "/api/events?actor=Putin&limit=1")["events"][0]
    page = client.get("/events?actor=Putin").text
    link = unescape(re.search(r'href="(/articles/[^"]+\?event=[^"#]+#focus)"', page).group(1))
    article = client.get(link.split("#")[0]).text
    focus = re.search(r'id="focus"[^>]*>([^<]*)<', article).group(1)
    assert unescape(focus) and unescape(focus) in event["evidence"]
    assert f'data-focus="event:{event["event_id"]}"' in article


def test_empty_results_and_caps_are_said_on_the_page(client):
    assert 'id="empty"' in client.get("/events?since=1900-01-01&until=1900-12-31").text
    assert 'id="empty"' in client.get("/timeline?since=1900-01-01&until=1900-12-31").text
    assert 'id="empty"' in client.get("/map?since=1900-01-01&until=1900-12-31").text
    small = get_json(client, "/api/network?max_nodes=2")
    assert small["actors_in_all"] > 2 and len(small["nodes"]) == 2
