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


def _rows_folder(con, folder):
    """The store's rows as a folder of Parquet tables, the layout `accord spark` writes."""
    from accord.store.rows import ARTICLE_TABLES

    folder.mkdir()
    for table in ARTICLE_TABLES:
        con.execute(f"COPY (SELECT * FROM {table}) TO '{folder / table}.parquet' (FORMAT parquet)")
    return folder


def _rows_of(tmp_path, name: str, files: dict[str, str]):
    """Parquet rows of a store that ingested ``files`` (name -> content) from one folder."""
    inputs = tmp_path / f"{name}-in"
    inputs.mkdir()
    for file_name, content in files.items():
        (inputs / file_name).write_text(content, encoding="utf-8")
    con = open_store(tmp_path / f"{name}.duckdb")
    ingest_paths(con, [str(inputs)])
    try:
        return _rows_folder(con, tmp_path / f"{name}-rows")
    finally:
        con.close()


def test_loaded_rows_with_made_up_ids_do_not_replace_each_other(tmp_path):
    """The Spark path (rows loaded by `accord ingest ROWS_FOLDER`) follows ingest's rule."""
    first = _rows_of(tmp_path, "day1", {"index.txt": STORIES[0]})
    second = _rows_of(tmp_path, "day2", {"index.txt": STORIES[1]})
    con = open_store(tmp_path / "s.duckdb")
    assert ingest_paths(con, [str(first)]).stored == 1
    assert ingest_paths(con, [str(second)]).stored == 1
    assert stored_texts(con) == sorted(STORIES)


def test_loaded_rows_keep_the_latest_version_of_a_given_id(tmp_path):
    versions = [_rows_of(tmp_path, f"v{n}", {"day.jsonl": json.dumps({"id": "story-1", "date": date, "text": story})})
                for n, (date, story) in enumerate(zip(("2025-03-01", "2025-03-02"), STORIES))]
    both = tmp_path / "both"  # the Spark output of two runs: both versions, in no order
    for table_file in versions[0].iterdir():
        (both / table_file.stem).mkdir(parents=True)
        for n, version in enumerate(versions):
            (both / table_file.stem / f"part-{n}.parquet").write_bytes((version / table_file.name).read_bytes())
    con = open_store(tmp_path / "s.duckdb")
    ingest_paths(con, [str(both)])
    assert con.execute("SELECT article_id, text FROM articles").fetchall() == [("story-1", STORIES[1])]
    older = open_store(tmp_path / "older.duckdb")  # and a later version loaded over a stored one replaces it
    ingest_paths(older, [str(versions[0])])
    ingest_paths(older, [str(versions[1])])
    assert older.execute("SELECT article_id, text FROM articles").fetchall() == [("story-1", STORIES[1])]


def test_a_given_id_does_not_replace_a_stored_made_up_one(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    (folder / "index.txt").write_text(STORIES[0], encoding="utf-8")
    con = open_store(tmp_path / "s.duckdb")
    ingest_paths(con, [str(folder)])
    given = tmp_path / "given.jsonl"
    given.write_text(json.dumps({"id": "index", "text": STORIES[1]}) + "\n", encoding="utf-8")
    report = ingest_paths(con, [str(given)])
    assert (report.stored, report.replaced) == (1, 0)
    assert stored_texts(con) == sorted(STORIES)


def test_a_post_lists_each_articles_id_and_sha256_to_find_it_by(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    token = "a-token-of-twenty-chars"
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(Settings(serve=ServeOptions(token=token)), str(path)),
                    base_url="http://127.0.0.1") as client:
        listed = []
        for story in STORIES:  # the same made-up id twice: only the sha256 tells them apart
            posted = client.post("/api/articles", json={"articles": [{"text": story}, {"id": "mine", "text": story}]},
                                 headers=auth)
            assert posted.status_code == 201, posted.text
            listed.append(posted.json()["articles"])
        assert [[(a["id"], a["id_given"]) for a in post] for post in listed] == \
            [[("submitted:1", False), ("mine", True)]] * 2
        for story, post in zip(STORIES, listed):
            assert client.get(f"/api/articles/{post[0]['sha256']}", headers=auth).json()["article"]["text"] == story
