"""Read queries behind the dashboard (overview, timeline, network, map, events, articles,
search; the stance matrix is in stance_views).

Every function takes a cursor of the dashboard's connection (``facts.open_dashboard_store``)
and returns plain dicts. Event counts and charts read ``event_facts`` through
``facts.matched_events``: one date (queries.EVENT_DAY), one unit (a linked event, counted
once). Actors are grouped by code: RUS is one row, node and holder whatever name
(Russia, Vladimir Putin) an article gave. Values only ever travel as parameters; the few SQL
fragments composed here are fixed strings chosen by this module, never text from a request.
"""

from __future__ import annotations

import json
from typing import Any

from accord.store.facts import FACTS, matched_events
from accord.store.queries import EventFilter, actor_match, country_labels

EVERYTHING = EventFilter()
BUCKETS = ("day", "week", "month", "year")
_FROM_EVENTS = "FROM events e JOIN articles a ON a.sha256 = e.article_sha256"
NAMES_PER_ACTOR = 6  # names listed behind a code


def fetch_dicts(con, sql: str, params: list | tuple = ()) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def actor_label(key: str | None) -> str | None:
    """A code's country name (RUS -> Russia), else the key itself."""
    return country_labels().get(key, key) if key is not None else None


def prepare_summary_and_choices(con) -> None:
    """The header's counts, the filter forms' choices, every actor's code and name (to tell
    an unknown actor) and the overview, computed once per build of the dashboard's tables
    (facts.build_dashboard_tables): every page needs them."""
    con.execute(f"""
        CREATE OR REPLACE TABLE memory.main.dashboard_summary AS
        SELECT (SELECT count(*) FROM articles) AS articles,
               (SELECT count(*) FILTER (WHERE first) FROM {FACTS}) AS events,
               (SELECT count(*) FROM {FACTS}) AS mentions,
               (SELECT count(*) FROM stances) AS stances,
               (SELECT count(DISTINCT lower(outlet)) FROM articles) AS outlets,
               (SELECT CAST(min(day) AS VARCHAR) FROM {FACTS}) AS first_date,
               (SELECT CAST(max(day) AS VARCHAR) FROM {FACTS}) AS last_date""")
    con.execute(f"""CREATE OR REPLACE TABLE memory.main.actor_names AS
                    SELECT DISTINCT source_code AS code, source_name AS name FROM {FACTS}
                    UNION SELECT DISTINCT target_code, target_name FROM {FACTS}
                    UNION SELECT DISTINCT holder_code, holder_name FROM stances""")
    con.execute("CREATE OR REPLACE TABLE memory.main.dashboard_choices (kind VARCHAR, rank INTEGER, value VARCHAR)")
    for kind, sql in _CHOICES.items():
        con.execute(f"INSERT INTO memory.main.dashboard_choices SELECT '{kind}', row_number() OVER (), value FROM ({sql})")
    con.execute("CREATE OR REPLACE TABLE memory.main.dashboard_overview AS SELECT CAST(? AS VARCHAR) AS payload",
                [json.dumps(compute_overview(con), default=str)])


def store_summary(con) -> dict[str, Any]:
    """Counts and date range for the page header: articles, linked events (the unit every
    page counts), their mentions, stances, outlets and the span of event days."""
    return fetch_dicts(con, "SELECT * FROM memory.main.dashboard_summary")[0]


def _period(bucket: str) -> str:
    if bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {BUCKETS}, not {bucket!r}")
    return f"strftime(date_trunc('{bucket}', f.day), '%Y-%m-%d')"


BUCKET_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}
MAX_PERIODS = 200  # "auto" picks the finest bucket that spans the events in at most this many periods


