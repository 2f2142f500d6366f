"""Read queries behind the dashboard (timeline, network, map, stances, articles, search).

Every function takes a connection (the web app passes a cursor of its one connection)
and returns plain dicts. Values only ever travel as parameters; the few SQL fragments
composed here are fixed strings chosen by this module, never text from a request.
Filters over events come from ``queries`` as a ``(where_sql, params)`` pair over
``events e JOIN articles a``.
"""

from __future__ import annotations

from typing import Any

from accord.store.queries import event_where

Where = tuple[str, list]
EVERYTHING: Where = ("TRUE", [])
BUCKETS = {"day": 10, "month": 7, "year": 4}  # period -> characters of an ISO date kept
EVENT_DATE = "CASE WHEN length(e.date) >= ? THEN e.date ELSE a.date END"  # the event's date at bucket precision, else the report's
ACTOR_KEY = "coalesce({p}_name, {p}_code)"  # one actor across articles: its canonical name, else its code
_FROM_EVENTS = "FROM events e JOIN articles a ON a.sha256 = e.article_sha256"


def fetch_dicts(con, sql: str, params: list | tuple = ()) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def store_summary(con) -> dict[str, Any]:
    """Counts and date range for the page header."""
    row = fetch_dicts(con, """
        SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM events) AS events,
               (SELECT count(*) FROM stances) AS stances,
               (SELECT min(date) FROM articles) AS first_date, (SELECT max(date) FROM articles) AS last_date""")
    return row[0]


def timeline(con, where: Where = EVERYTHING, bucket: str = "month") -> list[dict[str, Any]]:
    """Event counts per period and PLOVER type; undated events are left out."""
    width = BUCKETS[bucket]
    clause, params = where
    return fetch_dicts(con, f"""
        SELECT substr({EVENT_DATE}, 1, ?) AS period, e.type, count(*) AS n
        {_FROM_EVENTS}
        WHERE ({clause}) AND length({EVENT_DATE}) >= ?
        GROUP BY ALL ORDER BY period, e.type""", [width, width, *params, width, width])


def actor_counts(con, where: Where = EVERYTHING, limit: int = 100, counterparts: int = 5) -> list[dict[str, Any]]:
    """Actors by events they take part in (as source or target), each with its top counterparts."""
    clause, params = where
    roles = f"""
        WITH roles AS (
            SELECT {ACTOR_KEY.format(p='e.source')} AS actor, e.source_code AS code, 'source' AS role,
                   {ACTOR_KEY.format(p='e.target')} AS other, e.type
            {_FROM_EVENTS} WHERE ({clause})
            UNION ALL
            SELECT {ACTOR_KEY.format(p='e.target')}, e.target_code, 'target',
                   {ACTOR_KEY.format(p='e.source')}, e.type
            {_FROM_EVENTS} WHERE ({clause})
        )"""
    actors = fetch_dicts(con, roles + """
        SELECT actor, any_value(code) AS code, count(*) AS events,
               count(*) FILTER (WHERE role = 'source') AS as_source,
               count(*) FILTER (WHERE role = 'target') AS as_target
        FROM roles WHERE actor IS NOT NULL
        GROUP BY actor ORDER BY events DESC, actor LIMIT ?""", [*params, *params, limit])
    if not actors:
        return []
    pairs = fetch_dicts(con, roles + """
        SELECT actor, other, count(*) AS events FROM roles
        WHERE actor IN (SELECT unnest(?)) AND other IS NOT NULL AND other <> actor
        GROUP BY actor, other QUALIFY row_number() OVER (PARTITION BY actor ORDER BY count(*) DESC, other) <= ?""",
        [*params, *params, [a["actor"] for a in actors], counterparts])
    by_actor: dict[str, list] = {}
    for pair in sorted(pairs, key=lambda p: (-p["events"], p["other"])):
        by_actor.setdefault(pair["actor"], []).append({"actor": pair["other"], "events": pair["events"]})
    return [dict(a, counterparts=by_actor.get(a["actor"], [])) for a in actors]


def network_edges(con, where: Where = EVERYTHING, limit: int = 300) -> list[dict[str, Any]]:
    """Who acts on whom: one row per (source, target, type) with its event count, largest first."""
    clause, params = where
    source, target = ACTOR_KEY.format(p="e.source"), ACTOR_KEY.format(p="e.target")
    return fetch_dicts(con, f"""
        SELECT {source} AS source, {target} AS target, e.type, count(*) AS n
        {_FROM_EVENTS}
        WHERE ({clause}) AND {source} IS NOT NULL AND {target} IS NOT NULL AND {source} <> {target}
        GROUP BY ALL ORDER BY n DESC, source, target, e.type LIMIT ?""", [*params, limit])


