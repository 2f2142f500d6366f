"""Named read queries over the store. The CLI, the API and exports call these; no SQL
outside ``store/``.

Results are ``Table``s (column names + row tuples): DuckDB 2 fetches them without pandas.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

import duckdb

from accord.datafiles import packaged_rows
from accord.errors import InputError
from accord.store.options import StoreOptions


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def fetch_table(con, sql: str, params: list | None = None) -> Table:
    result = con.execute(sql, params or [])
    return Table(tuple(column[0] for column in result.description), result.fetchall())


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What `accord query` and the dashboard can ask without SQL. An actor is a code (RUS:
    every actor of that code, Vladimir Putin included), a country's name or alias (Russia,
    the same), or words of a name (Putin, vladimir putin)."""

    actor: str | None = None  # the source
    target: str | None = None
    type: str | None = None  # PLOVER type; several comma-separated
    issue: str | None = None  # issue key (ceasefire)
    since: str | None = None  # YYYY-MM-DD, inclusive, on the event's day (EVENT_DAY)
    until: str | None = None
    country: str | None = None  # the event involves it: source, target or location country
    text: str | None = None  # words in the evidence sentence, case-insensitive
    outlet: str | None = None  # the reporting outlet, any case
    involving: str | None = None  # an actor as source or target (a network node's events)
    place: str | None = None  # the location's name (a map point's events)


# The day an event is placed on, the one date every filter, count and chart uses: the
# event's own date when the text gives its day, else its article's publication day.
EVENT_DAY = ("coalesce(TRY_CAST(CASE WHEN e.date_precision = 'day' THEN e.date END AS DATE), "
             "TRY_CAST(a.date AS DATE))")
EVENT_DAY_MEANING = "an event's day is its own date when the text gives the day, else its article's publication day"


@functools.lru_cache(maxsize=1)
def _countries() -> list[tuple[str, str, list[str]]]:
    """(alpha-3 code, name, aliases) of every country in actors/countries.tsv."""
    return [(code, name, [alias for alias in aliases.split("|") if alias]) for _, (_, code, name, aliases, _)
            in packaged_rows("actors/countries.tsv", ("id", "code", "name", "aliases", "demonyms"))]


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-cased country name, alias or code -> alpha-3 code."""
    return {alias.lower(): code for code, name, aliases in _countries() for alias in (code, name, *aliases)}


@functools.lru_cache(maxsize=1)
def country_labels() -> dict[str, str]:
    """Alpha-3 code -> the country's name."""
    return {code: name for code, name, _ in _countries()}


def actor_codes(value: str) -> list[str]:
    """The codes ``value`` stands for: itself, and the code of a country it names."""
    codes = {value.upper()}
    if (country := country_names().get(value.strip().lower())) is not None:
        codes.add(country)
    return sorted(codes)


def actor_match(code: str, name: str, value: str) -> tuple[str, list]:
    """One actor given as a code, a country name or words of a name, over the columns
    ``code`` and ``name`` (SQL expressions): (clause, parameters)."""
    # Words match whole words: "Putin" finds "Vladimir Putin", not "Putinism".
    return (f"(upper({code}) IN (SELECT unnest(?)) OR contains(' ' || lower({name}) || ' ', ?))",
            [actor_codes(value), f" {value.strip().lower()} "])


@dataclass(frozen=True, slots=True)
class EventColumns:
    """Where a filter finds each field: SQL expressions over the events it filters."""

    day: str = EVENT_DAY
    type: str = "e.type"
    issue: str = "e.issue_key"
    evidence: str = "e.evidence"
    outlet: str = "a.outlet"
    place: str = "e.location_name"
    location_country: str = "e.location_country"
    source_code: str = "e.source_code"
    source_name: str = "e.source_name"
    target_code: str = "e.target_code"
    target_name: str = "e.target_name"

    @classmethod
    def of(cls, alias: str) -> EventColumns:
        """The same columns in one table under ``alias`` (the dashboard's event_facts)."""
        stored = cls()
        return cls(day=f"{alias}.day", **{name: f"{alias}.{getattr(stored, name).split('.')[-1]}"
                                          for name in cls.__slots__ if name != "day"})

    def actor(self, role: str) -> tuple[str, str]:
        return getattr(self, f"{role}_code"), getattr(self, f"{role}_name")


STORED = EventColumns()  # over events e JOIN articles a


