"""Copies of a store's rows, for benchmarks that need a large store cheaply: every stored
article's rows copied (clones - 1) times under new sha256s and ids, MinHash signatures
rehashed per copy (so copies are not duplicates of each other), optionally each copy k moved
k years back (article and event dates, at their own precision), then duplicate groups and
event links rebuilt over the whole store. Used by ingest_growth.py and dashboard_store.py."""

from __future__ import annotations

from pathlib import Path

TABLES = ("events", "actors", "quotes", "sources", "stances")
# A date at any precision (YYYY, YYYY-MM, YYYY-MM-DD) moved back $k years, same precision.
SHIFTED = """CASE WHEN {c} IS NULL OR NOT regexp_full_match({c}, '\\d{{4}}(-\\d{{2}}(-\\d{{2}})?)?') THEN {c}
                  WHEN length({c}) = 10 THEN strftime(CAST({c} AS DATE) - to_years(CAST($k AS INTEGER)), '%Y-%m-%d')
                  ELSE lpad(CAST(CAST(substr({c}, 1, 4) AS INTEGER) - $k AS VARCHAR), 4, '0') || substr({c}, 5) END"""


def clone_rows(db: Path, clones: int, years_back: bool = False) -> dict:
    """Copy every stored article's rows ``clones - 1`` times; the store's article and event counts."""
    from accord.store import open_store
    from accord.store.write import rebuild_links

    moved = f", {SHIFTED.format(c='date')} AS date" if years_back else ""
    con = open_store(db)
    try:
        con.execute("CREATE TEMP TABLE base AS SELECT sha256 FROM articles")
        for k in range(1, clones):
            con.execute("BEGIN TRANSACTION")
            con.execute(f"""INSERT INTO articles SELECT * REPLACE (sha256(sha256 || ':' || $k) AS sha256,
                               article_id || '#' || $k AS article_id,
                               list_transform(minhash, lambda x: hash(x, $k)) AS minhash {moved})
                            FROM articles WHERE sha256 IN (SELECT sha256 FROM base)""", {"k": k})
            for table in TABLES:
                dated = moved if table == "events" else ""
                con.execute(f"""INSERT INTO {table} SELECT * REPLACE (sha256(article_sha256 || ':' || $k) AS article_sha256
                                {dated}) FROM {table} WHERE article_sha256 IN (SELECT sha256 FROM base)""", {"k": k})
            con.execute("COMMIT")
        rebuild_links(con)
        con.execute("CHECKPOINT")
        articles, events = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchall()[0]
        return {"articles": articles, "events": events}
    finally:
        con.close()
