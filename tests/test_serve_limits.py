"""Limits of `accord serve` that guard the machine: DuckDB's memory limit on the server's
queries, and the per-article time limit on articles POSTed to it (coded in worker threads,
which no signal reaches)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from accord.settings import ServeOptions, Settings
from accord.store import open_store
from accord.web.app import create_app

TOKEN = "a-token-of-twenty-chars"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def empty_store(tmp_path):
    path = tmp_path / "store.duckdb"
    open_store(path).close()
    return str(path)


def test_server_queries_run_under_the_configured_duckdb_memory_limit(empty_store):
    with TestClient(create_app(Settings(), empty_store), base_url="http://127.0.0.1") as client:
        assert client.get("/api/events").status_code == 200
        limit = client.app.state.store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert limit == "976.5 MiB"  # DuckDB's spelling of the default 1024 MB
    starved = Settings(serve=ServeOptions(memory_mb=1))
    with TestClient(create_app(starved, empty_store), base_url="http://127.0.0.1") as client:
        # Pages that query the store (the overview is prepared once per store version).
        for url in ("/api/events", "/api/export?format=jsonl", "/events"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert "1 MB of DuckDB memory" in response.json()["detail"] and "memory_mb" in response.json()["detail"]
            assert response.headers["x-content-type-options"] == "nosniff"


def test_posted_article_over_the_time_limit_is_stored_with_a_warning(empty_store, monkeypatch):
    import time

    import accord.pipeline as pipeline

    from conftest import EXAMPLE_DATE, EXAMPLE_TEXT

    real_find_quotes = pipeline.find_quotes

    def slow_find_quotes(*args, **kwargs):  # a stage gone slow: 0.6 s of this thread's CPU
        until = time.thread_time() + 0.6
        while time.thread_time() < until:
            pass
        return real_find_quotes(*args, **kwargs)

    monkeypatch.setattr(pipeline, "find_quotes", slow_find_quotes)
    settings = Settings(max_article_seconds=0.3, serve=ServeOptions(token=TOKEN))
    article = {"id": "slow", "date": EXAMPLE_DATE, "text": EXAMPLE_TEXT.read_text(encoding="utf-8")}
    with TestClient(create_app(settings, empty_store), base_url="http://127.0.0.1") as client:
        posted = client.post("/api/articles", json={"articles": [article]}, headers=AUTH)
        assert posted.status_code == 201 and posted.json()["stored"] == 1, posted.text
        assert posted.json()["events"] == 0
        stored = client.get("/api/articles/slow", headers=AUTH).json()["article"]
    assert any(w.startswith("limit: coding stopped after 0.3 s") for w in stored["warnings"]), stored["warnings"]
