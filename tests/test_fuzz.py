"""Fuzzed articles (tests/fuzzing.py) through `code` and `ingest`: no traceback, and every
record in comes out as a record (coded, or stored; an article whose text equals one
already stored is skipped as that one). A small run here, a larger one marked slow;
bench/fuzz.py runs the 10,000-record version and reports memory and time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import accord

from accord.cli import main
from click.testing import CliRunner

from conftest import needs
from fuzzing import CORPUS, mutated_records, write_jsonl


def _fuzz_code_and_ingest(tmp_path, n: int, seed: int) -> None:
    needs(CORPUS)
    source = tmp_path / "fuzz.jsonl"
    assert write_jsonl(source, mutated_records(n, seed)) == n
    # `code` in its own process: a real stdout, which fails on what cannot be encoded
    coded = subprocess.run([sys.executable, "-m", "accord", "code", str(source), "-q"], capture_output=True,
                           env={**os.environ, "PYTHONPATH": str(Path(accord.__file__).parents[1])}, timeout=1800)
    stderr = coded.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and coded.returncode == 0, stderr[-2000:]
    records = [json.loads(line) for line in coded.stdout.decode("utf-8").split("\n") if line]
    assert len(records) == n
    assert not [r for r in records if any(w.startswith("error:") for w in r.get("warnings", ()))]
    db = tmp_path / "fuzz.duckdb"
    ingested = CliRunner().invoke(main, ["ingest", str(source), "--db", str(db), "-j", "1"])
    assert ingested.exception is None or isinstance(ingested.exception, SystemExit), ingested.exception
    assert ingested.exit_code == 0 and "Traceback" not in ingested.stderr, ingested.stderr
    assert f"read {n} article(s)" in ingested.stderr
    from accord.store import open_store

    con = open_store(db)
    stored = con.execute("SELECT count(*), count(DISTINCT sha256) FROM articles").fetchall()[0]
    distinct_texts = len({r["article"]["sha256"] for r in records})
    assert stored == (distinct_texts, distinct_texts)


def test_fuzzed_articles_all_come_out(tmp_path):
    _fuzz_code_and_ingest(tmp_path, 8, seed=7)


@pytest.mark.slow
def test_many_fuzzed_articles_all_come_out(tmp_path):
    _fuzz_code_and_ingest(tmp_path, 400, seed=19)
