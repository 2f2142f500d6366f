"""Code a corpus on a Spark cluster: articles in, the store's tables out as Parquet.

``code_to_parquet`` reads JSONL(.gz) and Parquet articles from any path Spark reads,
codes them with ``mapInArrow`` (the model and tables load once per Python worker, through
the cached ``load_resources``), and writes the rows of ``store.rows`` (the store's tables,
column for column), one Parquet table per folder, partitioned by publication date::

    OUTPUT/articles/published=2017-06-12/part-....parquet   (also events, actors, quotes,
                                                             sources, stances)

Every run writes to ``OUTPUT/_staging/<run>/`` first and moves its files into place only
after all six tables are written, so the ``articles`` table lists exactly the articles
whose rows are complete. A re-run codes only articles whose sha256 it does not list;
a run that died before its move is discarded, one that died during it is finished.
A failed task is retried by Spark, whose output committer keeps one attempt's files.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import PurePosixPath

from accord.errors import ConfigError, StoreError
from accord.ingest import IngestOptions, InputFailure, ingest_options
from accord.ingest.jsonl import read_jsonl, read_jsonl_file
from accord.ingest.text import normalise_date
from accord.model import Article
from accord.settings import Settings
from accord.store.rows import ARTICLE_TABLES

try:
    import pyarrow as pa
    from pyspark import StorageLevel
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.pandas.types import to_arrow_schema
except ImportError as err:  # the optional extra is not installed
    raise ConfigError(f"accord spark needs pyspark and pyarrow ({err}); "
                      "install them with pip install 'accord[spark]' (Spark 4 also needs Java 17 or 21)") from err

log = logging.getLogger(__name__)

PARTITION = "published"  # the article's publication date, YYYY-MM-DD, or "unknown"
UNKNOWN_DATE = "unknown"
# Without Hadoop's native library (pip's pyspark has none) the checksummed local file system
# runs a `chmod` subprocess for every file it creates, its `.crc` side file and their
# folders; date partitions make thousands of small files, and those subprocesses, not the
# coding, then dominate a local run and do not scale with cores. The raw local file
# system writes no `.crc` files, so it starts a third fewer (measured in docs/spark.md).
LOCAL_DEFAULTS = {"spark.hadoop.fs.file.impl": "org.apache.hadoop.fs.RawLocalFileSystem"}
STAGING = "_staging"
COMMITTING = "_COMMITTING"  # written once every table of a run is staged: the run may be moved into place
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz")

# The Article fields a worker needs, plus where each record came from: of several
# articles with one text, the first in input order is kept, as `accord ingest` does.
_ARTICLE_FIELDS = ("id", "text", "title", "date", "outlet", "url", "language", "sha256", "id_given")
ARTICLE_SCHEMA = T.StructType(
    [T.StructField(name, T.StringType()) for name in _ARTICLE_FIELDS if name != "id_given"]
    + [T.StructField("id_given", T.BooleanType()),
       T.StructField("warnings", T.ArrayType(T.StringType())),
       T.StructField("input_path", T.StringType()),
       T.StructField("input_index", T.LongType()),
       T.StructField("failure", T.StringType())]
)

_DUCKDB_TO_SPARK = {
    "VARCHAR": T.StringType(), "INTEGER": T.IntegerType(), "BIGINT": T.LongType(),
    "DOUBLE": T.DoubleType(), "BOOLEAN": T.BooleanType(),
    # MinHash values are below 2**32 (datasketch masks them), so a signed long holds them.
    "UBIGINT": T.LongType(),
}


@lru_cache(maxsize=1)
def table_schemas() -> dict[str, T.StructType]:
    """Spark types of each per-article table, read from the store's own schema.sql.
    Columns with a default (``ingested_at``) are the store's to fill and are left out."""
    import duckdb

    from accord.store.db import migrations

    con = duckdb.connect()
    for _, _, sql in migrations():
        con.execute(sql)
    columns = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE column_default IS NULL ORDER BY table_name, ordinal_position").fetchall()
    con.close()
    schemas = {}
    for table in ARTICLE_TABLES:
        schemas[table] = T.StructType([T.StructField(name, _spark_type(kind))
                                       for owner, name, kind in columns if owner == table])
    return schemas


