"""Code the annotated development articles and score them in two parts.

    python tools/dev_eval.py [--shared ../shared] [--out out/dev] [--no-model]

The 30 articles of ``../shared/examples/dev`` are split by name: the first 20 are the
*tuning* part (read their misses, change the coder), the last 10 the *held-out* part
(score only; never read to choose a change). A change that lifts the tuning part and
not the held-out part fits those articles, not news. Prints one line of headline
figures per part and writes the coded JSONL and a JSON report per part under ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from accord.evaluation import evaluate, report_to_json
from accord.pipeline import code_files
from accord.settings import Settings

HELD_OUT = 10


def dev_parts(dev_dir: Path) -> dict[str, list[Path]]:
    """Gold files of each part, by sorted name: the last ``HELD_OUT`` are held out."""
    golds = sorted(dev_dir.glob("*.gold.json"))
    return {"tune": golds[:-HELD_OUT], "held": golds[-HELD_OUT:], "all": golds}


def write_inputs(golds: list[Path], path: Path) -> None:
    """One JSONL record per article (id, text, date), as the dev README codes them."""
    with path.open("w", encoding="utf-8") as out:
        for gold_path in golds:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt").read_text(encoding="utf-8")
            out.write(json.dumps({"id": gold["id"], "text": text, "date": gold["date"]}) + "\n")


def part_folder(golds: list[Path], folder: Path) -> Path:
    """A folder holding links to one part's gold and text files (what ``evaluate`` reads)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for gold_path in golds:
        text_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        for source in (gold_path, text_path):
            os.symlink(source.resolve(), folder / source.name)
    return folder


def headline(summary) -> str:
    return (f"P {summary.precision:.3f}  R {summary.recall:.3f}  F1 {summary.f1:.3f}  "
            f"attr {summary.attributes_all.ratio:.3f}  speaker {summary.speaker['code'].ratio:.3f}  "
            f"via {summary.speaker['via'].ratio:.3f}  sources {summary.sources_found.ratio:.3f}  "
            f"stances {summary.stances_required_found.ratio:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared", help="the shared folder (holds examples/dev)")
    parser.add_argument("--out", default="out/dev", help="where the coded JSONL and the reports go")
    parser.add_argument("--no-model", action="store_true", help="rules only (no learned classifier)")
    args = parser.parse_args(argv)

    dev_dir = Path(args.shared) / "examples" / "dev"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    parts = dev_parts(dev_dir)
    inputs = out / "dev.jsonl"
    write_inputs(parts["all"], inputs)
    coded = out / "dev.coded.jsonl"
    with coded.open("w", encoding="utf-8") as sink:
        run = code_files([str(inputs)], None, Settings(use_model=not args.no_model), sinks=[sink])
    if run.failures:
        print(f"dev_eval: {len(run.failures)} input(s) failed", file=sys.stderr)
        return 1
    for name, golds in parts.items():
        report = evaluate(str(part_folder(golds, out / name)), str(coded))
        (out / f"report.{name}.json").write_text(json.dumps(report_to_json(report), indent=1), encoding="utf-8")
        print(f"{name:5s} ({len(golds):2d})  {headline(report.article_summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