def timeline(con, flt: EventFilter = EVERYTHING, bucket: str = "auto") -> dict[str, Any]:
    """Linked events per period (keyed by the period's first day) and PLOVER type, with the
    Goldstein scores summed; how many matching events have no day (not plotted); and the
    bucket used ("auto": day, week, month or year, whichever spans the matching days in at
    most MAX_PERIODS periods)."""
    matched, params = matched_events(flt)
    span = fetch_dicts(con, f"""SELECT count(*) FILTER (WHERE f.day IS NULL) AS undated,
                                       datediff('day', min(f.day), max(f.day)) AS days FROM {matched} f""", params)[0]
    if bucket == "auto":
        bucket = next((b for b in BUCKETS if (span["days"] or 0) / BUCKET_DAYS[b] <= MAX_PERIODS), "year")
    rows = fetch_dicts(con, f"""
        SELECT {_period(bucket)} AS period, f.type, count(*) AS n,
               sum(f.goldstein) AS goldstein, count(f.goldstein) AS scored
        FROM {matched} f WHERE f.day IS NOT NULL
        GROUP BY ALL ORDER BY period, f.type""", params)
    return {"rows": rows, "undated": span["undated"], "bucket": bucket}


def actor_known(con, value: str) -> bool:
    """Whether any event (either side) or stance has an actor ``value`` names."""
    clause, params = actor_match("code", "name", value)
    return bool(con.execute(f"SELECT EXISTS (SELECT 1 FROM memory.main.actor_names WHERE {clause})", params)
                .fetchall()[0][0])


def count_events(con, flt: EventFilter = EVERYTHING) -> int:
    matched, params = matched_events(flt)
    return fetch_dicts(con, f"SELECT count(*) AS n FROM {matched} f", params)[0]["n"]


def compute_overview(con, top: int = 10) -> dict[str, Any]:
    """The home page: headline numbers, the last 7 and 30 days before the newest event day
    (the store's "now": an archive's newest day is not today), the busiest actors, issues
    and outlets, and monthly counts and Goldstein intensity."""
    last = fetch_dicts(con, f"SELECT CAST(max(day) AS VARCHAR) AS d FROM {FACTS}")[0]["d"]
    matched, params = matched_events(EVERYTHING)
    windows = []
    for days in (7, 30):
        row = fetch_dicts(con, f"""
            SELECT count(*) AS events, count(*) FILTER (WHERE f.goldstein < 0) AS conflict,
                   count(*) FILTER (WHERE f.goldstein > 0) AS cooperation, round(avg(f.goldstein), 2) AS goldstein,
                   CAST(CAST(? AS DATE) - (? - 1) AS VARCHAR) AS since
            FROM {matched} f WHERE f.day > CAST(? AS DATE) - ?""", [last, days, *params, last, days])[0]
        windows.append(dict(row, days=days, until=last))
    issues = fetch_dicts(con, f"""
        SELECT f.issue_key AS issue, count(*) AS events FROM {matched} f WHERE f.issue_key IS NOT NULL
        GROUP BY ALL ORDER BY events DESC, issue LIMIT ?""", [*params, top])
    outlets = fetch_dicts(con, f"""
        SELECT any_value(f.outlet) AS outlet, count(*) AS events FROM {matched} f WHERE f.outlet IS NOT NULL
        GROUP BY lower(f.outlet) ORDER BY events DESC, outlet LIMIT ?""", [*params, top])
    return {"last_day": last, "windows": windows, "actors": actor_counts(con, EVERYTHING, top, counterparts=3),
            "issues": issues, "outlets": outlets, "trend": timeline(con, EVERYTHING, "month")}


def overview(con) -> dict[str, Any]:
    """``compute_overview`` as prepared with the dashboard's tables (it reads the whole store,
    and the home page is the page everyone opens)."""
    return json.loads(con.execute("SELECT payload FROM memory.main.dashboard_overview").fetchall()[0][0])


def _roles(matched: str) -> str:
    """Each matching event once per side it has an actor on: (actor key, name, sector, role, other)."""
    return f"""
        WITH m AS (SELECT * FROM {matched} f), roles AS (
            SELECT source_key AS actor, source_name AS name, source_sector AS sector, 'source' AS role,
                   target_key AS other, type FROM m WHERE source_key IS NOT NULL
            UNION ALL
            SELECT target_key, target_name, target_sector, 'target', source_key, type FROM m WHERE target_key IS NOT NULL
        )"""


