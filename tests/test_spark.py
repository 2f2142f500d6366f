"""Spark coding: the same rows as the local coder, re-runs that add nothing, retried tasks
that duplicate nothing. Spark tests start a JVM in local[2] and are marked slow."""

from __future__ import annotations

import gzip
import json
import os
from itertools import islice
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

import accord.spark as accord_spark  # noqa: E402
from accord import __version__  # noqa: E402
from accord.ingest import read_articles  # noqa: E402
from accord.pipeline import code_articles  # noqa: E402
from accord.settings import Settings  # noqa: E402
from accord.store.rows import ARTICLE_TABLES, article_rows  # noqa: E402

from conftest import CORPUS, needs  # noqa: E402

slow = pytest.mark.slow


def corpus_file(folder: Path, start: int, stop: int) -> Path:
    """Corpus lines [start, stop) as a .jsonl.gz file, as a cluster would read them."""
    with gzip.open(needs(CORPUS), "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, start, stop))
    path = folder / f"corpus_{start}_{stop}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return path


def local_rows(paths: list[Path], settings: Settings = Settings()) -> dict[str, list[dict]]:
    """What the local coder stores for these inputs, table by table."""
    tables: dict[str, list[dict]] = {table: [] for table in ARTICLE_TABLES}
    articles = [a for a in read_articles([str(p) for p in paths]) if hasattr(a, "sha256")]
    for coded in code_articles(articles, settings):
        for table, rows in article_rows(coded, settings.store, __version__).items():
            tables[table].extend(rows)
    return tables


def spark_rows(output: Path) -> dict[str, list[dict]]:
    """Every table under ``output``, without the partition column, and each row's partition."""
    tables = {}
    for table in ARTICLE_TABLES:
        rows = pq.read_table(output / table, partitioning="hive").to_pylist() if (output / table).exists() else []
        tables[table] = rows
    return tables


def without_partition(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != accord_spark.PARTITION} for row in rows]


def canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def test_parquet_columns_are_the_store_rows(coded_ceasefire):
    rows = article_rows(coded_ceasefire)
    for table, schema in accord_spark.table_schemas().items():
        assert rows[table], table
        assert schema.fieldNames() == list(rows[table][0]), table


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = accord_spark.start_session("local[2]", config={
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": "4"})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def coded_200(spark, tmp_path_factory):
    folder = tmp_path_factory.mktemp("spark")
    source = corpus_file(folder, 0, 200)
    output = folder / "out"
    report = accord_spark.code_to_parquet(spark, [str(source)], str(output), partitions=4)
    return source, output, report


@slow
def test_spark_rows_equal_local_coder_rows_for_200_articles(coded_200):
    source, output, report = coded_200
    assert (report.read, report.coded, report.failure_count) == (200, 200, 0)
    expected, got = local_rows([source]), spark_rows(output)
    for table in ARTICLE_TABLES:
        assert len(got[table]) == len(expected[table]), table
        assert canonical(without_partition(got[table])) == canonical(expected[table]), table
    assert len(expected["events"]) > 500 and expected["quotes"] and expected["stances"]
    assert report.events == len(expected["events"])


@slow
def test_every_row_lies_in_its_articles_publication_date_partition(coded_200):
    _, output, _ = coded_200
    tables = spark_rows(output)
    published = {a["sha256"]: a["date"] or accord_spark.UNKNOWN_DATE for a in tables["articles"]}
    assert all(a[accord_spark.PARTITION] == published[a["sha256"]] for a in tables["articles"])
    assert all(e[accord_spark.PARTITION] == published[e["article_sha256"]] for e in tables["events"])
    assert len(set(published.values())) > 20


@slow
def test_local_runs_write_no_checksum_side_files(coded_200):
    _, output, _ = coded_200
    assert list(output.rglob("*.parquet")) and not list(output.rglob("*.crc"))


@slow
def test_rerun_skips_written_articles_and_codes_only_new_ones(spark, coded_200, tmp_path):
    source, output, _ = coded_200
    before = sorted(p for p in output.rglob("*.parquet"))
    again = accord_spark.code_to_parquet(spark, [str(source)], str(output))
    assert (again.read, again.coded, again.skipped) == (200, 0, 200)
    assert sorted(output.rglob("*.parquet")) == before
    more = corpus_file(tmp_path, 195, 205)
    added = accord_spark.code_to_parquet(spark, [str(source), str(more)], str(output))
    assert (added.read, added.coded, added.skipped) == (210, 5, 205)
    articles = spark_rows(output)["articles"]
    assert len(articles) == len({a["sha256"] for a in articles}) == 205
    assert not (output / accord_spark.STAGING).exists() or not any((output / accord_spark.STAGING).iterdir())


@slow
def test_parquet_input_codes_like_jsonl(spark, tmp_path):
    import pyarrow as pa

    with gzip.open(needs(CORPUS), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in islice(handle, 300, 306)]
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    columns = {key: [r.get(key) for r in records] for key in ("id", "title", "date", "outlet", "text")}
    pq.write_table(pa.table(columns), tmp_path / "same.parquet")
    output = tmp_path / "out"
    report = accord_spark.code_to_parquet(spark, [str(tmp_path / "same.parquet")], str(output), partitions=2)
    assert (report.coded, report.failure_count) == (6, 0)
    expected, got = local_rows([jsonl]), spark_rows(output)
    for table in ARTICLE_TABLES:
        assert canonical(without_partition(got[table])) == canonical(expected[table]), table


@slow
def test_broken_lines_are_reported_and_the_rest_coded(spark, tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "three_articles.jsonl"
    report = accord_spark.code_to_parquet(spark, [str(fixture)], str(tmp_path / "out"), partitions=1)
    assert (report.read, report.coded, report.failure_count) == (2, 2, 2)
    assert any("three_articles.jsonl:2: invalid JSON" in failure for failure in report.failures)
    assert any("three_articles.jsonl:3: no 'text' field" in failure for failure in report.failures)


@slow
def test_unfinished_runs_are_discarded_and_half_moved_runs_finished(spark, tmp_path):
    output = tmp_path / "out"
    unfinished = output / accord_spark.STAGING / "run-a" / "events" / "published=2020-01-01"
    half_moved = output / accord_spark.STAGING / "run-b" / "articles" / "published=2020-01-02"
    for folder in (unfinished, half_moved):
        folder.mkdir(parents=True)
        (folder / "part-0.parquet").write_bytes(b"stand-in")
    (output / accord_spark.STAGING / "run-b" / accord_spark.COMMITTING).touch()
    (half_moved / "part-1.parquet").write_bytes(b"moved before the crash")
    earlier = output / "articles" / "published=2020-01-02"
    earlier.mkdir(parents=True)
    (earlier / "part-1.parquet").write_bytes(b"moved before the crash")
    (earlier / "part-from-an-earlier-run.parquet").write_bytes(b"kept")
    accord_spark._Files(spark, str(output)).recover_staged_runs()
    assert not (output / "events").exists()
    assert sorted(p.name for p in earlier.iterdir()) == ["part-0.parquet", "part-1.parquet",
                                                         "part-from-an-earlier-run.parquet"]
    assert (earlier / "part-0.parquet").read_bytes() == b"stand-in"
    assert not any((output / accord_spark.STAGING).iterdir())


@slow
def test_cli_spark_command_writes_tables(spark, tmp_path):
    from click.testing import CliRunner

    from accord.cli import main

    source = corpus_file(tmp_path, 400, 403)
    result = CliRunner().invoke(main, ["spark", str(source), str(tmp_path / "out"), "--partitions", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert len(spark_rows(tmp_path / "out")["articles"]) == 3


@slow
def test_failed_task_is_retried_without_duplicate_rows(spark, tmp_path, monkeypatch):
    """Runs last in this module: it replaces the local[2] session by local[2,2] (two tries per task)."""
    spark.stop()
    retrying = accord_spark.start_session("local[2,2]", config={
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": "2"})
    original = accord_spark.code_partition

    def fail_first_attempt(batches, **options):
        from pyspark import TaskContext

        context = TaskContext.get()
        for batch in original(batches, **options):
            yield batch
            if context.attemptNumber() == 0:
                raise RuntimeError("injected: this task attempt dies after its first batch")

    monkeypatch.setattr(accord_spark, "code_partition", fail_first_attempt)
    source = corpus_file(tmp_path, 500, 512)
    settings = Settings(batch_size=2)
    report = accord_spark.code_to_parquet(retrying, [str(source)], str(tmp_path / "out"), settings, partitions=2)
    retrying.stop()
    assert (report.coded, report.failure_count) == (12, 0)
    expected, got = local_rows([source], settings), spark_rows(tmp_path / "out")
    for table in ARTICLE_TABLES:
        assert canonical(without_partition(got[table])) == canonical(expected[table]), table


def test_worker_reads_file_bytes_within_the_local_limits():
    """A Spark worker holds each input file's bytes: a small .jsonl.gz that inflates, or
    one huge line, is read within the limits a local run keeps; UTF-16 is text, not binary."""
    from accord.ingest import IngestOptions

    options = IngestOptions(max_line_bytes=5_000, max_file_bytes=1_000_000)
    good = b'{"id": "a", "text": "Russia rejected the ceasefire."}\n'
    bomb = gzip.compress(good + b"\n" * 3_000_000 + good.replace(b'"a"', b'"z"'))
    rows = list(accord_spark._jsonl_file_rows("day.jsonl.gz", bomb, options, None))
    assert [r.get("id") for r in rows] == ["a", None] and "max_file_bytes" in rows[1]["failure"]
    long_line = gzip.compress(good + b'{"text": "' + b"x " * 5_000 + b'"}\n' + good.replace(b'"a"', b'"c"'))
    rows = list(accord_spark._jsonl_file_rows("day.jsonl.gz", long_line, options, None))
    assert [r.get("id") for r in rows] == ["a", None, "c"] and "max_line_bytes" in rows[1]["failure"]
    utf16 = ("\ufeff" + good.decode()).encode("utf-16-le")
    assert [r["id"] for r in accord_spark._jsonl_file_rows("day.jsonl", utf16, options, None)] == ["a"]


@slow
def test_job_reads_utf16_and_keeps_the_records_of_a_truncated_gzip(spark, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    record = '{{"id": "{}", "text": "Russia rejected the ceasefire proposal on Saturday, Sergei Lavrov said {}."}}\n'
    (folder / "utf16.jsonl").write_bytes(("\ufeff" + record.format("u", "in Kyiv")).encode("utf-16-le"))
    data = gzip.compress("".join(record.format(f"g{n}", n * 7919) for n in range(300)).encode())
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) * 4 // 5])
    report = accord_spark.code_to_parquet(spark, [str(folder)], str(tmp_path / "out"), partitions=2)
    assert report.failure_count == 1 and "cut.jsonl.gz" in report.failures[0]
    assert report.read > 200 and report.coded == report.read


@slow
def test_made_up_ids_of_the_spark_output_replace_nothing_when_loaded(spark, tmp_path):
    """Rows without an id in two folders' files of one name get the same made-up id, as
    `accord ingest` gives them; loaded into a store, neither replaces the other."""
    import pyarrow as pa

    from accord.store import open_store
    from accord.store.write import ingest_paths

    stories = ["Russia rejected the ceasefire proposal on Saturday, Sergei Lavrov said.",
               "Ukraine accepted the prisoner exchange on Sunday, Volodymyr Zelensky said."]
    inputs = []
    for day, story in zip(("d1", "d2"), stories):
        (tmp_path / day).mkdir()
        pq.write_table(pa.table({"text": [story], "date": ["2025-03-01"]}), tmp_path / day / "day.parquet")
        (tmp_path / day / "wire.jsonl").write_text(json.dumps({"text": story + " More follows."}) + "\n")
        inputs.append(str(tmp_path / day))
    output = tmp_path / "out"
    report = accord_spark.code_to_parquet(spark, inputs, str(output), partitions=2)
    assert report.coded == 4
    articles = spark_rows(output)["articles"]
    assert sorted((a["article_id"], a["id_given"]) for a in articles) == \
        [("day:1", False), ("day:1", False), ("wire:1", False), ("wire:1", False)]
    con = open_store(tmp_path / "s.duckdb")
    assert ingest_paths(con, [str(output)]).stored == 4
    assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 4
