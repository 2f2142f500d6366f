"""Near-duplicate articles and linked events.

Wire copies republished by several outlets are grouped by MinHash/LSH over word
shingles (``group_duplicates``). Event mentions are linked into one event when they
share type, source, target and issue and their dates fall within a window
(``link_events``): across the whole store when the event is specific (source code,
plus a target code or an issue, and a day), otherwise only inside one duplicate group,
so that two unrelated stories' "someone accused someone" never merge.
Both rebuild derived tables from the per-article tables, so they are idempotent.
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


def find_groups(signatures: list[tuple[str, list[int] | None]], options: StoreOptions = StoreOptions()) -> dict[str, str]:
    """sha256 -> group id, the sha256 of the group's earliest member in ``signatures`` order."""
    lsh = MinHashLSH(threshold=options.duplicate_threshold, num_perm=options.minhash_perm)
    position = {sha: i for i, (sha, _) in enumerate(signatures)}
    parent = {sha: sha for sha in position}
    kept: dict[str, np.ndarray] = {}

    def root(sha: str) -> str:
        while parent[sha] != sha:
            parent[sha] = parent[parent[sha]]
            sha = parent[sha]
        return sha

    for sha, values in signatures:
        if values is None or len(values) != options.minhash_perm:
            continue
        hashes = np.asarray(values, dtype=np.uint64)
        minhash = MinHash(num_perm=options.minhash_perm, hashvalues=hashes,
                          permutations=_permutations(options.minhash_perm), scheme=_SCHEME)
        for other in lsh.query(minhash):
            # LSH candidates are only probable; keep those whose estimated Jaccard clears the bar
            if np.mean(kept[other] == hashes) >= options.duplicate_threshold:
                first, second = sorted((root(other), root(sha)), key=position.__getitem__)
                parent[second] = first
        lsh.insert(sha, minhash)
        kept[sha] = hashes
    return {sha: root(sha) for sha in position}


def group_duplicates(con, options: StoreOptions = StoreOptions()) -> int:
    """Rebuild ``article_groups`` (every article, singletons included); returns the number
    of groups with more than one article. Runs inside the caller's transaction."""
    signatures = con.execute("SELECT sha256, minhash FROM articles ORDER BY ingested_at, sha256").fetchall()
    groups = find_groups(signatures, options)
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    con.execute("DELETE FROM article_groups")
    insert_values(con, "article_groups", ("sha256", "group_id", "group_size"),
                  [(sha, group, sizes[group]) for sha, group in groups.items()])
    return sum(1 for size in sizes.values() if size > 1)


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

_LINKED = f"""
    WITH m AS ({_MENTIONS}),
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


def link_events(con, options: StoreOptions = StoreOptions()) -> int:
    """Rebuild ``event_links`` and ``event_clusters`` from the events and duplicate groups;
    returns the number of linked events. Runs inside the caller's transaction."""
    con.execute("DELETE FROM event_links")
    con.execute("DELETE FROM event_clusters")
    con.execute("CREATE OR REPLACE TEMP TABLE linked AS " + _LINKED, [options.link_window_days])
    con.execute("INSERT INTO event_links SELECT article_sha256, event_id, cluster_id FROM linked")
    con.execute("""
        INSERT INTO event_clusters
        SELECT cluster_id, any_value(type), max(source_code), max(target_code), max(issue_key),
               CAST(min(day) AS VARCHAR), CAST(max(day) AS VARCHAR),
               count(*), count(DISTINCT article_sha256), count(DISTINCT outlet_key)
        FROM linked GROUP BY cluster_id""")
    con.execute("DROP TABLE linked")
    return con.execute("SELECT count(*) FROM event_clusters").fetchall()[0][0]

