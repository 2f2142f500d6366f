"""The dashboard and its API over a small store: the example article, a few corpus
articles and one article written to attack the pages (script tags, onerror handlers,
javascript: links in its text, title, outlet and url)."""

from __future__ import annotations

import hashlib
import json
import re
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
    holder = stance.holder.name or stance.holder.code
    data = get_json(client, f"/api/stances?issue={stance.issue}")
    cell = next(c for c in data["matrix"]["cells"] if c["holder"] == holder and c["issue"] == stance.issue)
    assert cell[stance.stance] >= 1
    assert data["series"]["issue"] == stance.issue
    assert any(line["holder"] == holder and "2025-03" in line["periods"] for line in data["series"]["lines"])
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
    assert timeline["periods"] == sorted(timeline["periods"]) and "2025-03" in timeline["periods"]
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


# --- pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url, marker", [
    ("/", 'id="timeline-types"'), ("/timeline?country=UKR&bucket=day", 'id="timeline-types"'),
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
