"""Exports of the store to the formats existing tools read.

Events: PLOVER JSONL (the PLOVER manual's field names, one linked event a line),
CSV (every stored column of each mention), Parquet (DuckDB COPY of the same rows) and a
GDELT 2.0-style TSV (the 61 columns of the GDELT event table, no header, one linked event
a row) with CAMEO actor codes, QuadClass and Goldstein scores from data/store/goldstein.tsv.
Every GDELT row carries a CAMEO event code (the event's own, else the most general code
that data/events/cameo_plover.tsv maps to its PLOVER type) and a name for Actor1 (its
canonical name, else its words unless they are a pronoun, else its country's name); an
event that can have neither is left out, and the count says how many were.
Stances: CSV.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date
from typing import IO, Any

import pycountry

from accord import __version__
from accord.actors.coref import PRONOUNS
from accord.errors import DataFileError
from accord.datafiles import packaged_rows
from accord.store.queries import EventFilter, Table, event_rows_sql, stance_rows_sql

GOLDSTEIN_FILE = "store/goldstein.tsv"
EVENT_FORMATS = ("jsonl", "csv", "parquet", "gdelt")
# PLOVER's non-state "country" codes: in GDELT terms a known group, not a country
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# Rows fetched from DuckDB and written out at a time: an export holds one batch in memory,
# whatever the store's size (built whole, 4 concurrent exports of a 5,400-article store
# took the server to 1.7 GB).
EXPORT_BATCH_ROWS = 2000


@functools.lru_cache(maxsize=1)
def load_goldstein() -> dict[str, tuple[float, int]]:
    """CAMEO code -> (Goldstein score, QuadClass)."""
    table = {}
    for line_no, (entry_id, cameo, score, quad) in packaged_rows(GOLDSTEIN_FILE, ("id", "cameo", "goldstein", "quad_class")):
        if entry_id == "id":
            continue
        try:
            table[cameo] = (float(score), int(quad))
        except ValueError as err:
            raise DataFileError(f"{GOLDSTEIN_FILE}:{line_no}: {err}") from err
        if table[cameo][1] not in (1, 2, 3, 4):
            raise DataFileError(f"{GOLDSTEIN_FILE}:{line_no}: quad_class must be 1-4, got {quad}")
    return table


def goldstein_of(cameo: str | None) -> tuple[float, int] | None:
    """The score of the most specific listed prefix of a CAMEO code (1411 -> 141 -> 14)."""
    table = load_goldstein()
    for size in (4, 3, 2):
        if cameo and len(cameo) >= size and cameo[:size] in table:
            return table[cameo[:size]]
    return None


def _first_mentions() -> Callable[[dict], bool]:
    """A test of whether a row is the first mention of its linked event (rows come ordered
    by day) that remembers the events it has seen."""
    seen: set[str] = set()

    def first(row: dict) -> bool:
        key = row["cluster_id"] or f"{row['article_sha256']}:{row['event_id']}"
        if key in seen:
            return False
        seen.add(key)
        return True
    return first


def _plover_entity(row: dict, role: str) -> list[dict]:
    if not row[f"{role}_text"]:
        return []
    return [{"code": row[f"{role}_code"], "sector": row[f"{role}_sector"], "entity_text": row[f"{role}_text"],
             "identifier_text": row[f"{role}_name"], "anonymous": row[f"{role}_anonymous"]}]


def plover_record(row: dict) -> dict[str, Any]:
    """One linked event in the PLOVER JSON layout (PLOVER manual, table "PLOVER JSON")."""
    scale = goldstein_of(row["cameo"])
    location = None
    if row["location_name"]:
        location = {"extracted_place": row["location_text"], "resolved_place": row["location_name"],
                    "geonameid": row["location_geonameid"], "lat": row["location_lat"], "lon": row["location_lon"],
                    "province": row["location_admin1"], "country_code": row["location_country"]}
    return {
        "id": row["cluster_id"] or f"{row['article_sha256']}:{row['event_id']}",
        "date": row["day"],
        "actor": _plover_entity(row, "source"),
        "recipient": _plover_entity(row, "target"),
        "event": [row["type"]],
        "mode": [row["mode"]] if row["mode"] else [],
        "context": list(row["contexts"] or ()),
        "event_loc": location,
        "event_text": [row["trigger_text"]],
        "quad_code": scale[1] if scale else None,
        "event_scale": scale[0] if scale else None,
        "text": row["evidence"],
        "text_info": {"sequence": row["sentence"], "start": row["sentence_start"], "end": row["sentence_end"]},
        "cite_info": {"publication": row["outlet"], "url": row["url"], "title": row["title"],
                      "date": row["article_date"], "article_sha256": row["article_sha256"]},
        "coder": f"accord {__version__}",
        "cameo": row["cameo"],
        "issue": row["issue_key"],
        "modality": row["modality"],
        "date_precision": row["date_precision"],
        "confidence": row["confidence"],
        "n_mentions": row["n_mentions"],
        "n_articles": row["n_articles"],
        "n_sources": row["n_sources"],
    }


GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)


class ExportCount(int):
    """Rows written; ``left_out``: events a format could not carry (GDELT rows need a CAMEO
    event code and a named Actor1)."""

    def __new__(cls, written: int, left_out: int = 0):
        count = super().__new__(cls, written)
        count.left_out = left_out
        return count


@functools.lru_cache(maxsize=1)
def type_cameo() -> dict[str, str]:
    """PLOVER type -> the most general CAMEO code data/events/cameo_plover.tsv maps to it."""
    best: dict[str, str] = {}
    for _, (cameo, plover_type, *_rest) in packaged_rows("events/cameo_plover.tsv",
                                                         ("cameo", "type", "mode", "contexts", "description", "source")):
        if cameo == "cameo" or not plover_type:
            continue
        if plover_type not in best or (len(cameo), cameo) < (len(best[plover_type]), best[plover_type]):
            best[plover_type] = cameo
    return best


def event_cameo(row: dict) -> str:
    """The event's CAMEO code, else its PLOVER type's most general one, else ''."""
    return row["cameo"] or type_cameo().get(row["type"], "")


_PRONOUNS = frozenset(word for words in PRONOUNS.values() for word in words) | {"we", "us", "our", "i", "you"}


def gdelt_name(row: dict, role: str) -> str:
    """An actor's GDELT name: canonical name, else its words unless they are a pronoun, else
    the name of its country code; '' when it has none of these."""
    name, text, code = row[f"{role}_name"], row[f"{role}_text"], row[f"{role}_code"]
    if name:
        return name.upper()
    if text and text.strip().lower() not in _PRONOUNS:
        return text.upper()
    country = pycountry.countries.get(alpha_3=code) if code and len(code) == 3 and code not in NON_STATE else None
    return country.name.upper() if country else ""


def _gdelt_actor(row: dict, role: str) -> list:
    code, sector = row[f"{role}_code"], row[f"{role}_sector"]
    cameo_code = (code or "") + (sector or "") if (code or sector) else ""
    name = gdelt_name(row, role)
    country = code if code and code not in NON_STATE else ""
    group = code if code in NON_STATE else ""
    return [cameo_code, name, country, group, "", "", "", sector or "", "", ""]


def gdelt_row(row: dict) -> list:
    """One linked event as the 61 GDELT 2.0 event columns; unknown fields are empty.
    Country codes are ISO 3166 alpha-3 (GDELT's ActionGeo uses FIPS 10-4)."""
    day = Date.fromisoformat(row["day"]) if row["day"] else None
    cameo = event_cameo(row)
    scale = goldstein_of(cameo)
    key = row["cluster_id"] or f"{row['article_sha256']}:{row['event_id']}"
    geo = ["", "", "", "", "", "", "", ""]
    if row["location_name"]:
        geo_type = 4 if row["location_lat"] is not None and row["location_admin1"] else 1
        geo = [geo_type, row["location_name"], row["location_country"] or "", row["location_admin1"] or "", "",
               row["location_lat"], row["location_lon"], row["location_geonameid"] or ""]
    added = row.get("ingested_at")
    return [
        int(hashlib.sha256(key.encode()).hexdigest()[:13], 16),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", day.year if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_gdelt_actor(row, "source"), *_gdelt_actor(row, "target"),
        1 if row["sentence"] == 0 else 0, cameo, cameo[:3], cameo[:2],
        scale[1] if scale else "", scale[0] if scale else "",
        row["n_mentions"] or 1, row["n_sources"] or 1, row["n_articles"] or 1, "",
        *[""] * 16, *geo,
        added.strftime("%Y%m%d%H%M%S") if added else "", row["url"] or "",
    ]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return "" if value is None else value


def write_csv(table: Table, out: IO[str], delimiter: str = ",") -> int:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return len(table.rows)


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _csv_text(rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


class StreamedExport:
    """An export read from DuckDB a batch of rows at a time, so that no export, however
    large, sits whole in memory. The query runs and its first batch is fetched when this is
    made, so a query error (DuckDB's memory limit) reaches the caller before a byte is
    written; iterating yields the text one batch at a time, and ``written`` and ``left_out``
    count rows as they go; ``csv_header`` puts the column names first. The query holds
    ``con``'s one open result until the iteration ends: give each stream a cursor of its own."""

    def __init__(self, con, sql: str, params: list, render: Callable[[tuple[str, ...], list[tuple]], str],
                 csv_header: bool = False):
        self._result = con.execute(sql, params)
        self.columns = tuple(column[0] for column in self._result.description)
        self._first = self._result.fetchmany(EXPORT_BATCH_ROWS)
        self._render = render
        self._csv_header = csv_header
        self.written = 0
        self.left_out = 0

    def __iter__(self) -> Iterator[str]:
        rows, self._first = self._first, []
        if self._csv_header:
            yield _csv_text([self.columns])
        while rows:
            yield self._render(self.columns, rows)
            rows = self._result.fetchmany(EXPORT_BATCH_ROWS)

    def count(self) -> ExportCount:
        return ExportCount(self.written, self.left_out)


def stream_events(con, fmt: str, flt: EventFilter = EventFilter()) -> StreamedExport:
    """The events matching ``flt`` as ``fmt`` (csv, jsonl or gdelt), streamed."""
    if fmt not in ("csv", "jsonl", "gdelt"):
        raise ValueError(f"unknown streamed event export format {fmt!r}; use csv, jsonl or gdelt")
    sql, params = event_rows_sql(flt)
    first_mention = _first_mentions()

    def render(columns: tuple[str, ...], rows: list[tuple]) -> str:
        if fmt == "csv":
            export.written += len(rows)
            return _csv_text(rows)
        linked = [record for record in (dict(zip(columns, row)) for row in rows) if first_mention(record)]
        if fmt == "jsonl":
            export.written += len(linked)
            return "".join(json.dumps(plover_record(row), ensure_ascii=False, default=str) + "\n" for row in linked)
        kept = [row for row in linked if gdelt_ready(row)]
        export.written += len(kept)
        export.left_out += len(linked) - len(kept)
        # GDELT files have no quoting: whitespace inside a cell becomes one space
        return "".join("\t".join(" ".join(str(_cell(v)).split()) for v in gdelt_row(row)) + "\n" for row in kept)

    export = StreamedExport(con, sql, params, render, csv_header=fmt == "csv")
    return export


def gdelt_ready(row: dict) -> bool:
    """A GDELT row needs a CAMEO event code and a named Actor1."""
    return bool(event_cameo(row) and gdelt_name(row, "source"))


def gdelt_left_out(con, flt: EventFilter = EventFilter()) -> int:
    """How many linked events matching ``flt`` a GDELT export leaves out, counted a batch at
    a time before it is streamed (a response's headers go before its body)."""
    counting = stream_events(con, "gdelt", flt)
    for _ in counting:
        pass
    return counting.left_out


def stream_stances(con, holder: str | None = None, issue: str | None = None) -> StreamedExport:
    """Every stored stance as CSV, oldest first per holder x issue, streamed."""
    def render(columns: tuple[str, ...], rows: list[tuple]) -> str:
        export.written += len(rows)
        return _csv_text(rows)

    export = StreamedExport(con, *stance_rows_sql(holder, issue), render, csv_header=True)
    return export


def export_events(con, fmt: str, out: IO[str] | None = None, path: str | None = None,
                  flt: EventFilter = EventFilter()) -> int:
    """Write the events matching ``flt`` in ``fmt`` (EVENT_FORMATS) to ``out``, a batch of
    rows at a time, or for Parquet to the file ``path``; returns the rows written."""
    if fmt == "parquet":
        sql, params = event_rows_sql(flt)
        # COPY takes no bound parameters: materialise the filtered rows first
        con.execute(f"CREATE OR REPLACE TEMP TABLE export_rows AS {sql}", params)
        con.execute(f"COPY export_rows TO {_sql_literal(path)} (FORMAT parquet)")
        written = con.execute("SELECT count(*) FROM export_rows").fetchall()[0][0]
        con.execute("DROP TABLE export_rows")
        return written
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown event export format {fmt!r}; use one of {EVENT_FORMATS}")
    export = stream_events(con, fmt, flt)
    for chunk in export:
        out.write(chunk)
    return export.count()


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_stances(con, out: IO[str], holder: str | None = None, issue: str | None = None) -> int:
    """Every stored stance as CSV, oldest first per holder x issue, a batch at a time."""
    export = stream_stances(con, holder, issue)
    for chunk in export:
        out.write(chunk)
    return export.written


# What `accord query --format table` shows of each event; csv and jsonl carry every column.
QUERY_TABLE_COLUMNS = ("day", "type", "source_code", "target_code", "issue_key", "modality",
                       "n_mentions", "n_sources", "outlet", "trigger_text", "evidence")


def format_text_table(table: Table, columns: tuple[str, ...] | None = None, width: int = 60) -> str:
    """A plain aligned text table for the terminal; long cells are cut to ``width``."""
    picked = [i for i, name in enumerate(table.columns) if columns is None or name in columns]
    lines = [[table.columns[i] for i in picked]]
    for row in table.rows:
        cells = []
        for i in picked:
            text = " ".join(str(_cell(row[i])).split())
            cells.append(text if len(text) <= width else text[: width - 1] + "…")
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(picked))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines]
    return "\n".join(out) + f"\n({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})\n"


def write_table(table: Table, fmt: str, out: IO[str], text_columns: tuple[str, ...] | None = None) -> int:
    """``table`` as csv, jsonl or an aligned text table (only ``text_columns`` if given)."""
    if fmt == "csv":
        return write_csv(table, out)
    if fmt == "jsonl":
        return write_jsonl(table.records(), out)
    out.write(format_text_table(table, text_columns))
    return len(table.rows)
