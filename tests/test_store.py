"""The store: schema and migrations, ingest (idempotent, resumable after SIGKILL), wire-copy
grouping and event linking, queries, read-only SQL, exports and stance histories."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

import duckdb
import pytest

from accord.errors import InputError, StoreError
from accord.store import open_store
from accord.store.db import LATEST_VERSION, check_integrity, schema_version
from accord.store.export import GDELT_COLUMNS, export_events, export_stances, goldstein_of
from accord.store.options import StoreOptions
from accord.store.queries import EventFilter, find_events, run_sql, stance_histories, store_counts
from accord.store.rows import ARTICLE_TABLES, article_rows
from accord.store.write import ingest_paths, load_parquet_rows, write_rows

from conftest import CORPUS, EXAMPLE_DATE, EXAMPLE_TEXT, needs

ROOT = Path(__file__).resolve().parents[1]


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _corpus(n: int, skip: int = 0, max_chars: int | None = None) -> list[dict]:
    """Corpus records, optionally only short ones (to keep subprocess tests quick)."""
    with gzip.open(needs(CORPUS), "rt", encoding="utf-8") as handle:
        records = (json.loads(line) for line in islice(handle, 400))
        picked = [r for r in records if max_chars is None or len(r["text"]) <= max_chars]
    return picked[skip: skip + n]


def _wire_copies() -> list[dict]:
    """The example story as three outlets ran it: retitled, a word changed, headings dropped,
    a credit line added - the light edits wire copies get."""
    text = EXAMPLE_TEXT.read_text(encoding="utf-8")
    lines = text.split("\n")
    second = text.replace("high-ranking Russian sources", "senior Russian sources")
    third = "\n".join(line for line in lines if len(line.split()) > 5) + "\n(Reporting by staff; editing by the desk)"
    return [
        {"id": "wire-a", "text": text, "date": EXAMPLE_DATE, "outlet": "Outlet A", "url": "https://a.example/1"},
        {"id": "wire-b", "text": second, "date": EXAMPLE_DATE, "outlet": "Outlet B", "title": "Putin cool on truce"},
        {"id": "wire-c", "text": third, "date": EXAMPLE_DATE, "outlet": "Outlet C"},
    ]


@pytest.fixture(scope="module")
def wire_store(tmp_path_factory):
    """A store holding three copies of the example story and one unrelated corpus article."""
    folder = tmp_path_factory.mktemp("wire")
    unrelated = _corpus(1)[0]
    source = _jsonl(folder / "wire.jsonl", [*_wire_copies(), {**unrelated, "id": "unrelated"}])
    con = open_store(folder / "wire.duckdb")
    report = ingest_paths(con, [str(source)])
    yield con, report, source
    con.close()


def test_rows_carry_the_schema_columns(coded_ceasefire):
    rows = article_rows(coded_ceasefire)
    con = duckdb.connect()
    con.execute((ROOT / "src/accord/store/schema.sql").read_text(encoding="utf-8"))
    for table in ARTICLE_TABLES:
        schema = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()} - {"ingested_at"}
        assert rows[table], table
        assert set(rows[table][0]) == schema, table
    assert rows["articles"][0]["n_events"] == len(rows["events"]) == len(coded_ceasefire.events)
    assert {r["role"] for r in rows["actors"]} >= {"event_source", "stance_holder"}


def test_new_store_is_migrated_and_readers_need_one(tmp_path):
    path = tmp_path / "s.duckdb"
    with pytest.raises(StoreError, match="no store"):
        open_store(path, read_only=True)
    con = open_store(path)
    assert schema_version(con) == LATEST_VERSION
    con.close()
    reader = open_store(path, read_only=True)
    assert schema_version(reader) == LATEST_VERSION
    with pytest.raises(duckdb.Error):
        reader.execute("DELETE FROM articles")


def test_reingest_adds_no_rows(wire_store):
    con, first, source = wire_store
    assert first.stored == 4 and not first.failures
    before = store_counts(con)
    again = ingest_paths(con, [str(source)])
    assert (again.stored, again.skipped) == (0, 4)
    assert store_counts(con) == before
    assert check_integrity(con) == []


def test_changed_article_replaces_its_old_records(tmp_path):
    con = open_store(tmp_path / "s.duckdb")
    record = {"id": "story-1", "text": EXAMPLE_TEXT.read_text(encoding="utf-8"), "date": EXAMPLE_DATE}
    ingest_paths(con, [str(_jsonl(tmp_path / "v1.jsonl", [record]))])
    old_sha = con.execute("SELECT sha256 FROM articles").fetchall()[0][0]
    changed = {**record, "text": record["text"].replace("Putin has repeatedly dismissed", "Putin has dismissed")}
    report = ingest_paths(con, [str(_jsonl(tmp_path / "v2.jsonl", [changed]))])
    assert (report.stored, report.replaced) == (1, 1)
    stored = con.execute("SELECT article_id, sha256 FROM articles").fetchall()
    assert len(stored) == 1 and stored[0][1] != old_sha
    for table in ARTICLE_TABLES[1:]:
        left = con.execute(f"SELECT count(*) FROM {table} WHERE article_sha256 = ?", [old_sha]).fetchall()[0][0]
        assert left == 0, table
    assert check_integrity(con) == []


def test_wire_copies_form_one_group(wire_store):
    con = wire_store[0]
    groups = dict(con.execute("""
        SELECT a.article_id, g.group_id FROM articles a JOIN article_groups g USING (sha256)""").fetchall())
    assert groups["wire-a"] == groups["wire-b"] == groups["wire-c"]
    assert groups["unrelated"] != groups["wire-a"]


def test_shared_events_count_once_with_several_mentions(wire_store):
    con = wire_store[0]
    mentions, linked = con.execute("""
        SELECT count(*), count(DISTINCT l.cluster_id) FROM events e
        JOIN articles a ON a.sha256 = e.article_sha256
        JOIN event_links l USING (article_sha256, event_id)
        WHERE a.article_id LIKE 'wire-%'""").fetchall()[0]
    per_copy = con.execute("SELECT max(n_events) FROM articles WHERE article_id LIKE 'wire-%'").fetchall()[0][0]
    assert linked <= per_copy < mentions
    # Putin's refusal of the ceasefire is in all three copies: one event, three outlets
    refusal = find_events(con, EventFilter(actor="RUS", type="REJECT", issue="ceasefire")).records()
    assert refusal
    assert max(r["n_mentions"] for r in refusal) >= 3
    assert max(r["n_sources"] for r in refusal) == 3
    assert max(r["n_articles"] for r in refusal) == 3
    every = find_events(con, EventFilter(actor="RUS", type="REJECT", issue="ceasefire"), mentions=True)
    assert len(every.rows) == sum(r["n_mentions"] for r in refusal)


@pytest.mark.parametrize("flt, column, expected", [
    (EventFilter(actor="RUS"), "source_code", {"RUS"}),
    (EventFilter(type="reject,accuse"), "type", {"REJECT", "ACCUSE"}),
    (EventFilter(issue="ceasefire"), "issue_key", {"ceasefire"}),
])
def test_query_filters_keep_only_matching_events(wire_store, flt, column, expected):
    rows = find_events(wire_store[0], flt).records()
    assert rows
    assert {r[column] for r in rows} <= expected


def test_query_by_day_country_and_text(wire_store):
    con = wire_store[0]
    everything = find_events(con).records()
    on_day = find_events(con, EventFilter(since=EXAMPLE_DATE, until=EXAMPLE_DATE)).records()
    assert on_day and all(r["day"] == EXAMPLE_DATE for r in on_day)
    assert len(on_day) < len(everything)  # the unrelated article is from another year
    involving = find_events(con, EventFilter(country="UKR")).records()
    assert involving and all("UKR" in (r["source_code"], r["target_code"], r["location_country"]) for r in involving)
    worded = find_events(con, EventFilter(text="ceasefire")).records()
    assert worded and all("ceasefire" in r["evidence"].lower() for r in worded)


def test_an_actor_is_a_code_a_country_or_words_of_a_name(wire_store):
    con = wire_store[0]
    by_code = find_events(con, EventFilter(actor="RUS")).records()
    assert "Vladimir Putin" in {r["source_name"] for r in by_code}
    assert len(find_events(con, EventFilter(actor="Russia")).rows) == len(by_code)
    assert len(find_events(con, EventFilter(actor="the Russian Federation")).rows) == len(by_code)
    putin = find_events(con, EventFilter(actor="putin")).records()
    assert putin and {r["source_name"] for r in putin} == {"Vladimir Putin"}
    assert not find_events(con, EventFilter(actor="Puti")).rows  # whole words only


def test_query_by_outlet_place_and_either_side(wire_store):
    con = wire_store[0]
    outlet = find_events(con, EventFilter(outlet="OUTLET B"), mentions=True).records()  # any case
    assert outlet and {r["outlet"] for r in outlet} == {"Outlet B"}
    either = find_events(con, EventFilter(involving="UKR")).records()
    assert either and all("UKR" in (r["source_code"], r["target_code"]) for r in either)
    assert any(r["target_code"] == "UKR" for r in either) and any(r["source_code"] == "UKR" for r in either)
    place = find_events(con, EventFilter(place="donetsk")).records()
    assert place and all(r["location_name"] == "Donetsk" for r in place)


def test_sql_is_read_only_and_capped(wire_store, tmp_path):
    # one process cannot hold the same file under two configurations: read a checkpointed copy
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(wire_store[2].with_name("wire.duckdb"), copy)
    reader = open_store(copy, read_only=True, sandbox=True)
    table, cut = run_sql(reader, "SELECT event_id FROM events", StoreOptions(sql_row_cap=3))
    assert len(table.rows) == 3 and cut
    for statement in ("DELETE FROM events", "DROP TABLE events", f"COPY events TO '{tmp_path / 'x.csv'}'",
                      "SELECT 1; DELETE FROM events"):
        with pytest.raises(InputError):
            run_sql(reader, statement)
    with pytest.raises(InputError):  # the sandbox: no reading other files either
        run_sql(reader, "SELECT * FROM read_csv('/etc/hostname')")
    assert not (tmp_path / "x.csv").exists()
    with pytest.raises(InputError, match="stopped"):
        run_sql(reader, "SELECT count(*) FROM range(100000000000)", StoreOptions(sql_timeout_s=0.2))


def test_store_settings_come_from_config(tmp_path):
    from accord.settings import Settings

    config = tmp_path / "accord.toml"
    config.write_text("[accord.store]\nlink_window_days = 5\nsql_row_cap = 20\n", encoding="utf-8")
    settings = Settings.from_toml(str(config))
    assert (settings.store.link_window_days, settings.store.sql_row_cap) == (5, 20)


def test_gdelt_export_has_gdelt_columns_and_goldstein(wire_store):
    out = io.StringIO()
    count = export_events(wire_store[0], "gdelt", out, flt=EventFilter(actor="RUS"))
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert count == len(rows) > 0
    assert all(len(row) == len(GDELT_COLUMNS) == 61 for row in rows)
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    for row in rows:
        assert row[col["Actor1CountryCode"]] == "RUS"
        assert row[col["SQLDATE"]].isdigit() and len(row[col["SQLDATE"]]) == 8
        scored = goldstein_of(row[col["EventCode"]])
        if scored is None:  # an event type without a CAMEO code gets no score
            assert row[col["GoldsteinScale"]] == row[col["QuadClass"]] == ""
        else:
            assert (float(row[col["GoldsteinScale"]]), int(row[col["QuadClass"]])) == scored
    assert any(row[col["GoldsteinScale"]] for row in rows)
    assert goldstein_of("1411") == (-6.5, 4) and goldstein_of("036") == (4.0, 1)


def test_plover_csv_and_parquet_exports_agree(wire_store, tmp_path):
    con = wire_store[0]
    plover = io.StringIO()
    linked = export_events(con, "jsonl", plover)
    records = [json.loads(line) for line in plover.getvalue().splitlines()]
    assert linked == len(records) == con.execute("SELECT count(*) FROM event_clusters").fetchall()[0][0]
    assert all(set(r) >= {"id", "date", "actor", "recipient", "event", "mode", "context", "quad_code"} for r in records)
    text = io.StringIO()
    mentions = export_events(con, "csv", text)
    assert mentions == len(list(csv.DictReader(io.StringIO(text.getvalue())))) == store_counts(con)["events"]
    parquet = tmp_path / "events.parquet"
    assert export_events(con, "parquet", path=str(parquet)) == mentions
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchall()[0][0] == mentions


def _export_and_python_peak(con, fmt: str, flt: EventFilter = EventFilter()) -> tuple[str, int, int]:
    """The export's text, its count, and the most Python memory it held (tracemalloc)."""
    import tracemalloc

    out = io.StringIO()

    def write(sink):
        return export_stances(con, sink) if fmt == "stances" else export_events(con, fmt, sink, flt=flt)

    class Sink:  # keeps the text without the export's own peak counting it
        def write(self, chunk):
            out.write(chunk)

    write(io.StringIO())  # the tables a format loads once (Goldstein, countries) are not the export's
    tracemalloc.start()
    try:
        count = write(Sink())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return out.getvalue(), count, peak


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "gdelt", "stances"])
def test_exports_read_the_store_a_batch_at_a_time(wire_store, monkeypatch, fmt):
    """An export holds one batch of rows in memory, not the whole store's (4 concurrent
    exports of a 5,400-article store once took the server to 1.8 GB): read in batches of 2
    rows it writes the same rows, each linked event once, and holds far less."""
    from accord.store import export

    con = wire_store[0]
    monkeypatch.setattr(export, "EXPORT_BATCH_ROWS", 10**9)
    whole, whole_count, whole_peak = _export_and_python_peak(con, fmt)
    monkeypatch.setattr(export, "EXPORT_BATCH_ROWS", 2)
    batched, batched_count, batched_peak = _export_and_python_peak(con, fmt)
    assert batched == whole and batched_count == whole_count and whole_count > 2
    assert getattr(batched_count, "left_out", 0) == getattr(whole_count, "left_out", 0)
    if fmt != "stances":  # the store's 22 stances are too few to weigh
        # what any query costs, counted out: an export that matches no event
        *_, fixed = _export_and_python_peak(con, fmt, EventFilter(since="2999-01-01"))
        assert batched_peak - fixed < (whole_peak - fixed) / 3, (fixed, batched_peak, whole_peak)


