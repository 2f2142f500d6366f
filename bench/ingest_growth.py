"""Does ingest slow down as the store grows? The same N new articles ingested into an
empty store and into a large one; the ratio of the two times (target <= 1.3).

    .venv/bin/python bench/ingest_growth.py [--n 300] [--clones 17] [--workers 1] [--keep DIR]

The large store is made cheaply: N other corpus articles are ingested once, then their
stored rows are copied (--clones - 1) times under new sha256s and ids, with MinHash
signatures rehashed per copy (so copies are not duplicates of each other), and duplicate
groups and event links are rebuilt over the whole store. Their texts repeat, so the
events of the copies fall into the same link partitions: a harder case for incremental
linking than a real store of that size. Each ingest is `python -m accord ingest` (model
loads included).
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


def timed_ingest(source: Path, db: Path, workers: int) -> tuple[float, str]:
    command = [sys.executable, "-m", "accord", "ingest", str(source), "--db", str(db), "-j", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles in each ingest")
    parser.add_argument("--clones", type=int, default=17, help="copies of the first N articles in the large store")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores in this folder")
    args = parser.parse_args()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, 2 * args.n))
    folder = Path(tempfile.mkdtemp(prefix="ingest-growth-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        old, new = folder / "old.jsonl", folder / "new.jsonl"
        old.write_text("".join(lines[: args.n]), encoding="utf-8")
        new.write_text("".join(lines[args.n:]), encoding="utf-8")
        base_s, _ = timed_ingest(old, folder / "base.duckdb", args.workers)
        shutil.copyfile(folder / "base.duckdb", folder / "large.duckdb")
        grown = time.perf_counter()
        large = clone_rows(folder / "large.duckdb", args.clones)["articles"]
        grow_s = time.perf_counter() - grown
        empty_s, empty_summary = timed_ingest(new, folder / "empty.duckdb", args.workers)
        large_s, large_summary = timed_ingest(new, folder / "large.duckdb", args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(folder)
    print(json.dumps({"articles_per_ingest": args.n, "large_store_articles_before": large,
                      "base_ingest_s": round(base_s, 1), "grow_s": round(grow_s, 1),
                      "into_empty_s": round(empty_s, 1), "into_large_s": round(large_s, 1),
                      "ratio": round(large_s / empty_s, 3),
                      "into_empty_summary": empty_summary, "into_large_summary": large_summary}, indent=1))


if __name__ == "__main__":
    main()