def _spark_type(duckdb_type: str) -> T.DataType:
    if duckdb_type.endswith("[]"):
        return T.ArrayType(_spark_type(duckdb_type[:-2]))
    try:
        return _DUCKDB_TO_SPARK[duckdb_type]
    except KeyError:
        raise ConfigError(f"store/schema.sql: no Spark type for DuckDB type {duckdb_type}; "
                          "add it to accord.spark._DUCKDB_TO_SPARK") from None


def coded_schema() -> T.StructType:
    """One row per coded article: its partition, its rows for every table, or why it failed."""
    return T.StructType(
        [T.StructField(PARTITION, T.StringType()), T.StructField("failure", T.StringType())]
        + [T.StructField(table, T.ArrayType(schema)) for table, schema in table_schemas().items()]
    )


# --- executors: reading and coding ------------------------------------------------------

def read_jsonl_files(batches: Iterator[pa.RecordBatch], options: IngestOptions,
                     default_date: str | None, rows_per_batch: int = 1_000) -> Iterator[pa.RecordBatch]:
    """binaryFile rows (path, content) -> article rows, parsed as `accord code` parses a
    local file: same line numbers, fallback ids, encoding repair and warnings."""
    schema = to_arrow_schema(ARTICLE_SCHEMA)
    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist()):
            rows = []
            for row in _jsonl_file_rows(path, content, options, default_date):
                rows.append(row)
                if len(rows) == rows_per_batch:
                    yield pa.RecordBatch.from_pylist(rows, schema=schema)
                    rows = []
            yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _jsonl_file_rows(path: str, content: bytes, options: IngestOptions, default_date: str | None) -> Iterator[dict]:
    """Rows of one file's articles, read by ``read_jsonl_file`` within the same limits as a
    local file (line length, decompressed size, UTF-16, binary sniffing), so a small
    compressed file cannot make a worker decompress or hold more than a local run would."""
    name = PurePosixPath(path).name
    gzipped = name.lower().endswith(".gz")
    stem = (name[: -len(".gz")] if gzipped else name).rsplit(".", 1)[0]
    raw = io.BytesIO(content)
    stream = gzip.GzipFile(fileobj=raw) if gzipped else io.BufferedReader(raw)
    items = read_jsonl_file(stream, source=path, stem=stem, default_date=default_date, options=options)
    for index, item in enumerate(items):
        yield _article_row(item, path, index)


def read_parquet_records(batches: Iterator[pa.RecordBatch], options: IngestOptions,
                         default_date: str | None) -> Iterator[pa.RecordBatch]:
    """Parquet rows (article fields as strings, file path, row index) -> article rows,
    each record read as the same JSON object in a JSONL file would be."""
    for batch in batches:
        rows = []
        for record in batch.to_pylist():
            path, index = record.pop("input_path"), record.pop("input_index")
            stem = PurePosixPath(path).name.rsplit(".", 1)[0]
            fields = {key: value for key, value in record.items() if value is not None}
            items = read_jsonl([json.dumps(fields, ensure_ascii=False)], source=f"{path} row {index + 1}",
                               stem=stem, default_date=default_date, options=options)
            # a row without an id is named by its row, not by the one line read here
            rows.extend(_article_row(item if isinstance(item, InputFailure) or item.id_given
                                     else dataclasses.replace(item, id=f"{stem}:{index + 1}"), path, index)
                        for item in items)
        yield pa.RecordBatch.from_pylist(rows, schema=to_arrow_schema(ARTICLE_SCHEMA))


def _article_row(item: Article | InputFailure, path: str, index: int) -> dict:
    if isinstance(item, InputFailure):
        return {"input_path": path, "input_index": index, "failure": item.message}
    row = {name: getattr(item, name) for name in _ARTICLE_FIELDS}
    return {**row, "warnings": list(item.warnings), "input_path": path, "input_index": index}