def test_stances_export_as_csv(wire_store):
    out = io.StringIO()
    count = export_stances(wire_store[0], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == store_counts(wire_store[0])["stances"] > 0
    assert {"holder", "holder_code", "issue", "stance", "date"} <= set(rows[0])


def test_stance_history_gives_latest_and_changes(tmp_path):
    con = open_store(tmp_path / "s.duckdb")

    def article(sha, date, stance):
        rows = {t: [] for t in ARTICLE_TABLES}
        rows["articles"] = [{"sha256": sha, "article_id": sha, "title": None, "date": date, "outlet": "X", "url": None,
                             "language": "en", "text": "t", "n_chars": 1, "n_events": 0, "warnings": [],
                             "minhash": None, "accord_version": None}]
        rows["stances"] = [{"article_sha256": sha, "stance_index": 0, "holder_text": "Moscow", "holder_name": "Russia",
                            "holder_code": "RUS", "holder_sector": "GOV", "holder_anonymous": False,
                            "issue": "ceasefire", "stance": stance, "conditions": [], "evidence": ["e1"]}]
        return rows

    # stored out of date order: history must follow the articles' dates
    write_rows(con, [article("c", "2025-03-20", "support"), article("a", "2025-03-01", "oppose"),
                     article("b", "2025-03-10", "conditional")])
    (history,) = stance_histories(con, holder="RUS")
    assert (history.holder, history.issue, history.latest, history.latest_date) == \
        ("Russia", "ceasefire", "support", "2025-03-20")
    assert [h[1] for h in history.history] == ["oppose", "conditional", "support"]
    assert history.changes == 2


def test_parquet_rows_load_like_coded_articles(wire_store, tmp_path):
    con = wire_store[0]
    folder = tmp_path / "rows"
    folder.mkdir()
    for table in ARTICLE_TABLES:
        con.execute(f"COPY (SELECT * FROM {table}) TO '{folder / table}.parquet' (FORMAT parquet)")
    fresh = open_store(tmp_path / "fresh.duckdb")
    assert ingest_paths(fresh, [str(folder)]).stored == 4
    assert load_parquet_rows(fresh, folder) == 0
    counts = store_counts(fresh)
    assert counts == store_counts(con)
    assert check_integrity(fresh) == []


def test_date_partitioned_parquet_rows_load(wire_store, tmp_path):
    # The layout `accord spark` writes: <table>/published=YYYY-MM-DD/part-*.parquet
    con = wire_store[0]
    folder = tmp_path / "spark-out"
    for table in ARTICLE_TABLES:
        part = folder / table / "published=2025-03-13"
        part.mkdir(parents=True)
        con.execute(f"COPY (SELECT * FROM {table}) TO '{part / 'part-0'}.parquet' (FORMAT parquet)")
    fresh = open_store(tmp_path / "fresh.duckdb")
    assert ingest_paths(fresh, [str(folder)]).stored == 4
    assert store_counts(fresh) == store_counts(con)
    assert check_integrity(fresh) == []


def _wal_size(db: Path) -> int:
    wal = db.with_name(db.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_sigkill_mid_ingest_then_restart_stores_each_article_once(tmp_path):
    records = _corpus(12, max_chars=2500)
    source = _jsonl(tmp_path / "in.jsonl", records)
    db = tmp_path / "k.duckdb"
    command = [sys.executable, "-m", "accord", "ingest", str(source), "--db", str(db), "-j", "1",
               "--batch-size", "2", "-q"]
    env = {**os.environ, "ACCORD_DB": ""}
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    # the schema lands in the WAL at once; a committed batch makes it grow again
    deadline = time.monotonic() + 240
    while _wal_size(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    schema_only = _wal_size(db)
    while _wal_size(db) <= schema_only and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)  # let that commit finish writing; five more batches remain to be coded
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    con = open_store(db)
    stored_before = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    con.close()
    assert 0 < stored_before < len(records)

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    con = open_store(db)
    shas = [row[0] for row in con.execute("SELECT sha256 FROM articles").fetchall()]
    assert len(shas) == len(set(shas)) == len(records)
    ids = sorted(row[0] for row in con.execute("SELECT article_id FROM articles").fetchall())
    assert ids == sorted(r["id"] for r in records)
    assert check_integrity(con) == []
    assert con.execute("SELECT count(*) FROM article_groups").fetchall()[0][0] == len(records)


def test_query_sql_and_export_commands(wire_store, tmp_path):
    from click.testing import CliRunner

    from accord.cli import main

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(wire_store[2].with_name("wire.duckdb"), copy)
    runner = CliRunner()
    found = runner.invoke(main, ["query", "--db", str(copy), "--actor", "RUS", "--format", "jsonl"])
    assert found.exit_code == 0, found.output
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert rows and all(r["source_code"] == "RUS" for r in rows)
    table = runner.invoke(main, ["query", "--type", "REJECT", "--limit", "2"], env={"ACCORD_DB": str(copy)})
    assert table.exit_code == 0 and "REJECT" in table.stdout and "(2 rows)" in table.stdout
    refused = runner.invoke(main, ["sql", "DELETE FROM events", "--db", str(copy)])
    assert refused.exit_code == 1 and "refused" in refused.stderr
    counted = runner.invoke(main, ["sql", "SELECT count(*) AS n FROM articles", "--db", str(copy), "--format", "csv"])
    assert counted.stdout.splitlines() == ["n", "4"]
    assert runner.invoke(main, ["export", "--db", str(copy), "--format", "parquet"]).exit_code == 2
    missing = runner.invoke(main, ["query", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3 and "no store" in missing.stderr


def test_stances_command_reads_the_store(wire_store, tmp_path):
    from click.testing import CliRunner

    from accord.cli import main

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(wire_store[2].with_name("wire.duckdb"), copy)
    result = CliRunner().invoke(main, ["stances", "--db", str(copy), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == store_counts(wire_store[0])["stances"] > 0
    assert {r["article"] for r in rows} <= {"wire-a", "wire-b", "wire-c", "unrelated"}


# --- hardening -------------------------------------------------------------------------------

def test_lone_surrogates_are_stored_not_a_failed_batch(tmp_path):
    source = tmp_path / "surrogates.jsonl"
    source.write_text('{"id": "b\\ud800", "outlet": "O\\ud800", "url": "u\\ud800", "language": "en\\ud800", '
                      '"text": "Russia rejected the ceasefire proposal on Tuesday."}\n'
                      '{"id": "a", "text": "Ukraine accepted the proposal on Monday, Kyiv said."}\n'
                      '{"id": "c", "text": "The European Union announced new sanctions against Russia."}\n',
                      encoding="ascii")
    con = open_store(tmp_path / "s.duckdb")
    try:
        report = ingest_paths(con, [str(source)])
        assert report.stored == 3 and not report.failures
        assert "b\ufffd" in {row[0] for row in con.execute("SELECT article_id FROM articles").fetchall()}
    finally:
        con.close()


def test_ingest_with_a_corrupt_gzip_stores_the_good_files(tmp_path):
    from accord.cli import main
    from click.testing import CliRunner

    corrupt = tmp_path / "corrupt.jsonl.gz"
    data = gzip.compress(json.dumps({"id": "x", "text": "Russia rejected the ceasefire."}).encode() * 300)
    corrupt.write_bytes(data[:30] + bytes(b ^ 0x5A for b in data[30:90]) + data[90:])
    good = _jsonl(tmp_path / "good.jsonl", [{"id": "good", "text": "Ukraine accepted the proposal on Monday."}])
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(corrupt), str(good), "--db", str(db), "-j", "1", "-q"])
    assert result.exit_code == 1, result.output
    assert "corrupt.jsonl.gz" in result.output and "Traceback" not in result.output
    con = open_store(db)  # the CLI's connection lives on in this process: open it the same way
    assert [row[0] for row in con.execute("SELECT article_id FROM articles").fetchall()] == ["good"]


def test_a_file_that_is_not_duckdb_gets_a_clear_message(tmp_path):
    other = tmp_path / "notes.duckdb"
    other.write_text("these are my notes, not a database\n" * 10, encoding="utf-8")
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a DuckDB file") as caught:
            open_store(other, read_only=read_only)
        assert "another accord" not in str(caught.value)
    assert other.read_text(encoding="utf-8").startswith("these are my notes")  # left as it was


def test_sql_refuses_explain_analyze_of_a_write(wire_store, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(wire_store[2].with_name("wire.duckdb"), copy)
    reader = open_store(copy, read_only=True, sandbox=True)
    for statement in ("EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1", "explain analyse delete from events",
                      "/* x */ EXPLAIN (ANALYZE) CREATE TEMP TABLE t AS SELECT 1", "EXPLAIN ANALYZE INSERT INTO x VALUES (1)"):
        with pytest.raises(InputError, match="EXPLAIN of"):
            run_sql(reader, statement)
    assert run_sql(reader, "EXPLAIN ANALYZE SELECT count(*) FROM events")[0].rows
    assert run_sql(reader, "EXPLAIN SELECT 1")[0].rows


def test_sql_command_caps_memory(wire_store, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(wire_store[2].with_name("wire.duckdb"), copy)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "accord", "sql", "SELECT len(list(range(2000000000)))",
                             "--db", str(copy)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 1 and "memory" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 60


def test_text_filter_matches_percent_and_underscore_as_written(wire_store):
    con = wire_store[0]
    every = find_events(con, mentions=True).records()
    for sign in ("%", "_"):
        found = find_events(con, EventFilter(text=sign), mentions=True).records()
        assert len(found) == sum(sign in (r["evidence"] or "") for r in every) < len(every)


def _derived_tables(con) -> dict[str, set]:
    return {table: set(con.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("article_groups", "event_links", "event_clusters")}


def test_second_ingest_regroups_and_relinks_only_what_it_adds(tmp_path):
    from accord.store.write import rebuild_links

    wire_a, wire_b, wire_c = _wire_copies()
    short = _corpus(7, max_chars=2500)
    con = open_store(tmp_path / "s.duckdb")
    try:
        first = ingest_paths(con, [str(_jsonl(tmp_path / "first.jsonl", [wire_a, wire_b, *short[:6]]))])
        assert first.regrouped == 8
        second = ingest_paths(con, [str(_jsonl(tmp_path / "second.jsonl", [wire_c, short[6]]))])
        assert second.stored == 2 and second.regrouped == 2  # only the new articles were grouped
        assert 0 < second.relinked < second.linked_events  # and only their events' partitions relinked
        groups = dict(con.execute("SELECT article_id, g.group_id FROM articles a JOIN article_groups g USING (sha256)")
                      .fetchall())
        assert groups["wire-a"] == groups["wire-b"] == groups["wire-c"]
        incremental = _derived_tables(con)
        rebuild_links(con)  # the full rebuild agrees row for row
        assert _derived_tables(con) == incremental
        third = ingest_paths(con, [str(_jsonl(tmp_path / "third.jsonl", [wire_c]))])
        assert third.stored == 0 and third.regrouped == 0 and _derived_tables(con) == incremental
    finally:
        con.close()


def test_every_gdelt_row_has_a_cameo_code_and_a_named_actor(wire_store):
    out = io.StringIO()
    count = export_events(wire_store[0], "gdelt", out)
    linked = export_events(wire_store[0], "jsonl", io.StringIO())
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    assert count == len(rows) > 0 and count + count.left_out == linked
    for row in rows:
        assert row[col["EventCode"]] and row[col["EventRootCode"]] and row[col["QuadClass"]] in "1234"
        assert row[col["Actor1Name"]] and row[col["Actor1Name"]].lower() not in ("they", "it", "he", "she", "we")
        assert row[col["Actor2Name"]].lower() not in ("they", "them", "it", "he", "she", "we")


@pytest.mark.parametrize(("fields", "cameo", "name"), [
    ({"cameo": None, "type": "REJECT", "source_name": None, "source_text": "They", "source_code": None}, "12", ""),
    ({"cameo": None, "type": "ACCUSE", "source_name": None, "source_text": "they", "source_code": "RUS"}, "09",
     "RUSSIAN FEDERATION"),
    ({"cameo": "1411", "type": "PROTEST", "source_name": "Sergei Lavrov", "source_text": "he", "source_code": "RUS"},
     "1411", "SERGEI LAVROV"),
    ({"cameo": None, "type": "REQUEST", "source_name": None, "source_text": "Somali pirates", "source_code": "SOM"},
     "02", "SOMALI PIRATES"),
])
def test_gdelt_event_code_and_actor_name_fallbacks(fields, cameo, name):
    from accord.store.export import event_cameo, gdelt_name

    assert event_cameo(fields) == cameo
    assert gdelt_name(fields, "source") == name
