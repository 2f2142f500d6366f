"""Connections to the store and its schema migrations.

One writer at a time (DuckDB locks the file); readers get read-only connections.
``schema.sql`` holds numbered migration blocks; a writable open applies the ones the
file has not seen, each in its own transaction, and records them in ``schema_version``.
"""

from __future__ import annotations

import logging
import os
import re
from importlib import resources
from pathlib import Path

import duckdb

from accord.errors import StoreError

log = logging.getLogger(__name__)

DEFAULT_PATH = "accord.duckdb"
ENV_VAR = "ACCORD_DB"
_BLOCK = re.compile(r"^-- migration (\d+): (.*)$", re.MULTILINE)
# Readers that run user SQL may touch nothing but the store file.
_SANDBOX = {"enable_external_access": False, "lock_configuration": True}
_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def store_path(path: str | os.PathLike | None = None) -> str:
    """The store to use: ``path``, else $ACCORD_DB, else ./accord.duckdb."""
    return str(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def migrations() -> list[tuple[int, str, str]]:
    """(version, description, sql) for every block of schema.sql, in order."""
    text = resources.files("accord.store").joinpath("schema.sql").read_text(encoding="utf-8")
    found = list(_BLOCK.finditer(text))
    blocks = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        blocks.append((int(match.group(1)), match.group(2).strip(), text[match.end():end]))
    versions = [version for version, _, _ in blocks]
    if versions != list(range(1, len(blocks) + 1)):
        raise StoreError(f"schema.sql: migrations must be numbered 1, 2, 3 ... in order, found {versions}")
    return blocks


LATEST_VERSION = len(migrations())


def schema_version(con) -> int:
    """The highest migration applied to this store, 0 for an empty file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def migrate(con) -> int:
    """Apply the migrations this store lacks; returns the version it ends at."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)")
    current = schema_version(con)
    if current > LATEST_VERSION:
        raise StoreError(f"store has schema version {current}, newer than this accord knows ({LATEST_VERSION}); "
                         "upgrade accord")
    for version, description, sql in migrations()[current:]:
        log.info("store: applying migration %d (%s)", version, description)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [version, description])
            con.execute("COMMIT")
        except duckdb.Error as err:
            con.execute("ROLLBACK")
            raise StoreError(f"store migration {version} ({description}) failed: {err}") from err
    return LATEST_VERSION


def _not_duckdb(where: str) -> bool:
    """True when ``where`` is a non-empty file that does not start like a DuckDB database."""
    try:
        with open(where, "rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return bool(head) and head[8:12] != _MAGIC


def _check_store_path(where: str, read_only: bool) -> None:
    """StoreError for paths DuckDB would misreport: one that is not UTF-8 (a file name with
    undecodable bytes; DuckDB fails with ``std::bad_cast``), and a new store in a folder that
    does not exist (it says only "cannot open file")."""
    try:
        where.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(f"store path {where!r} is not valid UTF-8, which DuckDB needs; "
                         "rename the file or folder") from None
    folder = Path(where).parent
    if not read_only and not Path(where).exists() and not folder.is_dir():
        raise StoreError(f"cannot create store {where}: folder {folder} does not exist; create it first")


def connect(path: str | os.PathLike | None = None, *, read_only: bool = False, sandbox: bool = False,
            memory_limit: str | None = None):
    """A connection to the store. Writable opens create the file and migrate it; read-only
    opens need an existing, current store. ``sandbox`` also shuts off file access for user SQL;
    ``memory_limit`` (DuckDB's, e.g. "1GB") caps what its queries may allocate."""
    where = store_path(path)
    _check_store_path(where, read_only)
    if read_only and not Path(where).exists():
        raise StoreError(f"no store at {where}; create one with `accord ingest FILES --db {where}`")
    if _not_duckdb(where):
        raise StoreError(f"{where} is not a DuckDB file, so not an accord store; "
                         "give --db the path of a store made by `accord ingest`, or a new file name")
    config = dict(_SANDBOX) if sandbox else {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        con = duckdb.connect(where, read_only=read_only, config=config)
    except duckdb.IOException as err:
        if "not a valid DuckDB database" in str(err):
            raise StoreError(f"{where} is not a DuckDB file, so not an accord store; give --db the path of "
                             "a store made by `accord ingest`") from err
        raise StoreError(f"cannot open store {where}: {err}; another accord may be writing to it") from err
    except duckdb.Error as err:
        raise StoreError(f"cannot open store {where}: {err}; is it a DuckDB file made by accord?") from err
    if read_only:
        version = schema_version(con)
        if version != LATEST_VERSION:
            con.close()
            raise StoreError(f"store {where} has schema version {version}, this accord needs {LATEST_VERSION}; "
                             "run `accord ingest` on it once to migrate")
    else:
        migrate(con)
    return con


def cap_address_space(extra_mb: int) -> None:
    """Let this process grow by at most ``extra_mb`` MB of address space (Linux; elsewhere a
    no-op). DuckDB's memory_limit does not see every allocation (a ``list(range(...))``
    grows past it), so a process running user SQL also gets this OS cap: an allocation
    past it fails as an OutOfMemoryException instead of taking the machine's memory."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (ImportError, OSError, StopIteration, ValueError):
        return
    soft, hard = size_kb * 1024 + extra_mb * 1024 * 1024, resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def insert_values(con, table: str, columns: tuple[str, ...], rows: list[tuple], chunk: int = 500) -> None:
    """Insert tuples with multi-row VALUES statements: far faster in DuckDB than executemany."""
    names = ", ".join(f'"{c}"' for c in columns)
    holes = "(" + ", ".join("?" * len(columns)) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        con.execute(f"INSERT INTO {table} ({names}) VALUES " + ", ".join([holes] * len(part)),
                    [value for row in part for value in row])


def check_integrity(con) -> list[str]:
    """Problems found by reading every table in full (DuckDB checksums each block it reads)
    and checking the store's own invariants; an empty list means the store is sound."""
    problems = []
    for table in ("articles", "events", "actors", "quotes", "sources", "stances",
                  "article_groups", "event_links", "event_clusters"):
        con.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {table}").fetchall()
    duplicated = con.execute("SELECT count(*) FROM (SELECT sha256 FROM articles GROUP BY sha256 HAVING count(*) > 1)")
    if (n := duplicated.fetchall()[0][0]):
        problems.append(f"{n} article(s) stored more than once")
    same_id = con.execute("SELECT count(*) FROM (SELECT article_id FROM articles GROUP BY article_id HAVING count(*) > 1)")
    if (n := same_id.fetchall()[0][0]):
        problems.append(f"{n} article id(s) with several versions stored")
    for table in ("events", "actors", "quotes", "sources", "stances"):
        orphans = con.execute(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                              "(SELECT 1 FROM articles a WHERE a.sha256 = t.article_sha256)").fetchall()[0][0]
        if orphans:
            problems.append(f"{orphans} {table} row(s) belong to no stored article")
    miscounted = con.execute("""
        SELECT count(*) FROM articles a
        WHERE a.n_events <> (SELECT count(*) FROM events e WHERE e.article_sha256 = a.sha256)""").fetchall()[0][0]
    if miscounted:
        problems.append(f"{miscounted} article(s) whose stored events are not all there")
    return problems
