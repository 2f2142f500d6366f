"""accord ingest's rule for versions: a stored article is replaced only by one with the
same given id. Ids the reader makes up from file names (``index``, ``day:1``) repeat across
folders and POSTs; they must never make one article delete another."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from accord.settings import ServeOptions, Settings
from accord.store import open_store
from accord.store.write import ingest_paths
from accord.web.app import create_app

STORIES = ["Russia rejected the ceasefire proposal on Saturday, Sergei Lavrov said.",
           "Ukraine accepted the prisoner exchange on Sunday, Volodymyr Zelensky said."]


def stored_texts(con) -> list[str]:
    return sorted(row[0] for row in con.execute("SELECT text FROM articles").fetchall())


def test_same_file_names_in_two_folders_are_two_articles(tmp_path):
    con = open_store(tmp_path / "s.duckdb")
    for day, story in zip(("2025-03-01", "2025-03-02"), STORIES):
        folder = tmp_path / day
        folder.mkdir()
        (folder / "index.txt").write_text(story, encoding="utf-8")
        (folder / "wire.jsonl").write_text(json.dumps({"text": story + " More follows."}) + "\n", encoding="utf-8")
        report = ingest_paths(con, [str(folder)])
        assert (report.stored, report.replaced) == (2, 0)
    assert stored_texts(con) == sorted([*STORIES, *(s + " More follows." for s in STORIES)])


def test_one_given_id_twice_in_a_batch_keeps_the_later_version(tmp_path):
    source = tmp_path / "day.jsonl"
    source.write_text("".join(json.dumps({"id": "story-1", "text": story}) + "\n" for story in STORIES),
                      encoding="utf-8")
    con = open_store(tmp_path / "s.duckdb")
    report = ingest_paths(con, [str(source)])
    assert (report.stored, report.replaced) == (1, 1)
    assert con.execute("SELECT article_id, text FROM articles").fetchall() == [("story-1", STORIES[1])]


def test_articles_posted_without_ids_do_not_replace_each_other(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    token = "a-token-of-twenty-chars"
    with TestClient(create_app(Settings(serve=ServeOptions(token=token)), str(path)),
                    base_url="http://127.0.0.1") as client:
        for story in STORIES:
            posted = client.post("/api/articles", json={"articles": [{"text": story}]},
                                 headers={"Authorization": f"Bearer {token}"})
            assert posted.status_code == 201 and posted.json()["replaced"] == 0, posted.text
    assert stored_texts(open_store(path, read_only=True)) == sorted(STORIES)