def code_partition(batches: Iterator[pa.RecordBatch], settings: Settings,
                   arrow_schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Article rows -> coded rows through `accord ingest`'s own ``code_batch``, one output
    batch per ``settings.batch_size`` articles so memory stays flat."""
    from accord.store.write import code_batch

    for batch in batches:
        records = batch.to_pylist()
        for start in range(0, len(records), settings.batch_size):
            chunk = records[start:start + settings.batch_size]
            articles = [Article(**{name: r[name] for name in _ARTICLE_FIELDS}, warnings=tuple(r["warnings"] or ()))
                        for r in chunk]
            out = []
            for record, rows in zip(chunk, code_batch(articles, settings)):
                failed = rows.get("failed")
                out.append({PARTITION: record[PARTITION],
                            "failure": f"{failed[0]['id']}: {failed[0]['message']}" if failed else None,
                            **{table: rows.get(table, []) for table in ARTICLE_TABLES}})
            yield pa.RecordBatch.from_pylist(out, schema=arrow_schema)


# --- the driver ----------------------------------------------------------------------------

@dataclass
class SparkReport:
    """What one run did."""

    read: int = 0
    coded: int = 0
    skipped: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent reading, coding, writing, moving
    run: str = ""

    def summary(self) -> str:
        rate = self.coded / self.seconds if self.seconds else 0.0
        text = (f"accord: read {self.read} article(s): coded {self.coded}, skipped {self.skipped} already written "
                f"or duplicate, {self.events} event(s), {rate:.1f} articles/s")
        return text + (f"; {self.failure_count} input(s) failed" if self.failure_count else "")


def start_session(master: str | None = None, app_name: str = "accord", config: dict | None = None) -> SparkSession:
    """A SparkSession. Under spark-submit the cluster's master and settings apply; run from
    plain Python it is ``master`` (default ``local[*]``) with this interpreter as the workers'."""
    launched_by_spark = "PYSPARK_GATEWAY_PORT" in os.environ
    if not launched_by_spark and not (master or "local").startswith("local"):
        log.info("workers on %s must have accord installed (see docs/spark.md)", master)
    elif not launched_by_spark:
        # Local workers must import accord: give them this interpreter unless told otherwise.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        config = {**LOCAL_DEFAULTS, **(config or {})}
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as err:  # py4j and pyspark raise several types when the JVM cannot start
        raise ConfigError(f"could not start Spark ({type(err).__name__}: {err}); Spark 4 needs Java 17 or 21 "
                          "on PATH or in JAVA_HOME") from err


def code_to_parquet(spark: SparkSession, inputs: list[str], output: str, settings: Settings = Settings(), *,
                    partitions: int | None = None, default_date: str | None = None,
                    max_failures_listed: int = 1000) -> SparkReport:
    """Code the articles under ``inputs`` into the Parquet tables under ``output``; see the
    module docstring. A job Spark gives up on (a worker without the model, a bad data
    file, a task failing past its retries) is a ConfigError naming the worker's error."""
    try:
        return _code_to_parquet(spark, inputs, output, settings, partitions, default_date, max_failures_listed)
    except PySparkException as err:
        lines = [line for line in str(err).splitlines() if line.strip() and not line[0].isspace()]
        raise ConfigError(f"the Spark job failed: {lines[-1] if lines else type(err).__name__}") from err


def _code_to_parquet(spark: SparkSession, inputs: list[str], output: str, settings: Settings,
                     partitions: int | None, default_date: str | None, max_failures_listed: int) -> SparkReport:
    started = time.monotonic()
    if default_date is not None and normalise_date(default_date) is None:
        raise ConfigError(f"--date {default_date!r} is not a date; give it as YYYY-MM-DD")
    report = SparkReport(run=f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}")
    files = _Files(spark, output)
    files.recover_staged_runs()
    raw = _read_inputs(spark, inputs, ingest_options(settings),
                       default_date and normalise_date(default_date), files)
    raw = raw.persist(StorageLevel.MEMORY_AND_DISK)
    stats = _tally(raw, max_failures_listed)
    report.phases["read"] = time.monotonic() - started
    report.read, report.failure_count, report.failures = stats["ok"], stats["failed"], list(stats["failures"])
    todo = _first_of_each_text(raw.filter(F.col("failure").isNull()))
    committed = files.committed_articles()
    if committed is not None:
        todo = todo.join(committed, "sha256", "left_anti")
    todo = todo.withColumn(PARTITION, F.coalesce(F.col("date"), F.lit(UNKNOWN_DATE)))
    # Range partitions hold whole runs of dates, so each date is written by one or two
    # tasks (few files), and they balance by article count.
    partitions = partitions or max(spark.sparkContext.defaultParallelism * 3, 1)
    schema = coded_schema()
    coded = (todo.repartitionByRange(partitions, PARTITION, "sha256")
             .mapInArrow(partial(code_partition, settings=settings, arrow_schema=to_arrow_schema(schema)), schema)
             .persist(StorageLevel.MEMORY_AND_DISK))
    done = _tally(coded, max_failures_listed, F.coalesce(F.sum(F.size("events")), F.lit(0)).alias("events"))
    report.phases["code"] = time.monotonic() - started - report.phases["read"]
    report.coded, report.events = done["ok"], done["events"]
    report.failure_count += done["failed"]
    report.failures += list(done["failures"])
    report.skipped = report.read - report.coded - done["failed"]
    if report.coded:
        for table in ARTICLE_TABLES:
            rows = coded.select(PARTITION, F.explode(table).alias("row")).select("row.*", PARTITION)
            rows.write.partitionBy(PARTITION).parquet(files.staged(report.run, table))
        report.phases["write"] = time.monotonic() - started - sum(report.phases.values())
        files.commit(report.run)
        report.phases["move"] = time.monotonic() - started - sum(report.phases.values())
    coded.unpersist()
    raw.unpersist()
    report.seconds = time.monotonic() - started
    return report


def _tally(frame, max_listed: int, *more):
    """Rows without and with a failure, the first failure messages, and ``more`` aggregates."""
    return frame.agg(F.count(F.when(F.col("failure").isNull(), 1)).alias("ok"), F.count("failure").alias("failed"),
                     F.slice(F.collect_list("failure"), 1, max_listed).alias("failures"), *more).first()


def _read_inputs(spark: SparkSession, inputs: list[str], options: IngestOptions,
                 default_date: str | None, files: "_Files"):
    """Article rows (and failure rows) from every JSONL and Parquet file under ``inputs``."""
    jsonl, parquet, unknown = files.list_inputs(inputs)
    if not (jsonl or parquet):
        raise ConfigError(f"no .jsonl, .jsonl.gz or .parquet files under {', '.join(inputs)}"
                          + (f" (found {unknown[0]} ...)" if unknown else "; check the path"))
    frames = []
    if jsonl:
        binary = spark.read.format("binaryFile").load(jsonl).select("path", "content")
        frames.append(binary.mapInArrow(partial(read_jsonl_files, options=options, default_date=default_date),
                                        ARTICLE_SCHEMA))
    if parquet:
        table = spark.read.parquet(*parquet)
        wanted = [c for c in ("id", "text", "title", "date", "outlet", "url", "language") if c in table.columns]
        records = table.select(*[F.col(c).cast("string").alias(c) for c in wanted],
                               F.col("_metadata.file_path").alias("input_path"),
                               F.col("_metadata.row_index").alias("input_index"))
        frames.append(records.mapInArrow(partial(read_parquet_records, options=options, default_date=default_date),
                                         ARTICLE_SCHEMA))
    return frames[0] if len(frames) == 1 else frames[0].unionByName(frames[1])


def _first_of_each_text(articles):
    """One row per sha256: the first occurrence in input order (path, then record)."""
    order = Window.partitionBy("sha256").orderBy("input_path", "input_index")
    return articles.withColumn("_n", F.row_number().over(order)).filter("_n = 1").drop("_n", "failure")


class _Files:
    """The output folder through Hadoop's FileSystem, so HDFS and S3 paths work as local ones."""

    def __init__(self, spark: SparkSession, output: str):
        self.spark = spark
        self.jvm = spark.sparkContext._jvm
        self.conf = spark.sparkContext._jsc.hadoopConfiguration()
        self.output = output.rstrip("/")

    def _path(self, path: str):
        return self.jvm.org.apache.hadoop.fs.Path(path)

    def _fs(self, path):
        return path.getFileSystem(self.conf)

    def _exists(self, path: str) -> bool:
        location = self._path(path)
        return self._fs(location).exists(location)

    def _files_under(self, path: str) -> Iterator[str]:
        location = self._path(path)
        listing = self._fs(location).listFiles(location, True)
        while listing.hasNext():
            yield listing.next().getPath().toString()

    def list_inputs(self, inputs: list[str]) -> tuple[list[str], list[str], list[str]]:
        """(JSONL files, Parquet files, other files) under the inputs (globs allowed), sorted;
        names starting with ``.`` or ``_`` are skipped, as Spark does."""
        jsonl, parquet, unknown = [], [], []
        for given in inputs:
            location = self._path(given)
            matches = self._fs(location).globStatus(location) or []
            if not matches:
                raise ConfigError(f"no such file or directory: {given}; check the path")
            for status in matches:
                found = self._files_under(status.getPath().toString()) if status.isDirectory() \
                    else [status.getPath().toString()]
                for name in found:
                    if PurePosixPath(name).name.startswith((".", "_")):
                        continue
                    lower = name.lower()
                    (jsonl if lower.endswith(JSONL_SUFFIXES) else parquet if lower.endswith(".parquet")
                     else unknown).append(name)
        return sorted(jsonl), sorted(parquet), sorted(unknown)

    def committed_articles(self):
        """sha256 of every article already written, or None before the first run."""
        folder = f"{self.output}/articles"
        if not self._exists(folder):
            return None
        return self.spark.read.parquet(folder).select("sha256").distinct()

    def staged(self, run: str, table: str) -> str:
        return f"{self.output}/{STAGING}/{run}/{table}"

    def commit(self, run: str) -> None:
        marker = self._path(f"{self.output}/{STAGING}/{run}/{COMMITTING}")
        self._fs(marker).create(marker, True).close()
        self._move_into_place(run)

    def recover_staged_runs(self) -> None:
        """Finish moving runs that had staged everything; delete runs that had not."""
        staging = self._path(f"{self.output}/{STAGING}")
        fs = self._fs(staging)
        if not fs.exists(staging):
            return
        for status in fs.listStatus(staging):
            run = status.getPath().getName()
            if fs.exists(self._path(f"{self.output}/{STAGING}/{run}/{COMMITTING}")):
                log.warning("finishing the move of run %s, which stopped while moving its files", run)
                self._move_into_place(run)
            else:
                log.warning("discarding run %s, which stopped before all its tables were written", run)
                fs.delete(status.getPath(), True)

    def _move_into_place(self, run: str) -> None:
        """Move the run's tables under OUTPUT: a folder OUTPUT lacks moves whole (one rename),
        else file by file. Moved files are no longer staged, so this can be repeated after
        a crash; a file found on both sides (an interrupted copy-and-delete rename, as on
        S3) has the same unique name and content, and only the staged one is deleted."""
        root = self._path(f"{self.output}/{STAGING}/{run}")
        fs = self._fs(root)
        for status in fs.listStatus(root):
            if status.isDirectory():
                self._merge(fs, status.getPath(), self._path(f"{self.output}/{status.getPath().getName()}"))
        fs.delete(root, True)

    def _merge(self, fs, source, target) -> None:
        if not fs.exists(target):
            fs.mkdirs(target.getParent())
            if not fs.rename(source, target):
                raise StoreError(f"could not move {source.toString()} to {target.toString()}; "
                                 f"check permissions on {self.output}")
            return
        for status in fs.listStatus(source):
            name = status.getPath().getName()
            if not status.isDirectory() and name.startswith(("_", ".")):
                continue  # Spark's _SUCCESS markers; checksum files move with their data file
            inner = self._path(f"{target.toString()}/{name}")
            if not status.isDirectory() and fs.exists(inner):
                fs.delete(status.getPath(), False)
            else:
                self._merge(fs, status.getPath(), inner)