def actor_counts(con, flt: EventFilter = EVERYTHING, limit: int = 100, counterparts: int = 5) -> list[dict[str, Any]]:
    """Actors grouped by code (a name stands alone only when it has none), by events they take
    part in, each with the names behind it, its sectors and its top counterparts."""
    matched, params = matched_events(flt)
    actors = fetch_dicts(con, _roles(matched) + """
        SELECT actor, count(*) AS events, count(*) FILTER (WHERE role = 'source') AS as_source,
               count(*) FILTER (WHERE role = 'target') AS as_target, count(*) OVER () AS actors_in_all
        FROM roles GROUP BY actor ORDER BY events DESC, actor LIMIT ?""", [*params, limit])
    if not actors:
        return []
    keys = [a["actor"] for a in actors]
    names = fetch_dicts(con, _roles(matched) + """
        SELECT actor, name, count(*) AS events FROM roles WHERE actor IN (SELECT unnest(?)) AND name IS NOT NULL
        GROUP BY actor, name QUALIFY row_number() OVER (PARTITION BY actor ORDER BY count(*) DESC, name) <= ?""",
        [*params, keys, NAMES_PER_ACTOR])
    sectors = fetch_dicts(con, _roles(matched) + """
        SELECT actor, sector, count(*) AS events FROM roles WHERE actor IN (SELECT unnest(?)) AND sector IS NOT NULL
        GROUP BY ALL""", [*params, keys])
    pairs = fetch_dicts(con, _roles(matched) + """
        SELECT actor, other, count(*) AS events FROM roles
        WHERE actor IN (SELECT unnest(?)) AND other IS NOT NULL AND other <> actor
        GROUP BY actor, other QUALIFY row_number() OVER (PARTITION BY actor ORDER BY count(*) DESC, other) <= ?""",
        [*params, keys, counterparts])
    listed: dict[str, dict[str, list]] = {key: {"names": [], "sectors": [], "counterparts": []} for key in keys}
    for row in sorted(names, key=lambda r: (-r["events"], r["name"])):
        listed[row["actor"]]["names"].append({"name": row["name"], "events": row["events"]})
    for row in sorted(sectors, key=lambda r: (-r["events"], r["sector"])):
        listed[row["actor"]]["sectors"].append({"sector": row["sector"], "events": row["events"]})
    for row in sorted(pairs, key=lambda r: (-r["events"], r["other"])):
        listed[row["actor"]]["counterparts"].append({"actor": row["other"], "label": actor_label(row["other"]),
                                                      "events": row["events"]})
    return [dict(a, label=actor_label(a["actor"]), **listed[a["actor"]]) for a in actors]


def network_edges(con, flt: EventFilter = EVERYTHING, limit: int = 1200) -> list[dict[str, Any]]:
    """Who acts on whom, actors grouped by code: one row per (source, target, type) with its
    event count and Goldstein sum, largest first."""
    matched, params = matched_events(flt)
    return fetch_dicts(con, f"""
        SELECT f.source_key AS source, f.target_key AS target, f.type, count(*) AS n
        FROM {matched} f
        WHERE f.source_key IS NOT NULL AND f.target_key IS NOT NULL AND f.source_key <> f.target_key
        GROUP BY ALL ORDER BY n DESC, source, target, f.type LIMIT ?""", [*params, limit])


def map_points(con, flt: EventFilter = EVERYTHING, limit: int = 2000) -> list[dict[str, Any]]:
    """Located events grouped by place and type."""
    matched, params = matched_events(flt)
    return fetch_dicts(con, f"""
        SELECT f.location_name AS place, f.location_country AS country,
               round(f.location_lat, 3) AS lat, round(f.location_lon, 3) AS lon, f.type, count(*) AS n
        FROM {matched} f
        WHERE f.location_lat IS NOT NULL AND f.location_lon IS NOT NULL
        GROUP BY ALL ORDER BY n DESC, place LIMIT ?""", [*params, limit])


def find_article(con, ident: str) -> dict[str, Any] | None:
    """An article by sha256 or by its input id (the newest version when ids repeat)."""
    rows = fetch_dicts(con, """
        SELECT sha256, article_id, title, date, outlet, url, language, text, n_events, warnings
        FROM articles WHERE sha256 = ? OR article_id = ?
        ORDER BY (sha256 = ?) DESC, ingested_at DESC LIMIT 1""", [ident, ident, ident])
    return rows[0] if rows else None