def map_points(con, where: Where = EVERYTHING, limit: int = 2000) -> list[dict[str, Any]]:
    """Located events grouped by place and type."""
    clause, params = where
    return fetch_dicts(con, f"""
        SELECT e.location_name AS place, e.location_country AS country,
               round(e.location_lat, 3) AS lat, round(e.location_lon, 3) AS lon, e.type, count(*) AS n
        {_FROM_EVENTS}
        WHERE ({clause}) AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL
        GROUP BY ALL ORDER BY n DESC, place LIMIT ?""", [*params, limit])


def _stance_where(holder: str | None, issue: str | None, start: str | None, end: str | None) -> Where:
    clauses, params = [f"{ACTOR_KEY.format(p='s.holder')} IS NOT NULL"], []
    for value, clause in ((holder, f"{ACTOR_KEY.format(p='s.holder')} = ?"), (issue, "s.issue = ?"),
                          (start, "a.date >= ?"), (end, "a.date <= ?")):
        if value:
            clauses.append(clause)
            params.append(value)
    return " AND ".join(clauses), params


def stance_matrix(con, *, holder: str | None = None, issue: str | None = None, start: str | None = None,
                  end: str | None = None, min_articles: int = 1, limit: int = 40) -> list[dict[str, Any]]:
    """Holder x issue cells: how many articles give each stance. Holders are the ``limit``
    with most stances; a cell needs ``min_articles``."""
    clause, params = _stance_where(holder, issue, start, end)
    return fetch_dicts(con, f"""
        WITH cells AS (
            SELECT {ACTOR_KEY.format(p='s.holder')} AS holder, any_value(s.holder_code) AS code, s.issue,
                   count(*) FILTER (WHERE s.stance = 'support') AS support,
                   count(*) FILTER (WHERE s.stance = 'oppose') AS oppose,
                   count(*) FILTER (WHERE s.stance = 'conditional') AS conditional,
                   count(*) AS n
            FROM stances s JOIN articles a ON a.sha256 = s.article_sha256
            WHERE {clause} GROUP BY ALL HAVING count(*) >= ?
        ), top AS (
            SELECT holder FROM cells GROUP BY holder ORDER BY sum(n) DESC, holder LIMIT ?
        )
        SELECT cells.* FROM cells JOIN top USING (holder) ORDER BY holder, issue""",
        [*params, min_articles, limit])


def stance_series(con, issue: str, *, holders: list[str] | None = None, bucket: str = "month",
                  limit_holders: int = 8) -> list[dict[str, Any]]:
    """One issue over time per holder: stances per period (the reporting article's date)."""
    width = BUCKETS[bucket]
    clause, params = _stance_where(None, issue, None, None)
    key = ACTOR_KEY.format(p="s.holder")
    chosen = "AND holder IN (SELECT unnest(?))" if holders else ""
    return fetch_dicts(con, f"""
        WITH rows AS (
            SELECT {key} AS holder, substr(a.date, 1, ?) AS period, s.stance
            FROM stances s JOIN articles a ON a.sha256 = s.article_sha256
            WHERE {clause} AND length(a.date) >= ?
        ), top AS (
            SELECT holder FROM rows WHERE TRUE {chosen} GROUP BY holder ORDER BY count(*) DESC, holder LIMIT ?
        )
        SELECT holder, period, stance, count(*) AS n FROM rows JOIN top USING (holder)
        GROUP BY ALL ORDER BY holder, period, stance""",
        [width, *params, width, *([holders] if holders else []), limit_holders])


