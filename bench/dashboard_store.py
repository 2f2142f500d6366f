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

from store_clones import clone_rows

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"


def ingest_seed(n: int, db: Path) -> None:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, n))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "seed.jsonl"
        source.write_text("".join(lines), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "accord", "ingest", str(source), "--db", str(db), "-q"], check=True)


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
    counts = clone_rows(args.out, args.clones, years_back=True)
    print(json.dumps({**counts, "seed_s": round(seeded - started, 1), "clone_s": round(time.perf_counter() - seeded, 1)},
                     indent=1))


if __name__ == "__main__":
    main()
