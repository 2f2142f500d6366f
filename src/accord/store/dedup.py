"""Near-duplicate articles and linked events.

Wire copies republished by several outlets are grouped by MinHash/LSH over word
shingles (``group_duplicates``). Event mentions are linked into one event when they
share type, source, target and issue and their dates fall within a window
(``link_events``): across the whole store when the event is specific (source code,
plus a target code or an issue, and a day), otherwise only inside one duplicate group,
so that two unrelated stories' "someone accused someone" never merge.

Both work incrementally (``update_links``): only articles without a group yet are
grouped, by LSH bands computed in SQL and joined against the store, and only the link
partitions (scope, type, source, target, issue) that hold their events, or events of
articles whose group changed, are relinked. The result is the same as a full rebuild
(``full=True``), which also runs whenever stored articles were deleted (replaced).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from accord.store.db import insert_values
from accord.store.options import StoreOptions
from accord.store.queries import EVENT_DAY

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_MIN_SHINGLES = 3  # shorter texts carry too little to call anything a copy
# Stored signatures are only comparable under one permutation scheme; never change it
# without a migration that recomputes articles.minhash.
_SCHEME = "affine32"


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    return MinHash(num_perm=num_perm, scheme=_SCHEME).permutations


def minhash_signature(text: str, options: StoreOptions = StoreOptions()) -> list[int] | None:
    """MinHash of the text's lower-cased word shingles, or None for texts too short to compare."""
    words = _WORD.findall(text.lower())
    size = options.shingle_words
    shingles = {" ".join(words[i:i + size]).encode("utf-8") for i in range(max(len(words) - size + 1, 0))}
    if len(shingles) < _MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=options.minhash_perm, permutations=_permutations(options.minhash_perm), scheme=_SCHEME)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.tolist()


def lsh_bands(options: StoreOptions = StoreOptions()) -> tuple[int, int]:
    """(bands, rows per band) of the LSH index ``find_groups`` uses for these options."""
    lsh = MinHashLSH(threshold=options.duplicate_threshold, num_perm=options.minhash_perm)
    return lsh.b, lsh.r


def duplicate_group_count(con) -> int:
    return con.execute("SELECT count(*) FROM (SELECT group_id FROM article_groups GROUP BY group_id "
                       "HAVING count(*) > 1)").fetchall()[0][0]


def regroup_new_articles(con, options: StoreOptions = StoreOptions()) -> list[str]:
    """Give every article without a row in ``article_groups`` its group, merging groups it
    joins; returns the sha256s whose group is new or changed. Candidates are the stored
    articles sharing an LSH band (as MinHashLSH would find them), kept when their estimated
    Jaccard similarity clears the bar; a group's id is its earliest member (ingested_at,
    sha256), as ``find_groups`` gives. Runs inside the caller's transaction."""
    bands, rows = lsh_bands(options)
    con.execute("""CREATE OR REPLACE TEMP TABLE pending AS
        SELECT a.sha256, a.ingested_at, a.minhash FROM articles a
        WHERE NOT EXISTS (SELECT 1 FROM article_groups g WHERE g.sha256 = a.sha256)""")
    pending = con.execute("SELECT sha256, ingested_at, minhash FROM pending ORDER BY ingested_at, sha256").fetchall()
    if not pending:
        con.execute("DROP TABLE pending")
        return []
    pairs = con.execute(f"""
        WITH banded AS (
            SELECT a.sha256, t.band, hash(list_slice(a.minhash, t.band * {rows} + 1, t.band * {rows} + {rows})) AS h
            FROM articles a, range({bands}) t(band) WHERE len(a.minhash) = ?
        )
        SELECT DISTINCT p.sha256, o.sha256
        FROM banded p JOIN banded o ON o.band = p.band AND o.h = p.h AND o.sha256 <> p.sha256
        WHERE p.sha256 IN (SELECT sha256 FROM pending)""", [options.minhash_perm]).fetchall()
    others = sorted({other for _, other in pairs})
    known = {sha: (at, np.asarray(values, dtype=np.uint64)) for sha, at, values in con.execute(
        "SELECT sha256, ingested_at, minhash FROM articles WHERE sha256 IN (SELECT unnest(?))", [others]).fetchall()}
    known.update({sha: (at, np.asarray(values or (), dtype=np.uint64)) for sha, at, values in pending})
    group_of = dict(con.execute("SELECT sha256, group_id FROM article_groups WHERE sha256 IN (SELECT unnest(?))",
                                [others]).fetchall())
    roots = sorted({g for g in group_of.values()} - set(known))
    known.update({sha: (at, None) for sha, at in con.execute(
        "SELECT sha256, ingested_at FROM articles WHERE sha256 IN (SELECT unnest(?))", [roots]).fetchall()})
    order = {sha: (at, sha) for sha, (at, _) in known.items()}
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for sha, other in pairs:
        mine, theirs = known[sha][1], known[other][1]
        if len(mine) != options.minhash_perm or np.mean(mine == theirs) < options.duplicate_threshold:
            continue
        first, second = sorted((root(group_of.get(sha, sha)), root(group_of.get(other, other))),
                               key=lambda node: order.get(node, (None, node)))
        if first != second:
            parent[second] = first
    new_rows = [(sha, root(sha), 0) for sha, _, _ in pending]
    moved = {old: root(old) for old in set(group_of.values()) if root(old) != old}
    if new_rows:
        insert_values(con, "article_groups", ("sha256", "group_id", "group_size"), new_rows)
    changed = [sha for sha, _, _ in new_rows]
    if moved:
        changed += [sha for (sha,) in con.execute(
            "SELECT sha256 FROM article_groups WHERE group_id IN (SELECT unnest(?))", [sorted(moved)]).fetchall()]
        con.execute("""UPDATE article_groups SET group_id = m.new_id
                       FROM (SELECT unnest(?) AS old_id, unnest(?) AS new_id) m WHERE group_id = m.old_id""",
                    [list(moved), list(moved.values())])
    touched = sorted({group for _, group, _ in new_rows} | set(moved.values()))
    con.execute("""UPDATE article_groups SET group_size = s.n
                   FROM (SELECT group_id AS gid, count(*) AS n FROM article_groups
                         WHERE group_id IN (SELECT unnest(?)) GROUP BY group_id) s
                   WHERE group_id = s.gid""", [touched])
    con.execute("DROP TABLE pending")
    return changed


