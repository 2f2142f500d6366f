"""Throughput of `accord ingest` with 1 worker vs N workers on the same articles, same run,
and the cost of re-running it on a finished store.

    .venv/bin/python bench/ingest.py [--n 1000] [--workers 2] [--batch-size 64] [--json out.json]

Each run is `python -m accord ingest` into a fresh store in a temporary folder (the real
path: reading, worker processes, one transaction per batch, dedup at the end). Reports
articles/s per run, the speed-up ratio (target >= 1.6 for 2 workers) and the re-run time
as a fraction of the first run (target < 0.10). Wall times include each run's model loads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"


def timed_ingest(source: Path, db: Path, workers: int, batch_size: int) -> float:
    command = [sys.executable, "-m", "accord", "ingest", str(source), "--db", str(db),
               "-j", str(workers), "--batch-size", str(batch_size), "-q"]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="corpus articles to ingest")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel run")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            source.write_text("".join(islice(handle, args.n)), encoding="utf-8")
        serial = timed_ingest(source, Path(folder) / "one.duckdb", 1, args.batch_size)
        parallel = timed_ingest(source, Path(folder) / "many.duckdb", args.workers, args.batch_size)
        rerun = timed_ingest(source, Path(folder) / "many.duckdb", args.workers, args.batch_size)
    result = {
        "articles": args.n,
        "workers": args.workers,
        "serial_s": round(serial, 1),
        "parallel_s": round(parallel, 1),
        "serial_articles_per_s": round(args.n / serial, 2),
        "parallel_articles_per_s": round(args.n / parallel, 2),
        "speedup": round(serial / parallel, 2),
        "rerun_s": round(rerun, 1),
        "rerun_fraction": round(rerun / parallel, 3),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
