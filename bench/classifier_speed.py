"""Time of the combined coder (rules + event classifier) against the rules-only coder,
same corpus articles, same run.

    .venv/bin/python bench/classifier_speed.py [--n 1000] [--batch-size 64] [--embedder] [--json FILE]

Each measurement runs in a fresh subprocess after loading its resources, so only coding
is timed. The runs alternate (rules, combined, rules, combined, ...) and each mode keeps
its fastest run, which damps noise from other work on the machine. Bar: ratio <= 1.3.
``--embedder`` adds the optional embedder head as a third mode (needs requirements-embed.txt
in the Python that runs the bench); the bar is the default coder's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"
BAR = 1.3

CHILD = r"""
import gzip, json, sys, time
from itertools import islice
mode, n, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with gzip.open(sys.argv[4], "rt", encoding="utf-8") as fh:
    records = [json.loads(line) for line in islice(fh, n)]
from accord.contract import to_contract
from accord.model import Article
from accord.pipeline import code_articles
from accord.resources import load_resources
from accord.settings import Settings
settings = Settings(batch_size=batch, use_model=mode != "rules", use_embedder=mode == "embedder")
load_resources(settings)
articles = [Article(id=r["id"], text=r["text"], date=(r.get("date") or "")[:10] or None) for r in records]
start = time.perf_counter()
events = learned = 0
for coded in code_articles(articles, settings):
    json.dumps(to_contract(coded))
    events += len(coded.events)
    learned += sum("clf:" in e.rule for e in coded.events)
print(json.dumps({"seconds": time.perf_counter() - start, "events": events, "learned": learned}))
"""


def measure(mode: str, n: int, batch: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(n), str(batch), str(CORPUS)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--embedder", action="store_true", help="Also time the optional embedder head.")
    parser.add_argument("--json", dest="json_path", default=None)
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"rules": [], "combined": [], **({"embedder": []} if args.embedder else {})}
    for _ in range(args.repeats):
        for mode in runs:
            runs[mode].append(measure(mode, args.n, args.batch_size))
    best = {mode: min(r, key=lambda x: x["seconds"]) for mode, r in runs.items()}
    report = {
        "n": args.n,
        "rules_seconds": best["rules"]["seconds"],
        "combined_seconds": best["combined"]["seconds"],
        "ratio": best["combined"]["seconds"] / best["rules"]["seconds"],
        "bar": BAR,
        "rules_events": best["rules"]["events"],
        "combined_events": best["combined"]["events"],
        "events_from_classifier": best["combined"]["learned"],
        "all_seconds": {mode: [round(r["seconds"], 2) for r in rs] for mode, rs in runs.items()},
    }
    if args.embedder:
        report["embedder_seconds"] = best["embedder"]["seconds"]
        report["embedder_ratio"] = best["embedder"]["seconds"] / best["rules"]["seconds"]
    for key, value in report.items():
        print(f"{key:24} {value:.3f}" if isinstance(value, float) else f"{key:24} {value}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    sys.exit(0 if report["ratio"] <= BAR else 1)


if __name__ == "__main__":
    main()