# One row per event mention with what linking needs: its day (queries.EVENT_DAY) and its
# scope, the whole store for specific events, else its duplicate group.
_MENTIONS = f"""
    SELECT *, CASE WHEN source_code IS NOT NULL AND (target_code IS NOT NULL OR issue_key IS NOT NULL)
                        AND day IS NOT NULL
                   THEN '*' ELSE coalesce(group_id, article_sha256) END AS scope
    FROM (
        SELECT e.article_sha256, e.event_id, e.type, e.source_code, e.target_code, e.issue_key,
               coalesce(lower(trim(a.outlet)), a.sha256) AS outlet_key, {EVENT_DAY} AS day,
               a.ingested_at, g.group_id,
               coalesce(e.source_code, lower(e.source_name), lower(e.source_text), '') AS source_key,
               coalesce(e.target_code, lower(e.target_name), lower(e.target_text), '') AS target_key
        FROM events e
        JOIN articles a ON a.sha256 = e.article_sha256
        LEFT JOIN article_groups g ON g.sha256 = e.article_sha256
    )
"""

_PARTITION = ("scope", "type", "source_key", "target_key", "issue")

_LINKED = """
    WITH m AS ({mentions}),
    starts AS (
        SELECT *, CASE WHEN row_number() OVER w = 1 THEN 1
                       WHEN day IS NULL AND lag(day) OVER w IS NULL THEN 0  -- undated copies in one group
                       WHEN day - lag(day) OVER w <= ? THEN 0 ELSE 1 END AS starts_cluster
        FROM m
        WINDOW w AS (PARTITION BY scope, type, source_key, target_key, coalesce(issue_key, '')
                     ORDER BY day NULLS LAST, ingested_at, article_sha256, event_id)
    ),
    numbered AS (
        SELECT *, sum(starts_cluster) OVER (
            PARTITION BY scope, type, source_key, target_key, coalesce(issue_key, '')
            ORDER BY day NULLS LAST, ingested_at, article_sha256, event_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cluster_no
        FROM starts
    )
    SELECT *, first(article_sha256 || ':' || event_id) OVER (
        PARTITION BY scope, type, source_key, target_key, coalesce(issue_key, ''), cluster_no
        ORDER BY day NULLS LAST, ingested_at, article_sha256, event_id) AS cluster_id
    FROM numbered
"""


def link_events(con, options: StoreOptions = StoreOptions(), changed: list[str] | None = None) -> int:
    """Rebuild ``event_links`` and ``event_clusters`` from the events and duplicate groups,
    all of them, or (``changed``: article sha256s whose events or group are new) only the
    link partitions those articles' events fall in; returns the number of linked events
    relinked. Runs inside the caller's transaction."""
    if changed is None:
        con.execute("DELETE FROM event_links")
        con.execute("DELETE FROM event_clusters")
        source = _MENTIONS
    else:
        keys = ", ".join(_PARTITION)
        con.execute(f"CREATE OR REPLACE TEMP TABLE all_mentions AS SELECT *, coalesce(issue_key, '') AS issue "
                    f"FROM ({_MENTIONS})")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE affected AS SELECT DISTINCT {keys} FROM all_mentions
                        WHERE article_sha256 IN (SELECT unnest(?))""", [changed])
        con.execute(f"""CREATE OR REPLACE TEMP TABLE doomed AS
            SELECT l.cluster_id FROM event_links l
            JOIN all_mentions m USING (article_sha256, event_id) SEMI JOIN affected k USING ({keys})
            UNION SELECT cluster_id FROM event_links WHERE article_sha256 IN (SELECT unnest(?))""", [changed])
        con.execute("DELETE FROM event_links WHERE cluster_id IN (SELECT cluster_id FROM doomed)")
        con.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM doomed)")
        source = f"SELECT m.* EXCLUDE (issue) FROM all_mentions m SEMI JOIN affected k USING ({keys})"
    con.execute("CREATE OR REPLACE TEMP TABLE linked AS " + _LINKED.format(mentions=source), [options.link_window_days])
    con.execute("INSERT INTO event_links SELECT article_sha256, event_id, cluster_id FROM linked")
    con.execute("""
        INSERT INTO event_clusters
        SELECT cluster_id, any_value(type), max(source_code), max(target_code), max(issue_key),
               CAST(min(day) AS VARCHAR), CAST(max(day) AS VARCHAR),
               count(*), count(DISTINCT article_sha256), count(DISTINCT outlet_key)
        FROM linked GROUP BY cluster_id""")
    relinked = con.execute("SELECT count(DISTINCT cluster_id) FROM linked").fetchall()[0][0]
    for table in ("linked", "all_mentions", "affected", "doomed"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return relinked

