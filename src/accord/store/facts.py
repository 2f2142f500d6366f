"""The dashboard's working copy of the store: one connection whose default catalog is the
store file (attached) and whose in-memory catalog holds tables prepared from it:

- ``event_facts``: every event mention joined once with its article, link, cluster and
  Goldstein score, its day (queries.EVENT_DAY) already a DATE;
- ``stance_facts``: every stance with its holder's key and its article's day;
- ``search_text``: each article's title and text lower-cased, for search;
- ``dashboard_summary``, ``dashboard_choices``, ``actor_names``, ``dashboard_overview``:
  the header's counts, the filter forms' choices, every actor's code and name, the home page.

Every dashboard count and chart reads ``event_facts`` through ``matched_events``, so they
share one date and one unit (a linked event, counted once). Joining 50,000 mentions to
their articles by sha256 costs tens of milliseconds a request; reading the prepared table
costs a few. The tables are rebuilt when the app writes (POST /api/articles).
"""

from __future__ import annotations

import duckdb

from accord.store.db import connect
from accord.store.queries import EVENT_DAY, EventColumns, EventFilter, event_where

FACTS = "memory.main.event_facts"
FACT_COLUMNS = EventColumns.of("f")

_BUILD = f"""
CREATE OR REPLACE TABLE {FACTS} AS
SELECT row_number() OVER (ORDER BY {EVENT_DAY} NULLS FIRST, e.article_sha256, e.event_id) AS n,
       dense_rank() OVER (ORDER BY coalesce(l.cluster_id, e.article_sha256 || ':' || e.event_id)) AS event_no,
       {EVENT_DAY} AS day, e.type, e.mode, e.cameo, s.goldstein,
       e.source_code, e.source_name, e.source_text, e.source_sector,
       coalesce(e.source_code, e.source_name) AS source_key,
       e.target_code, e.target_name, e.target_text, e.target_sector,
       coalesce(e.target_code, e.target_name) AS target_key,
       e.issue_key, e.modality, e.date, e.date_precision, e.location_name, e.location_country,
       e.location_lat, e.location_lon, e.speaker_name, e.confidence, e.trigger_text, e.evidence,
       a.title, a.outlet, a.url, a.date AS article_date, e.article_sha256, e.event_id,
       l.cluster_id, c.n_mentions, c.n_articles, c.n_sources, coalesce(c.n_mentions, 1) > 1 AS linked,
       row_number() OVER (PARTITION BY coalesce(l.cluster_id, e.article_sha256 || ':' || e.event_id)
                          ORDER BY {EVENT_DAY} NULLS FIRST, e.article_sha256, e.event_id) = 1 AS first
FROM events e
JOIN articles a ON a.sha256 = e.article_sha256
LEFT JOIN event_links l ON l.article_sha256 = e.article_sha256 AND l.event_id = e.event_id
LEFT JOIN event_clusters c ON c.cluster_id = l.cluster_id
LEFT JOIN memory.main.event_scores s ON s.type = e.type AND s.cameo IS NOT DISTINCT FROM e.cameo
ORDER BY n
"""


def open_dashboard_store(path: str, writable: bool):
    """The store at ``path`` attached (read-only unless ``writable``) to a connection with
    an in-memory catalog, and ``event_facts`` built. ``connect`` checks (and, writable,
    migrates) the file first, with its usual errors. Cursors start in the in-memory catalog:
    give each ``use_store``."""
    connect(path, read_only=not writable).close()
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH ? AS store {'' if writable else '(READ_ONLY)'}", [path])
    use_store(con)
    build_dashboard_tables(con)
    return con


def use_store(con):
    con.execute("USE store")
    return con


def build_dashboard_tables(con) -> None:
    """(Re)build the in-memory tables from the store."""
    from accord.store.stance_views import prepare_stance_facts
    from accord.store.views import prepare_summary_and_choices

    build_event_facts(con)
    prepare_stance_facts(con)
    con.execute("""CREATE OR REPLACE TABLE memory.main.search_text AS
                   SELECT sha256, lower(coalesce(title, '') || ' ' || text) AS haystack FROM articles""")
    prepare_summary_and_choices(con)


def build_event_facts(con) -> None:
    """(Re)build ``event_facts`` and the Goldstein score of each (type, CAMEO code) found."""
    from accord.store.export import event_cameo, goldstein_of

    pairs = con.execute("SELECT DISTINCT type, cameo FROM events").fetchall()
    con.execute("CREATE OR REPLACE TABLE memory.main.event_scores (type VARCHAR, cameo VARCHAR, goldstein DOUBLE)")
    scores = [(kind, cameo, scale[0]) for kind, cameo in pairs
              if (scale := goldstein_of(event_cameo({"type": kind, "cameo": cameo}))) is not None]
    if scores:
        con.executemany("INSERT INTO memory.main.event_scores VALUES (?, ?, ?)", scores)
    con.execute(_BUILD)


def matched_events(flt: EventFilter, mentions: bool = False) -> tuple[str, list]:
    """A subquery of ``event_facts`` rows (alias ``f``) matching ``flt``, one per linked
    event: its first matching mention (by day, then article and id), so a linked event
    counts once wherever it is counted; every matching mention with ``mentions``."""
    where, params = event_where(flt, FACT_COLUMNS)
    if mentions:
        return f"(SELECT * FROM {FACTS} f WHERE {where})", params
    if flt == EventFilter():  # every event: its first mention overall, marked in advance
        return f"(SELECT * FROM {FACTS} f WHERE f.first)", []
    # n orders mentions by day, article and id, so each event's least n is its first mention;
    # grouping by integers keeps this a few milliseconds where a window over strings took hundreds.
    # Most events have one mention and need no grouping at all.
    return (f"(SELECT * FROM {FACTS} f WHERE {where} AND (NOT f.linked OR f.n IN ("
            f"SELECT min(f.n) FROM {FACTS} f WHERE f.linked AND {where} GROUP BY f.event_no)))", params * 2)
