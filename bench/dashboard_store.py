"""A dashboard-sized store (about 50,000 events) built the cheap way, for serve_load.py and
page timings: N corpus articles are coded once with `accord ingest` (or a store already
ingested is given as --seed), then their stored rows are copied (--clones - 1) times under
new sha256s and ids, each copy moved k years earlier (article dates and event dates alike,
so the timeline spans decades as a real archive does), and duplicate groups and event links
are rebuilt over the whole store.

    .venv/bin/python bench/dashboard_store.py --out big.duckdb [--n 300] [--clones 14]
    .venv/bin/python bench/dashboard_store.py --out big.duckdb --seed seed.duckdb --clones 14

The copies repeat the seed's texts and actors: the store has the size and the date spread
of a large corpus, not its variety of actors and outlets.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"
TABLES = ("events", "actors", "quotes", "sources", "stances")
# A date at any precision (YYYY, YYYY-MM, YYYY-MM-DD) moved back $k years, same precision.
SHIFTED = """CASE WHEN {c} IS NULL OR NOT regexp_full_match({c}, '\\d{{4}}(-\\d{{2}}(-\\d{{2}})?)?') THEN {c}
                  WHEN length({c}) = 10 THEN strftime(CAST({c} AS DATE) - to_years(CAST($k AS INTEGER)), '%Y-%m-%d')
                  ELSE lpad(CAST(CAST(substr({c}, 1, 4) AS INTEGER) - $k AS VARCHAR), 4, '0') || substr({c}, 5) END"""


def ingest_seed(n: int, db: Path) -> None:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, n))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "seed.jsonl"
        source.write_text("".join(lines), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "accord", "ingest", str(source), "--db", str(db), "-q"], check=True)


def clone(db: Path, clones: int) -> dict:
    """Copy every stored article's rows ``clones - 1`` times, copy k moved k years back."""
    from accord.store import open_store
    from accord.store.write import rebuild_links

    con = open_store(db)
    try:
        con.execute("CREATE TEMP TABLE base AS SELECT sha256 FROM articles")
        for k in range(1, clones):
            con.execute("BEGIN TRANSACTION")
            con.execute(f"""INSERT INTO articles SELECT * REPLACE (sha256(sha256 || ':' || $k) AS sha256,
                               article_id || '#' || $k AS article_id, {SHIFTED.format(c='date')} AS date,
                               list_transform(minhash, lambda x: hash(x, $k)) AS minhash)
                            FROM articles WHERE sha256 IN (SELECT sha256 FROM base)""", {"k": k})
            for table in TABLES:
                moved = f", {SHIFTED.format(c='date')} AS date" if table == "events" else ""
                con.execute(f"""INSERT INTO {table} SELECT * REPLACE (sha256(article_sha256 || ':' || $k) AS article_sha256
                                {moved}) FROM {table} WHERE article_sha256 IN (SELECT sha256 FROM base)""", {"k": k})
            con.execute("COMMIT")
        rebuild_links(con)
        con.execute("CHECKPOINT")
        articles, events = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchall()[0]
        return {"articles": articles, "events": events}
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--n", type=int, default=300, help="corpus articles coded for the seed")
    parser.add_argument("--seed", type=Path, help="a store already ingested, instead of coding --n articles")
    parser.add_argument("--clones", type=int, default=14, help="copies of the seed in the store (the seed included)")
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists; give a new path")
    started = time.perf_counter()
    if args.seed:
        shutil.copyfile(args.seed, args.out)
    else:
        ingest_seed(args.n, args.out)
    seeded = time.perf_counter()
    counts = clone(args.out, args.clones)
    print(json.dumps({**counts, "seed_s": round(seeded - started, 1), "clone_s": round(time.perf_counter() - seeded, 1)},
                     indent=1))


if __name__ == "__main__":
    main()