def event_where(flt: EventFilter, cols: EventColumns = STORED) -> tuple[str, list]:
    """``flt`` as a WHERE clause and its parameters over the events ``cols`` describes."""
    clauses, params = ["TRUE"], []

    def add(clause: str, *values) -> None:
        clauses.append(clause)
        params.extend(values)

    for role, value in (("source", flt.actor), ("target", flt.target)):
        if value:
            clause, values = actor_match(*cols.actor(role), value)
            add(clause, *values)
    if flt.involving:
        source, source_params = actor_match(*cols.actor("source"), flt.involving)
        target, target_params = actor_match(*cols.actor("target"), flt.involving)
        add(f"({source} OR {target})", *source_params, *target_params)
    if flt.type:
        add(f"{cols.type} IN (SELECT upper(trim(unnest(string_split(?, ',')))))", flt.type)
    if flt.issue:
        add(f"lower({cols.issue}) = lower(?)", flt.issue)
    if flt.since:
        add(f"{cols.day} >= CAST(? AS DATE)", flt.since)
    if flt.until:
        add(f"{cols.day} <= CAST(? AS DATE)", flt.until)
    if flt.country:
        source_code, _ = cols.actor("source")
        target_code, _ = cols.actor("target")
        add(f"upper(?) IN (upper({source_code}), upper({target_code}), upper({cols.location_country}))", flt.country)
    if flt.text:
        # contains(), not LIKE: '%' and '_' in the words are matched as written
        add(f"contains(lower({cols.evidence}), lower(?))", flt.text)
    if flt.outlet:
        add(f"lower({cols.outlet}) = lower(?)", flt.outlet)
    if flt.place:
        add(f"lower({cols.place}) = lower(?)", flt.place)
    return " AND ".join(clauses), params


EVENT_COLUMNS = """
    CAST({day} AS VARCHAR) AS day, e.type, e.mode, e.cameo,
    e.source_code, e.source_name, e.source_text, e.target_code, e.target_name, e.target_text,
    e.issue_key, e.modality, e.date, e.date_precision, e.location_name, e.location_country,
    e.location_lat, e.location_lon, e.speaker_name, e.confidence, e.trigger_text, e.evidence,
    a.title, a.outlet, a.url, a.date AS article_date, e.article_sha256, e.event_id,
    l.cluster_id, c.n_mentions, c.n_articles, c.n_sources
""".format(day=EVENT_DAY)

_EVENT_FROM = """
    FROM events e
    JOIN articles a ON a.sha256 = e.article_sha256
    LEFT JOIN event_links l ON l.article_sha256 = e.article_sha256 AND l.event_id = e.event_id
    LEFT JOIN event_clusters c ON c.cluster_id = l.cluster_id
"""


def find_events(con, flt: EventFilter = EventFilter(), *, mentions: bool = False,
                limit: int | None = None) -> Table:
    """Events matching ``flt``, by day. One row per linked event (its first matching
    mention, with n_mentions/n_sources) unless ``mentions``, which lists every mention."""
    where, params = event_where(flt)
    once = "" if mentions else (
        "QUALIFY row_number() OVER (PARTITION BY coalesce(l.cluster_id, e.article_sha256 || ':' || e.event_id) "
        f"ORDER BY {EVENT_DAY}, e.article_sha256, e.event_id) = 1")
    sql = (f"SELECT {EVENT_COLUMNS} {_EVENT_FROM} WHERE {where} {once} "
           f"ORDER BY day NULLS LAST, e.article_sha256, e.event_id")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return fetch_table(con, sql, params)


def event_rows_sql(flt: EventFilter = EventFilter()) -> tuple[str, list]:
    """Every stored column of each matching event mention plus its article and link fields,
    ordered by day: what exports read (store/export.py, a batch at a time)."""
    where, params = event_where(flt)
    return (f"SELECT e.*, CAST({EVENT_DAY} AS VARCHAR) AS day, a.title, a.outlet, a.url, "
            f"a.date AS article_date, l.cluster_id, c.n_mentions, c.n_articles, c.n_sources "
            f"{_EVENT_FROM} WHERE {where} ORDER BY day NULLS LAST, e.article_sha256, e.event_id", params)


def _stance_filter(holder: str | None, issue: str | None) -> tuple[str, list]:
    """WHERE over ``stances s``: a holder by code or name, an issue key; any case."""
    clauses, params = ["TRUE"], []
    if holder:
        clause, values = actor_match("s.holder_code", "s.holder_name", holder)
        clauses.append(clause)
        params += values
    if issue:
        clauses.append("lower(s.issue) = lower(?)")
        params.append(issue)
    return " AND ".join(clauses), params


def stance_rows_sql(holder: str | None = None, issue: str | None = None) -> tuple[str, list]:
    """Every stored stance with its article's date and outlet, oldest first."""
    where, params = _stance_filter(holder, issue)
    return f"""
        SELECT coalesce(s.holder_name, s.holder_text) AS holder, s.holder_code, s.holder_sector,
               s.issue, s.stance, a.date, a.outlet, a.title, a.url, s.conditions, s.evidence,
               s.article_sha256, s.stance_index
        FROM stances s JOIN articles a ON a.sha256 = s.article_sha256
        WHERE {where}
        ORDER BY holder, s.issue, a.date NULLS FIRST, a.ingested_at, s.article_sha256, s.stance_index""", params


def stance_rows(con, holder: str | None = None, issue: str | None = None) -> Table:
    """``stance_rows_sql``'s rows."""
    return fetch_table(con, *stance_rows_sql(holder, issue))