def article_spans(con, sha256: str) -> dict[str, list[dict[str, Any]]]:
    """Everything coded in one article, with character offsets into its text."""
    return {
        "events": fetch_dicts(con, """
            SELECT event_id, type, mode, cameo, modality, confidence, rule, date, date_precision, date_text,
                   source_text, source_name, source_code, target_text, target_name, target_code,
                   issue_key, issue_text, location_name, location_country,
                   speaker_text, speaker_name, attribution_cue, attribution_via,
                   trigger_text, trigger_start, trigger_end, sentence_start, sentence_end
            FROM events WHERE article_sha256 = ? ORDER BY trigger_start""", [sha256]),
        "quotes": fetch_dicts(con, """
            SELECT quote_index, text, char_start, char_end, direct, speaker_text, speaker_name, speaker_code,
                   cue_text, via, rule
            FROM quotes WHERE article_sha256 = ? ORDER BY char_start""", [sha256]),
        "sources": fetch_dicts(con, """
            SELECT source_index, text, name, kind, code, sector, char_start, char_end
            FROM sources WHERE article_sha256 = ? ORDER BY char_start NULLS LAST""", [sha256]),
        "actors": fetch_dicts(con, """
            SELECT role, owner, text, char_start, char_end, name, code, sector, anonymous, rule
            FROM actors WHERE article_sha256 = ? AND char_start IS NOT NULL ORDER BY char_start""", [sha256]),
        "stances": fetch_dicts(con, """
            SELECT stance_index, holder_text, holder_name, holder_code, issue, stance, conditions, evidence
            FROM stances WHERE article_sha256 = ? ORDER BY stance_index""", [sha256]),
    }


def event_mentions(con, ref: str) -> list[dict[str, Any]]:
    """Every mention of the linked event that ``ref`` names: a cluster id or any mention's
    ``<article sha256>:<event id>``; an unlinked mention is its own only mention."""
    sha, _, event_id = ref.partition(":")
    return fetch_dicts(con, f"""
        WITH cluster AS (
            SELECT cluster_id FROM event_links WHERE cluster_id = ? OR (article_sha256 = ? AND event_id = ?)
        ), mentions AS (
            SELECT article_sha256, event_id FROM event_links WHERE cluster_id IN (SELECT cluster_id FROM cluster)
            UNION SELECT ?, ?
        )
        SELECT e.*, a.article_id, a.title, a.date AS article_date, a.outlet, a.url
        {_FROM_EVENTS}
        JOIN mentions m ON m.article_sha256 = e.article_sha256 AND m.event_id = e.event_id
        ORDER BY a.date NULLS LAST, a.sha256, e.event_id""", [ref, sha, event_id, sha, event_id])


