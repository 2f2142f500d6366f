"""Fuzz `accord code` and `accord ingest` with mutated corpus articles (tests/fuzzing.py:
byte flips, truncation, control/zero-width/bidi characters, lone surrogates, very long
tokens and lines, mutated id/title/outlet/url/language/date fields).

    .venv/bin/python bench/fuzz.py [--n 10000] [--seed 19] [--workers 1] [--skip-ingest]

Writes the records to a temporary JSONL file, runs `python -m accord code` on it (unbuffered,
reading its output as it streams, so the largest gap between two output records bounds the
time any one record took, its batch's tokenising and parse included) and, at the same time
on another core, `python -m accord ingest` into a fresh store, and prints as JSON: records
in, records out, failures named, tracebacks in stderr, each child's peak RSS (from wait4)
and wall time, and the load average before and after.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import mutated_records, write_jsonl  # noqa: E402


def run_child(command: list[str], stdout_copy: Path | None = None) -> dict:
    """Run ``command``; its wall time, peak RSS, exit code, stderr and, when its stdout is
    copied to ``stdout_copy``, the time to its first line (the model load included) and the
    largest gap between two lines after that."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        # unbuffered: each record reaches the pipe when written, so the gaps time records
        child = subprocess.Popen(command, stdout=subprocess.PIPE if stdout_copy else subprocess.DEVNULL,
                                 stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        lines, first, gap, last = 0, None, 0.0, started
        if stdout_copy:
            with open(stdout_copy, "wb") as copy:
                for line in child.stdout:
                    now = time.monotonic()
                    if first is None:
                        first = now - started
                    else:
                        gap = max(gap, now - last)
                    last, lines = now, lines + 1
                    copy.write(line)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {"rc": child.returncode, "wall_s": round(time.monotonic() - started, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "stdout_lines": lines,
            "first_record_s": first and round(first, 1), "max_record_gap_s": round(gap, 1),
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
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(2) as pool:
        source = Path(folder) / "fuzz.jsonl"
        records = write_jsonl(source, mutated_records(args.n, args.seed))
        db = Path(folder) / "fuzz.duckdb"
        load_before = os.getloadavg()
        coded = Path(folder) / "coded.jsonl"
        coding = pool.submit(run_child, [*accord, "code", str(source), "-q"], stdout_copy=coded)
        if not args.skip_ingest:
            ingesting = pool.submit(run_child, [*accord, "ingest", str(source), "--db", str(db),
                                                "-j", str(args.workers)])
        code = coding.result()
        result = {"records_in": records, "load_average_before": [round(x, 2) for x in load_before],
                  "code": {k: v for k, v in code.items() if k != "stderr"}}
        result["code"]["records_out"] = code["stdout_lines"]
        result["code"]["failures_named"] = code["stderr"].count("accord: ")
        texts, coding_errors = set(), 0
        with open(coded, encoding="utf-8") as lines:
            for record in map(json.loads, lines):
                texts.add(record["article"]["sha256"])
                coding_errors += any(w.startswith("error:") for w in record.get("warnings", ()))
        result["code"].update(distinct_texts=len(texts), records_with_error_warning=coding_errors)
        if not args.skip_ingest:
            ingest = ingesting.result()
            import duckdb

            with duckdb.connect(str(db), read_only=True) as con:
                stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
                distinct = con.execute("SELECT count(DISTINCT article_id) FROM articles").fetchall()[0][0]
            result["ingest"] = {k: v for k, v in ingest.items() if k not in ("stderr", "stdout_lines", "first_record_s", "max_record_gap_s")}
            summary = re.search(r"read (\d+) article\(s\): stored (\d+) .*?skipped (\d+) already stored",
                                ingest["stderr"])
            read, _, skipped = (int(x) for x in summary.groups()) if summary else (None, None, None)
            # records out: stored, plus those skipped as the same text as one stored (e.g. truncated to
            # nothing); every distinct text `code` saw must be stored
            result["ingest"].update(read=read, stored=stored, skipped_same_text=skipped, distinct_ids=distinct,
                                    records_out=stored + (skipped or 0),
                                    distinct_texts_stored_as_coded=stored == len(texts),
                                    failures_named=ingest["stderr"].count("accord: ") - bool(summary))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "code.stderr").write_text(code["stderr"], encoding="utf-8")
            if not args.skip_ingest:
                (args.keep / "ingest.stderr").write_text(ingest["stderr"], encoding="utf-8")
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