@dataclass(frozen=True, slots=True)
class StanceHistory:
    """One holder x issue: the latest stance and every stance before it, oldest first."""

    holder: str
    holder_code: str | None
    issue: str
    latest: str
    latest_date: str | None
    history: tuple[tuple[str | None, str, str | None], ...]  # (date, stance, outlet)
    changes: int  # how often the stance differed from the one before


def stance_histories(con, holder: str | None = None, issue: str | None = None) -> list[StanceHistory]:
    """Each holder x issue's latest stance and how it changed over time, from the store."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in stance_rows(con, holder, issue).records():
        grouped.setdefault((row["holder"], row["issue"]), []).append(row)
    out = []
    for (who, about), rows in grouped.items():
        history = tuple((r["date"], r["stance"], r["outlet"]) for r in rows)
        changes = sum(1 for before, after in zip(history, history[1:]) if before[1] != after[1])
        out.append(StanceHistory(who, rows[-1]["holder_code"], about, rows[-1]["stance"], rows[-1]["date"],
                                 history, changes))
    return out


def store_counts(con) -> dict[str, int]:
    """Row counts of the main tables, for summaries and tests."""
    tables = ("articles", "events", "actors", "quotes", "sources", "stances", "event_clusters", "article_groups")
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in tables}


_READ_ONLY_TYPES = {"SELECT", "EXPLAIN"}
# EXPLAIN's head: leading comments, the keyword, ANALYZE or a parenthesised option list
_EXPLAIN_HEAD = re.compile(r"^(?:\s+|--[^\n]*\n|/\*.*?\*/)*EXPLAIN\b\s*(?:ANALY[SZ]E\b|\([^)]*\))?",
                           re.IGNORECASE | re.DOTALL)


def _explained_kind(con, sql: str) -> str | None:
    """The statement type an EXPLAIN wraps (EXPLAIN ANALYZE runs it), None when unreadable."""
    head = _EXPLAIN_HEAD.match(sql)
    if head is None:
        return None
    try:
        inner = con.extract_statements(sql[head.end():])
    except duckdb.Error:
        return None
    return inner[0].type.name if len(inner) == 1 else None


def run_sql(con, sql: str, options: StoreOptions = StoreOptions()) -> tuple[Table, bool]:
    """Run one read-only statement from a user; returns the rows (at most the row cap) and
    whether more were cut off. Writes and other statements are refused before they run;
    the connection should also be read-only and sandboxed (db.connect(sandbox=True))."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as err:
        raise InputError(f"cannot parse the SQL: {err}") from err
    if len(statements) != 1:
        raise InputError(f"give exactly one SQL statement, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in _READ_ONLY_TYPES:
        raise InputError(f"accord sql runs read-only queries (SELECT, WITH ... SELECT, EXPLAIN); {kind} refused")
    if kind == "EXPLAIN" and (inner := _explained_kind(con, sql)) != "SELECT":
        raise InputError(f"accord sql explains only SELECT queries (EXPLAIN ANALYZE runs them); "
                         f"EXPLAIN of {inner or 'an unreadable statement'} refused")
    timer = threading.Timer(options.sql_timeout_s, con.interrupt)
    timer.start()
    try:
        result = con.execute(sql)
        rows = result.fetchmany(options.sql_row_cap + 1)
    except duckdb.InterruptException as err:
        raise InputError(f"query stopped after {options.sql_timeout_s:g}s (sql_timeout_s in [accord.store])") from err
    except duckdb.OutOfMemoryException as err:
        raise InputError(f"query needs more memory than `accord sql` allows ({options.sql_memory_mb} MB, "
                         "sql_memory_mb in [accord.store]); narrow it") from err
    except duckdb.Error as err:
        raise InputError(f"query failed: {err}") from err
    finally:
        timer.cancel()
    columns = tuple(column[0] for column in result.description)
    return Table(columns, rows[: options.sql_row_cap]), len(rows) > options.sql_row_cap



def dated_stances(con, holder: str | None = None, issue: str | None = None) -> list:
    """Every stored stance as a ``stance.matrix.DatedStance`` (with its article's id and
    date), the input of `accord stances --db`."""
    from accord.model import Actor, Stance
    from accord.stance.matrix import DatedStance

    where, params = _stance_filter(holder, issue)
    table = fetch_table(con, f"""
        SELECT s.holder_text, s.holder_name, s.holder_code, s.holder_sector, s.holder_anonymous,
               s.issue, s.stance, s.evidence, s.conditions, a.article_id, a.date
        FROM stances s JOIN articles a ON a.sha256 = s.article_sha256
        WHERE {where}
        ORDER BY a.date NULLS FIRST, a.article_id, s.stance_index""", params)
    return [DatedStance(Stance(Actor(text, None, None, name, code, sector, bool(anonymous)), about, value,
                               tuple(evidence), tuple(conditions)), article_id, day)
            for text, name, code, sector, anonymous, about, value, evidence, conditions, article_id, day in table.rows]
