"""Ingest: code articles on several processes and store them, one transaction per batch.

The main process is the single writer. It reads the inputs, skips every article whose
sha256 is already stored, and hands batches to worker processes (each loads the model
once); each coded batch is written in one transaction, so a kill loses at most the
batches in flight and a re-run resumes. An article id stored with another sha256 is a
changed article: its old rows go in the same transaction that stores the new ones.
Duplicate groups and event links are brought up to date once at the end (and after a
killed run), for the new articles and their neighbours only (dedup.update_links).
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from accord.errors import StoreError
from accord.ingest import IngestOptions, InputFailure, ingest_options, read_articles
from accord.model import Article
from accord.settings import Settings
from accord.store.db import insert_values
from accord.store.dedup import duplicate_group_count, link_events, regroup_new_articles
from accord.store.options import StoreOptions
from accord.store.rows import ARTICLE_TABLES, Row, article_rows

log = logging.getLogger(__name__)

_STALE = "links_stale"  # store_state key: per-article rows changed since the last dedup


@dataclass
class IngestReport:
    """What one ingest run did."""

    read: int = 0
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    events: int = 0
    failures: list = field(default_factory=list)
    duplicate_groups: int = 0
    linked_events: int | None = None
    regrouped: int = 0  # articles whose duplicate group was set or changed by this run
    relinked: int = 0  # linked events recomputed by this run
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.stored / self.seconds if self.seconds else 0.0
        parts = [f"accord: read {self.read} article(s): stored {self.stored} ({self.replaced} replacing older versions), "
                 f"skipped {self.skipped} already stored, {self.events} event(s), {rate:.1f} articles/s"]
        if self.linked_events is not None:
            parts.append(f"{self.linked_events} linked event(s), {self.duplicate_groups} duplicate group(s)")
        if self.failures:
            parts.append(f"{len(self.failures)} input(s) failed")
        return "; ".join(parts)


class NoProgress:
    """Stands in for a tqdm bar when none is shown."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix(self, **values) -> None:
        pass


# --- workers ------------------------------------------------------------------------

def code_batch(articles: list[Article], settings: Settings) -> list[dict[str, list[Row]]]:
    """Code a batch and flatten each article to rows; articles whose coding failed are left
    out (as ``{"failed": ...}``) so that a later run retries them instead of skipping them."""
    from accord import __version__
    from accord.pipeline import code_articles

    out = []
    for coded in code_articles(articles, settings):
        errors = [w for w in coded.warnings if w.startswith("error:")]
        if errors:
            out.append({"failed": [{"id": coded.article.id, "message": errors[0]}]})
        else:
            out.append(article_rows(coded, settings.store, __version__))
    return out


# --- writing -------------------------------------------------------------------------

def write_rows(con, coded: list[dict[str, list[Row]]], replaces: Iterable[str] = ()) -> int:
    """Store the rows of several articles in one transaction, first deleting the articles
    (by sha256) in ``replaces`` and any stored copy of these; returns articles written."""
    coded = [rows for rows in coded if "articles" in rows]
    shas = [rows["articles"][0]["sha256"] for rows in coded]
    doomed = list({*replaces, *shas})
    con.execute("BEGIN TRANSACTION")
    try:
        if doomed:
            for table, key in _ARTICLE_KEYS.items():
                con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [doomed])
        for table in ARTICLE_TABLES:
            rows = [row for article in coded for row in article[table]]
            if rows:
                columns = tuple(rows[0])
                insert_values(con, table, columns, [tuple(row[c] for c in columns) for row in rows])
        _set_state(con, _STALE, "1")
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise StoreError(f"could not store a batch of {len(coded)} article(s): {err}") from err
    return len(coded)


_ARTICLE_KEYS = {"articles": "sha256", **{t: "article_sha256" for t in ARTICLE_TABLES if t != "articles"}}


