"""Check the accuracy floors (bench/floors.json) on every gold set that has them.

    python tools/check_floors.py [--shared ../shared] [--out out/floors]

Codes and scores, with the default coder: the example article, the 30 dev articles,
the dev fifth of the PLV sentences and the PolNeAR dev attributions (about three minutes
on two cores), and fails (exit 1) when any metric falls below its floor. ``make test``
runs it after the unit tests, so CI guards accuracy as well as behaviour. Without
``../shared`` (a checkout without the data) it says so and passes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dev_eval import dev_parts, write_inputs  # beside this script, which is first on sys.path

from accord.evaluation import check_floors, evaluate
from accord.pipeline import code_files
from accord.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "bench" / "floors.json"
EXAMPLE = ROOT / "examples" / "ceasefire.txt"
EXAMPLE_DATE = "2025-03-13"


def coded(inputs: list[Path], out: Path, default_date: str | None = None) -> Path:
    """Code ``inputs`` into the JSONL file ``out`` with the default settings."""
    with out.open("w", encoding="utf-8") as sink:
        run = code_files([str(p) for p in inputs], default_date, Settings(), sinks=[sink])
    if run.failures:
        raise SystemExit(f"check_floors: {len(run.failures)} input(s) of {inputs[0]} failed")
    return out


def gold_sets(shared: Path, out: Path):
    """(label, gold path, coded path, split), coding each set on the way."""
    yield ("example", shared / "examples" / "ceasefire.gold.json",
           coded([EXAMPLE], out / "example.jsonl", EXAMPLE_DATE), None)
    dev = shared / "examples" / "dev"
    write_inputs(dev_parts(dev)["all"], out / "dev.jsonl")
    yield "dev", dev, coded([out / "dev.jsonl"], out / "dev.coded.jsonl"), None
    plv = shared / "data" / "plv_train.jsonl"
    yield "plv dev", plv, coded([plv], out / "plv.jsonl"), "dev"
    polnear = shared / "data" / "polnear" / "dev"
    yield "polnear dev", polnear, coded([polnear / "text"], out / "polnear.jsonl"), None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder")
    parser.add_argument("--out", default=str(ROOT / "out" / "floors"), help="where the coded files go")
    args = parser.parse_args(argv)
    shared, out = Path(args.shared), Path(args.out)
    if not (shared / "examples" / "dev").is_dir():
        print(f"check_floors: no gold data at {shared}; floors not checked")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    failed = []
    for label, gold, coded_path, split in gold_sets(shared, out):
        report = evaluate(str(gold), str(coded_path), split=split)
        below = check_floors(report, str(FLOORS))
        failed += below
        shown = ", ".join(f"{k} {v:.3f}" for k, v in report.metrics.items() if v is not None)
        print(f"{label:12s} {'FAIL' if below else 'ok':4s} {shown}")
        for line in below:
            print(f"  below floor: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
