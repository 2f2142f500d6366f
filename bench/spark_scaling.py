"""Spark scaling: the same corpus articles coded by `accord spark` in local[1] and local[2],
and by `accord ingest -j 1` and `-j 2`, in one run.

    .venv/bin/python bench/spark_scaling.py [--n 1000] [--json out.json]

Each measurement runs in a fresh subprocess (a fresh JVM and fresh Python workers), times
the coding call only (model loading in the workers included, JVM and interpreter start
reported apart), and reads the peak memory of every process it started. Reports
articles/s, the local[2]/local[1] ratio and Spark's time overhead over `accord ingest`
with the same number of workers. Needs accord[spark] and Java 17 or 21.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"

CHILD = r"""
import json, os, sys, time
from pathlib import Path

def descendants():
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    for pid in parents:
        ancestor = parents.get(pid)
        while ancestor and ancestor != os.getpid():
            ancestor = parents.get(ancestor)
        if ancestor == os.getpid():
            yield pid

PEAKS = {}  # pid -> (command, peak resident MB); workers exit before the run ends, so sample

def sample_peaks(stop):
    while not stop.wait(1.0):
        for pid in descendants():
            try:
                status = (Path("/proc") / str(pid) / "status").read_text()
                cmd = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            hwm = next((int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM")), 0)
            name = "python worker" if b"pyspark.worker" in b" ".join(cmd) or b"spawn_main" in b" ".join(cmd) else Path(cmd[0].decode()).name
            PEAKS[pid] = (name, max(PEAKS.get(pid, (name, 0))[1], round(hwm / 1024)))

def peak_mb_by_kind():
    kinds = {}
    for name, mb in PEAKS.values():
        kinds[name] = max(kinds.get(name, 0), mb)
    return kinds

import threading
stop = threading.Event()
threading.Thread(target=sample_peaks, args=(stop,), daemon=True).start()
kind, workers, source, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
started = time.perf_counter()
if kind == "spark":
    from accord.spark import code_to_parquet, start_session
    session = start_session(f"local[{workers}]", config={"spark.ui.enabled": "false",
                            "spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": str(2 * workers)})
    session.sparkContext.setLogLevel("ERROR")
    ready = time.perf_counter()
    report = code_to_parquet(session, [source], out)
    seconds = time.perf_counter() - ready
    result = {"articles": report.coded, "events": report.events, "failed": report.failure_count,
              "phases": {k: round(v, 1) for k, v in report.phases.items()}}
    session.stop()
else:
    from accord.settings import Settings
    from accord.store import open_store
    from accord.store.write import ingest_paths
    con = open_store(out)
    ready = time.perf_counter()
    report = ingest_paths(con, [source], Settings(), workers=workers)
    seconds = time.perf_counter() - ready
    result = {"articles": report.stored, "events": report.events, "failed": len(report.failures)}
    con.close()
stop.set()
import resource
peaks = {**peak_mb_by_kind(), "driver": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
print(json.dumps({**result, "seconds": seconds, "startup_s": ready - started, "peak_mb": peaks}))
"""


def measure(kind: str, workers: int, source: Path, scratch: Path) -> dict:
    out = scratch / f"{kind}-{workers}" / ("store.duckdb" if kind == "ingest" else "tables")
    out.parent.mkdir(parents=True)
    env = {**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")}
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(workers), str(source), str(out)],
                          check=True, capture_output=True, text=True, env=env)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["articles_per_s"] = result["articles"] / result["seconds"]
    return result


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--json", dest="json_path", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-spark-bench-") as folder:
        scratch = Path(folder)
        source = scratch / "corpus.jsonl.gz"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle, gzip.open(source, "wt", encoding="utf-8") as out:
            out.writelines(islice(handle, args.n))
        runs, loads = {}, {"start": load_average()}
        for kind, workers in (("spark", 1), ("spark", 2), ("ingest", 1), ("ingest", 2)):
            runs[f"{kind}_{workers}"] = run = measure(kind, workers, source, scratch)
            loads[f"after {kind}_{workers}"] = load_average()
            print(f"{kind} with {workers} worker(s): {run['articles']} articles in {run['seconds']:.1f} s "
                  f"= {run['articles_per_s']:.2f} articles/s (start-up {run['startup_s']:.1f} s); "
                  f"phases {run.get('phases')}; peak MB {run['peak_mb']}", file=sys.stderr)
    report = {
        "n": args.n,
        "cpus": os.cpu_count(),
        "load_average": loads,
        "runs": runs,
        "spark_ratio_2_over_1": runs["spark_2"]["articles_per_s"] / runs["spark_1"]["articles_per_s"],
        "ingest_ratio_2_over_1": runs["ingest_2"]["articles_per_s"] / runs["ingest_1"]["articles_per_s"],
        "spark_overhead_vs_ingest_1": runs["spark_1"]["seconds"] / runs["ingest_1"]["seconds"] - 1,
        "spark_overhead_vs_ingest_2": runs["spark_2"]["seconds"] / runs["ingest_2"]["seconds"] - 1,
        "same_events": len({run["events"] for run in runs.values()}) == 1,
    }
    for key in ("spark_ratio_2_over_1", "ingest_ratio_2_over_1", "spark_overhead_vs_ingest_1",
                "spark_overhead_vs_ingest_2", "same_events"):
        value = report[key]
        print(f"{key:28} {value:.3f}" if isinstance(value, float) else f"{key:28} {value}")
    print(f"{'load_average':28} {loads}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
