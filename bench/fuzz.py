"""Fuzz `accord code` and `accord ingest` with mutated corpus articles (tests/fuzzing.py:
byte flips, truncation, control/zero-width/bidi characters, lone surrogates, very long
tokens and lines, mutated id/title/outlet/url/language/date fields).

    .venv/bin/python bench/fuzz.py [--n 10000] [--seed 19] [--workers 1] [--skip-ingest]

Writes the records to a temporary JSONL file, runs `python -m accord code` on it (reading
its output as it streams, so the largest gap between two output records bounds the time
any one record took, its batch's parse included) and `python -m accord ingest` into a
fresh store, and prints as JSON: records in, records out, failures named, tracebacks in
stderr, each child's peak RSS (from wait4) and wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import mutated_records, write_jsonl  # noqa: E402


def run_child(command: list[str], stdout_lines: bool = False) -> dict:
    """Run ``command``; its wall time, peak RSS, exit code, stderr and (optionally) the
    largest gap between two lines of its stdout."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=subprocess.PIPE if stdout_lines else subprocess.DEVNULL,
                                 stderr=err)
        lines, gap, last = 0, 0.0, started
        if stdout_lines:
            for _ in child.stdout:
                now = time.monotonic()
                gap, last, lines = max(gap, now - last), now, lines + 1
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {"rc": child.returncode, "wall_s": round(time.monotonic() - started, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "stdout_lines": lines, "max_record_gap_s": round(gap, 1),
            "tracebacks": stderr.count("Traceback"), "stderr": stderr}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="copy stderr logs here")
    args = parser.parse_args()
    accord = [sys.executable, "-m", "accord"]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "fuzz.jsonl"
        records = write_jsonl(source, mutated_records(args.n, args.seed))
        code = run_child([*accord, "code", str(source), "-q"], stdout_lines=True)
        result = {"records_in": records, "code": {k: v for k, v in code.items() if k != "stderr"}}
        result["code"]["records_out"] = code["stdout_lines"]
        result["code"]["failures_named"] = code["stderr"].count("accord: ")
        if not args.skip_ingest:
            db = Path(folder) / "fuzz.duckdb"
            ingest = run_child([*accord, "ingest", str(source), "--db", str(db), "-j", str(args.workers)])
            import duckdb

            with duckdb.connect(str(db), read_only=True) as con:
                stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
                distinct = con.execute("SELECT count(DISTINCT article_id) FROM articles").fetchall()[0][0]
            result["ingest"] = {k: v for k, v in ingest.items() if k not in ("stderr", "stdout_lines", "max_record_gap_s")}
            summary = re.search(r"read (\d+) article\(s\): stored (\d+) .*?skipped (\d+) already stored",
                                ingest["stderr"])
            read, _, skipped = (int(x) for x in summary.groups()) if summary else (None, None, None)
            # records out: stored, plus those skipped as the same text as one stored (e.g. truncated to nothing)
            result["ingest"].update(read=read, stored=stored, skipped_same_text=skipped, distinct_ids=distinct,
                                    records_out=stored + (skipped or 0),
                                    failures_named=ingest["stderr"].count("accord: ") - bool(summary))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "code.stderr").write_text(code["stderr"], encoding="utf-8")
            if not args.skip_ingest:
                (args.keep / "ingest.stderr").write_text(ingest["stderr"], encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