def stance_evidence(con, holder: str, issue: str, limit: int = 50) -> list[dict[str, Any]]:
    """The articles behind one matrix cell, each stance with the events it summarises."""
    clause, params = _stance_where(holder, issue, None, None)
    rows = fetch_dicts(con, f"""
        SELECT s.article_sha256 AS sha256, a.article_id, a.title, a.date, a.outlet, s.stance_index,
               s.holder_text, s.stance, s.conditions, s.evidence
        FROM stances s JOIN articles a ON a.sha256 = s.article_sha256
        WHERE {clause} ORDER BY a.date DESC NULLS LAST, a.sha256 LIMIT ?""", [*params, limit])
    if not rows:
        return []
    events = fetch_dicts(con, """
        SELECT e.article_sha256 AS sha256, e.event_id, e.type, e.modality, e.trigger_text, e.evidence,
               e.date, e.rule, e.speaker_name, e.attribution_via
        FROM events e WHERE e.article_sha256 IN (SELECT unnest(?)) ORDER BY e.sentence""",
        [sorted({r["sha256"] for r in rows})])
    by_key = {(e["sha256"], e["event_id"]): e for e in events}
    return [dict(r, events=[by_key[(r["sha256"], i)] for i in r["evidence"] if (r["sha256"], i) in by_key])
            for r in rows]


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
    haystack = "lower(coalesce(a.title, '') || ' ' || a.text)"
    matches = " AND ".join([f"contains({haystack}, ?)"] * len(terms))
    hits = " + ".join([f"(length({haystack}) - length(replace({haystack}, ?, ''))) // length(?)"] * len(terms))
    total = con.execute(f"SELECT count(*) FROM articles a WHERE {matches}", terms).fetchall()[0][0]
    rows = fetch_dicts(con, f"""
        SELECT a.sha256, a.article_id, a.title, a.date, a.outlet, a.n_events, a.text, {hits} AS hits
        FROM articles a WHERE {matches}
        ORDER BY hits DESC, a.date DESC NULLS LAST, a.sha256 LIMIT ? OFFSET ?""",
        [*[v for t in terms for v in (t, t)], *terms, limit, offset])
    return total, rows


def filter_choices(con) -> dict[str, list[str]]:
    """Values the filter forms offer: the most frequent actors, issues and countries."""
    actors = fetch_dicts(con, """
        SELECT actor FROM (SELECT coalesce(source_name, source_code) AS actor FROM events
                           UNION ALL SELECT coalesce(target_name, target_code) FROM events)
        WHERE actor IS NOT NULL GROUP BY actor ORDER BY count(*) DESC, actor LIMIT 200""")
    issues = fetch_dicts(con, """
        SELECT issue FROM (SELECT issue_key AS issue FROM events UNION ALL SELECT issue FROM stances)
        WHERE issue IS NOT NULL GROUP BY issue ORDER BY count(*) DESC, issue""")
    countries = fetch_dicts(con, """
        SELECT code FROM (SELECT source_code AS code FROM events UNION ALL SELECT target_code FROM events
                          UNION ALL SELECT location_country FROM events)
        WHERE code IS NOT NULL AND length(code) = 3 GROUP BY code ORDER BY count(*) DESC, code LIMIT 200""")
    return {"actors": [r["actor"] for r in actors], "issues": [r["issue"] for r in issues],
            "countries": [r["code"] for r in countries]}


# Output columns of queries.find_events a page may be sorted by (spelled into ORDER BY).
EVENT_SORTS = ("day", "type", "source_name", "target_name", "issue_key", "confidence", "outlet", "n_articles")


def event_page(con, flt, *, sort: str = "day", descending: bool = False, limit: int = 50, offset: int = 0,
               mentions: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """One page of ``queries.find_events`` (same filter, columns and one row per linked event
    unless ``mentions``), sorted and cut in SQL; returns (total rows, page)."""
    from accord.store.queries import _EVENT_FROM, EVENT_COLUMNS, EVENT_DAY

    if sort not in EVENT_SORTS:
        raise ValueError(f"cannot sort events by {sort!r}; use one of {EVENT_SORTS}")
    clause, params = event_where(flt)
    once = "" if mentions else (
        "QUALIFY row_number() OVER (PARTITION BY coalesce(l.cluster_id, e.article_sha256 || ':' || e.event_id) "
        f"ORDER BY {EVENT_DAY}, e.article_sha256, e.event_id) = 1")
    direction = "DESC" if descending else "ASC"
    rows = fetch_dicts(con, f"""
        SELECT *, count(*) OVER () AS total_rows FROM (
            SELECT {EVENT_COLUMNS} {_EVENT_FROM} WHERE {clause} {once}
        ) ORDER BY {sort} {direction} NULLS LAST, day NULLS LAST, article_sha256, event_id
        LIMIT ? OFFSET ?""", [*params, limit, offset])
    if rows:
        return rows[0]["total_rows"], [{k: v for k, v in r.items() if k != "total_rows"} for r in rows]
    total = fetch_dicts(con, f"SELECT count(*) AS n FROM (SELECT e.event_id {_EVENT_FROM} WHERE {clause} {once})",
                        params)[0]["n"] if offset else 0
    return total, []