def search_articles(con, terms: list[str], limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Articles containing every term (case-insensitive, in title or text), most
    occurrences first; returns (total matches, one page with the text for snippets)."""
    terms = [t.lower() for t in terms if t]
    if not terms:
        return 0, []
    haystack = "t.haystack"  # title and text, lower-cased once (facts.build_dashboard_tables)
    matches = " AND ".join([f"contains({haystack}, ?)"] * len(terms))
    hits = " + ".join([f"(length({haystack}) - length(replace({haystack}, ?, ''))) // length(?)"] * len(terms))
    found = fetch_dicts(con, f"""
        SELECT t.sha256, {hits} AS hits, count(*) OVER () AS total FROM memory.main.search_text t WHERE {matches}
        ORDER BY hits DESC, t.sha256 LIMIT ? OFFSET ?""", [*[v for t in terms for v in (t, t)], *terms, limit, offset])
    if not found:
        total = con.execute(f"SELECT count(*) FROM memory.main.search_text t WHERE {matches}", terms).fetchall()[0][0]
        return total, []
    hits = {row["sha256"]: row["hits"] for row in found}
    rows = fetch_dicts(con, """
        SELECT a.sha256, a.article_id, a.title, a.date, a.outlet, a.n_events, a.text FROM articles a
        WHERE a.sha256 IN (SELECT unnest(?))""", [list(hits)])
    rows = sorted((dict(row, hits=hits[row["sha256"]]) for row in rows),
                  key=lambda row: (-row["hits"], -_day_number(row["date"]), row["sha256"]))
    return found[0]["total"], rows


_CHOICES = {  # kind -> the values offered, most frequent first
    "code": f"""SELECT code AS value FROM (SELECT source_code AS code FROM {FACTS} UNION ALL
                                          SELECT target_code FROM {FACTS})
                WHERE code IS NOT NULL GROUP BY code ORDER BY count(*) DESC, code LIMIT 150""",
    "name": f"""SELECT name AS value FROM (SELECT source_name AS name FROM {FACTS} UNION ALL
                                          SELECT target_name FROM {FACTS})
                WHERE name IS NOT NULL GROUP BY name ORDER BY count(*) DESC, name LIMIT 150""",
    "issue": """SELECT issue AS value FROM (SELECT issue_key AS issue FROM events UNION ALL SELECT issue FROM stances)
                WHERE issue IS NOT NULL GROUP BY issue ORDER BY count(*) DESC, issue""",
    "outlet": """SELECT any_value(outlet) AS value FROM articles WHERE outlet IS NOT NULL
                 GROUP BY lower(outlet) ORDER BY count(*) DESC, value LIMIT 200""",
}


def _day_number(day: str | None) -> int:
    """A sort key putting later dates first (and undated last) among equal hit counts."""
    return int(day.replace("-", "")[:8].ljust(8, "0")) if day and day[:4].isdigit() else -1


def filter_choices(con) -> dict[str, list]:
    """Values the filter forms offer: actor codes (with their country names) and the most
    frequent names, issues, countries and outlets."""
    found: dict[str, list[str]] = {kind: [] for kind in _CHOICES}
    for kind, value in con.execute("SELECT kind, value FROM memory.main.dashboard_choices ORDER BY kind, rank").fetchall():
        found[kind].append(value)
    actors = [{"value": code, "label": actor_label(code)} for code in found["code"]]
    actors += [{"value": name, "label": name} for name in found["name"]]
    return {"actors": actors, "issues": found["issue"], "outlets": found["outlet"],
            "countries": [code for code in found["code"] if len(code) == 3 and code in country_labels()]}


# Columns of event_facts a page may be sorted by (spelled into ORDER BY).
EVENT_SORTS = ("day", "type", "source_name", "target_name", "issue_key", "confidence", "outlet", "n_articles",
               "goldstein")
EVENT_FIELDS = """CAST(f.day AS VARCHAR) AS day, f.type, f.mode, f.cameo, f.goldstein,
    f.source_code, f.source_name, f.source_text, f.target_code, f.target_name, f.target_text,
    f.issue_key, f.modality, f.date, f.date_precision, f.location_name, f.location_country,
    f.location_lat, f.location_lon, f.speaker_name, f.confidence, f.trigger_text, f.evidence,
    f.title, f.outlet, f.url, f.article_date, f.article_sha256, f.event_id,
    f.cluster_id, f.n_mentions, f.n_articles, f.n_sources"""


def event_page(con, flt: EventFilter, *, sort: str = "day", descending: bool = True, limit: int = 50,
               offset: int = 0, mentions: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """One page of linked events (each its first matching mention; every mention with
    ``mentions``), sorted and cut in SQL; returns (total, page)."""
    if sort not in EVENT_SORTS:
        raise ValueError(f"cannot sort events by {sort!r}; use one of {EVENT_SORTS}")
    matched, params = matched_events(flt, mentions)
    direction = "DESC" if descending else "ASC"
    # n orders mentions by day, so the day sort is a sort by n; the others break ties by it.
    order = f"f.n {direction}" if sort == "day" else f"f.{sort} {direction} NULLS LAST, f.n DESC"
    # Keys first, then the wide rows of one page: sorting 50,000 evidence sentences to keep 50 is the slow part.
    page = con.execute(f"SELECT f.n, count(*) OVER () FROM {matched} f ORDER BY {order} LIMIT ? OFFSET ?",
                       [*params, limit, offset]).fetchall()
    if not page:
        return fetch_dicts(con, f"SELECT count(*) AS n FROM {matched} f", params)[0]["n"], []
    return page[0][1], fetch_dicts(con, f"SELECT {EVENT_FIELDS} FROM {FACTS} f WHERE f.n IN (SELECT unnest(?)) "
                                        f"ORDER BY {order}", [[n for n, _ in page]])