def _set_state(con, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO store_state VALUES (?, ?)", [key, value])


def links_stale(con) -> bool:
    found = con.execute("SELECT value FROM store_state WHERE key = ?", [_STALE]).fetchall()
    return bool(found) and found[0][0] == "1"


def rebuild_links(con, options: StoreOptions = StoreOptions()) -> tuple[int, int]:
    """Regroup every duplicate and relink every event in one transaction; (groups, linked events)."""
    work = update_links(con, options, full=True)
    return work.groups, work.linked


@dataclass(frozen=True, slots=True)
class LinkWork:
    groups: int  # duplicate groups in the store (more than one article)
    linked: int  # linked events in the store
    regrouped: int  # articles whose group was set or changed
    relinked: int  # linked events recomputed


def update_links(con, options: StoreOptions = StoreOptions(), *, full: bool = False) -> LinkWork:
    """Bring duplicate groups and event links up to date in one transaction: only articles
    not grouped yet and the link partitions their events (or their regrouped neighbours')
    fall in, unless ``full`` or stored articles were deleted since (then everything)."""
    con.execute("BEGIN TRANSACTION")
    try:
        full = full or _deleted_since_linking(con)
        if full:
            con.execute("DELETE FROM article_groups")
        changed = regroup_new_articles(con, options)
        relinked = link_events(con, options, None if full else changed)
        _set_state(con, _STALE, "0")
        work = LinkWork(duplicate_group_count(con), con.execute("SELECT count(*) FROM event_clusters").fetchall()[0][0],
                        len(changed), relinked)
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise StoreError(f"could not update duplicate groups and event links: {err}") from err
    return work


def _deleted_since_linking(con) -> bool:
    """True when a grouped article is gone (replaced by a new version): links must be rebuilt."""
    return bool(con.execute("""SELECT count(*) FROM article_groups g
                               WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.sha256 = g.sha256)""").fetchall()[0][0])


# --- the run -------------------------------------------------------------------------

@dataclass
class _Plan:
    """Which input articles still need coding, batched, and which stored rows they replace."""

    known: dict[str, str]  # stored sha256 -> article id
    ids: dict[str, str]  # stored given article id -> sha256
    report: IngestReport
    progress: object
    made_up_ids: set[str] = field(default_factory=set)  # sha256 of new articles whose id the reader made up

    def batches(self, items: Iterable[Article | InputFailure], size: int) -> Iterator[list[Article]]:
        batch: list[Article] = []
        for item in items:
            if isinstance(item, InputFailure):
                self.report.failures.append(item)
                continue
            self.report.read += 1
            if item.sha256 in self.known:
                self.report.skipped += 1
                self.progress.update(1)
                continue
            self.known[item.sha256] = item.id
            if not item.id_given:
                self.made_up_ids.add(item.sha256)
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def replaced_by(self, rows: list[dict[str, list[Row]]]) -> list[str]:
        """Sha256s of older versions of these articles (same given id, other text), stored or
        earlier in ``rows``. An id made up from a file name (``day:1``, ``index``) names no
        version: two inputs of one name in different folders are two articles."""
        old = []
        for article in (r["articles"][0] for r in rows if "articles" in r):
            if article["sha256"] in self.made_up_ids:
                continue
            previous = self.ids.get(article["article_id"])
            if previous and previous != article["sha256"]:
                old.append(previous)
            self.ids[article["article_id"]] = article["sha256"]
        return old


def _coded_batches(batches: Iterator[list[Article]], settings: Settings, workers: int):
    """Coded batches as they finish; at most two batches per worker are in flight, so the
    reader never runs far ahead of the coders."""
    if workers <= 1:
        for batch in batches:
            yield code_batch(batch, settings)
        return
    # spawn, not fork: the parent holds an open DuckDB connection and its threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: set[Future] = set()
        try:
            for batch in batches:
                # code_batch's loaders are cached per process: each worker loads the model once
                pending.add(pool.submit(code_batch, batch, settings))
                while len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def ingest_paths(con, paths: Iterable[str], settings: Settings = Settings(), *, workers: int = 1,
                 default_date: str | None = None, progress=None) -> IngestReport:
    """Code and store the articles under ``paths``; see the module docstring."""
    started = time.monotonic()
    paths = list(paths)
    progress = progress or NoProgress()
    report = IngestReport()
    stored = con.execute("SELECT sha256, article_id, id_given FROM articles").fetchall()
    # a stored made-up id names no version: an input that repeats it adds an article
    plan = _Plan({sha: article_id for sha, article_id, _ in stored},
                 {article_id: sha for sha, article_id, given in stored if given}, report, progress)
    text_paths = [p for p in paths if not is_parquet_rows(p)]
    for folder in (p for p in paths if is_parquet_rows(p)):
        loaded = load_parquet_rows(con, folder)
        report.read += loaded
        report.stored += loaded
        progress.update(loaded)
    items = read_articles(text_paths, default_date, options=ingest_options(settings))
    for coded in _coded_batches(plan.batches(items, settings.batch_size), settings, workers):
        for failed in (f for rows in coded for f in rows.get("failed", ())):
            report.failures.append(InputFailure(failed["id"], f"{failed['id']}: {failed['message']}"))
        progress.update(len(coded))
        replaced = plan.replaced_by(coded)
        # one id twice in a batch: the later version replaces the earlier, as across batches
        coded = [rows for rows in coded if "articles" not in rows or rows["articles"][0]["sha256"] not in replaced]
        written = write_rows(con, coded, replaced)
        report.stored += written
        report.replaced += len(replaced)
        report.events += sum(len(rows["events"]) for rows in coded if "events" in rows)
        progress.set_postfix(events=report.events, refresh=False)
    if links_stale(con):
        work = update_links(con, settings.store)
        report.duplicate_groups, report.linked_events = work.groups, work.linked
        report.regrouped, report.relinked = work.regrouped, work.relinked
    con.execute("CHECKPOINT")
    report.seconds = time.monotonic() - started
    return report


# --- Parquet rows (from the Spark job) ------------------------------------------------

def _parquet_glob(folder: str | Path, table: str) -> str | None:
    """The read_parquet() argument for a table, as an SQL string literal: one file, or every
    file below ``table/`` (``accord spark`` partitions by ``published=DATE``)."""
    folder = Path(folder)
    if (folder / f"{table}.parquet").is_file():
        return _sql_literal(str(folder / f"{table}.parquet"))
    if (folder / table).is_dir() and any((folder / table).rglob("*.parquet")):
        return _sql_literal(str(folder / table / "**" / "*.parquet"))
    return None


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def is_parquet_rows(path: str) -> bool:
    """A folder of store rows as Parquet: ``articles.parquet`` or ``articles/*.parquet``, and
    the same for the other per-article tables (rows.ARTICLE_TABLES)."""
    return Path(path).is_dir() and _parquet_glob(path, "articles") is not None


def load_parquet_rows(con, folder: str | Path) -> int:
    """Store the rows of a Parquet folder (the layout of ``is_parquet_rows``, the columns of
    rows.py) in one transaction, with the same rules as coding: a stored sha256 is skipped,
    a stored given id with another sha256 is replaced, a made-up id replaces nothing. The
    Spark output keeps every version of an article (one per run that saw it changed); of
    several versions of one given id here, the one of the latest publication date is kept
    (then the greatest sha256, so a reload keeps the same one). Returns the articles added."""
    globs = {table: _parquet_glob(folder, table) for table in ARTICLE_TABLES}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT * FROM read_parquet({globs['articles']}, hive_partitioning = false, union_by_name = true)
            WHERE sha256 NOT IN (SELECT sha256 FROM articles)
            QUALIFY row_number() OVER (PARTITION BY sha256) = 1""")
        if not _has_column(con, "incoming", "id_given"):
            con.execute("ALTER TABLE incoming ADD COLUMN id_given BOOLEAN")
        # rows written before ids were told apart count as given, as stored articles do
        con.execute("UPDATE incoming SET id_given = TRUE WHERE id_given IS NULL")
        con.execute("""DELETE FROM incoming WHERE id_given AND sha256 NOT IN (
            SELECT sha256 FROM incoming WHERE id_given
            QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY date DESC NULLS LAST, sha256 DESC) = 1)""")
        con.execute("""CREATE OR REPLACE TEMP TABLE doomed AS
            SELECT a.sha256 FROM articles a JOIN incoming i ON a.article_id = i.article_id
            WHERE a.id_given AND i.id_given""")
        for table, key in _ARTICLE_KEYS.items():
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT sha256 FROM doomed)")
        con.execute("INSERT INTO articles BY NAME SELECT * EXCLUDE (ingested_at) FROM incoming"
                    if _has_column(con, "incoming", "ingested_at") else
                    "INSERT INTO articles BY NAME SELECT * FROM incoming")
        for table in ARTICLE_TABLES[1:]:
            if globs[table]:
                con.execute(f"""INSERT INTO {table} BY NAME SELECT * FROM read_parquet({globs[table]}, hive_partitioning = false)
                    WHERE article_sha256 IN (SELECT sha256 FROM incoming)""")
        added = con.execute("SELECT count(*) FROM incoming").fetchall()[0][0]
        if added:
            _set_state(con, _STALE, "1")
        con.execute("DROP TABLE incoming")
        con.execute("DROP TABLE doomed")
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise StoreError(f"could not load store rows from {folder}: {err}") from err
    return added


def _has_column(con, table: str, column: str) -> bool:
    return any(row[0] == column for row in con.execute(f"DESCRIBE {table}").fetchall())


def estimate_articles(paths: Iterable[str]) -> int | None:
    """About how many articles ``paths`` hold (JSONL lines, other files, Parquet rows), for a
    progress bar's ETA; None for stdin. Reads the files once, within the reading limits,
    without parsing them; a file that cannot be read counts nothing (ingest names it)."""
    import gzip
    import zlib

    from accord.errors import InputError
    from accord.ingest.jsonl import bounded_lines

    total = 0
    for path in paths:
        location = Path(path)
        if path == "-":
            return None
        if is_parquet_rows(path):
            glob = _parquet_glob(path, "articles")
            total += duckdb.sql(f"SELECT count(*) FROM read_parquet({glob}, hive_partitioning = false)").fetchall()[0][0]
            continue
        files = sorted(location.rglob("*")) if location.is_dir() else [location]
        for file in (f for f in files if f.is_file() and not f.name.startswith(".")):
            name = file.name.lower()
            if name.endswith((".jsonl", ".jsonl.gz")):
                opener = gzip.open if name.endswith(".gz") else open
                counted = 0
                try:
                    with opener(file, "rb") as stream:
                        for _ in bounded_lines(stream, str(file), IngestOptions()):
                            counted += 1
                except (OSError, EOFError, zlib.error, InputError):
                    pass  # a corrupt or oversized file: count what was read
                total += counted
            elif name.endswith((".txt", ".html", ".htm")) or not location.is_dir():
                total += 1
    return total
