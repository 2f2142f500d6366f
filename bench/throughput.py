"""Throughput and peak memory of `accord code` against bare spaCy, same texts, same run.

    .venv/bin/python bench/throughput.py [--n 1000] [--batch-size 64] [--baseline-src DIR] [--compare]

Each measurement runs in a fresh subprocess so peak RSS (ru_maxrss) is its own.
Reports articles/s, the coder's time overhead over bare nlp.pipe, and the peak-memory ratio.
Bare spaCy is timed twice: ``nlp.pipe`` at ``--batch-size`` (what a plain spaCy run does)
and at the coder's ``Settings.parse_batch`` (articles per forward pass), so the part of the
speed-up that is only the smaller forward pass shows. ``speedup_vs_spacy`` is the coder's
articles/s over bare spaCy's at ``--batch-size``.
``--compare`` also codes the example, the dev articles and the PLV dev sentences with the
relevance gate on (the default) and off, and lists every article whose events differ.
``--baseline-src`` also times the coder of another checkout's ``src`` (e.g. a
``git worktree`` of the last release) on the same texts in the same run, and reports
this coder's time against it: what a change costs, measured where the machine's noise is
the same for both.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"

CHILD = r"""
import gzip, json, resource, sys, time
from itertools import islice
mode, n, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with gzip.open(sys.argv[4], "rt", encoding="utf-8") as fh:
    records = [json.loads(line) for line in islice(fh, n)]
from accord.model import Article
from accord.settings import Settings
settings = Settings(batch_size=batch)
if mode.startswith("spacy"):
    from accord.nlp import load_nlp
    nlp = load_nlp(settings.model)
else:
    from accord.resources import load_resources
    load_resources(settings)
articles = [Article(id=r["id"], text=r["text"], date=(r.get("date") or "")[:10] or None) for r in records]
start = time.perf_counter()
if mode.startswith("spacy"):
    batch = settings.parse_batch if mode == "spacy-small" else batch
    count = sum(1 for _ in nlp.pipe((a.text for a in articles), batch_size=batch))
    events = 0
else:
    from accord.pipeline import code_articles
    from accord.contract import to_contract
    count = events = 0
    for coded in code_articles(articles, settings):
        json.dumps(to_contract(coded))
        count += 1
        events += len(coded.events)
elapsed = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"mode": mode, "articles": count, "events": events, "seconds": elapsed, "peak_mb": peak_mb}))
"""


def measure(mode: str, n: int, batch: int, src: str | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=src) if src else None
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(n), str(batch), str(CORPUS)],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


COMPARE = r"""
import json, sys
from dataclasses import replace
from pathlib import Path
from accord.contract import to_contract
from accord.evaluation.load import plv_split
from accord.model import Article
from accord.pipeline import code_articles
from accord.settings import Settings
shared, root = Path(sys.argv[1]), Path(sys.argv[2])
sets = {"example": [Article(id="ceasefire", text=(root / "examples" / "ceasefire.txt").read_text(encoding="utf-8"),
                            date="2025-03-13")]}
dev = sorted((shared / "examples" / "dev").glob("*.gold.json"))
sets["dev"] = []
for gold_path in dev:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name[:-len(".gold.json")] + ".txt").read_text(encoding="utf-8")
    sets["dev"].append(Article(id=gold["id"], text=text, date=gold["date"]))
plv = [json.loads(line) for line in (shared / "data" / "plv_train.jsonl").open(encoding="utf-8")]
sets["plv dev"] = [Article(id=r["id"], text=r["text"], date=r.get("date")) for r in plv if plv_split(r["id"]) == "dev"]
on, off = Settings(), replace(Settings(), gate=False)
report = {}
for label, articles in sets.items():
    gated = {c.article.id: to_contract(c) for c in code_articles(articles, on)}
    full = {c.article.id: to_contract(c) for c in code_articles(articles, off)}
    differ = [i for i in full if gated[i]["events"] != full[i]["events"]]
    report[label] = {"articles": len(articles), "events": sum(len(r["events"]) for r in full.values()),
                     "gated": sum(1 for r in gated.values() if any(w.startswith("not_parsed") for w in r["warnings"])),
                     "differ": {i: {"gated": gated[i]["events"], "full": full[i]["events"]} for i in differ}}
print(json.dumps(report))
"""


def compare_outputs() -> dict:
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", COMPARE, str(root.parent / "shared"), str(root)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", dest="json_path", default=None)
    parser.add_argument("--baseline-src", default=None, help="another checkout's src/ to time on the same texts")
    parser.add_argument("--compare", action="store_true",
                        help="also compare the events with the relevance gate on and off (example, dev, PLV dev)")
    args = parser.parse_args()
    spacy_run = measure("spacy", args.n, args.batch_size)
    small_run = measure("spacy-small", args.n, args.batch_size)
    accord_run = measure("accord", args.n, args.batch_size)
    baseline_run = measure("accord", args.n, args.batch_size, args.baseline_src) if args.baseline_src else None
    report = {
        "n": args.n,
        "batch_size": args.batch_size,
        "spacy_articles_per_s": spacy_run["articles"] / spacy_run["seconds"],
        "spacy_small_articles_per_s": small_run["articles"] / small_run["seconds"],
        "accord_articles_per_s": accord_run["articles"] / accord_run["seconds"],
        "speedup_vs_spacy": spacy_run["seconds"] / accord_run["seconds"],
        "speedup_vs_spacy_small": small_run["seconds"] / accord_run["seconds"],
        "time_overhead": accord_run["seconds"] / spacy_run["seconds"] - 1,
        "spacy_peak_mb": spacy_run["peak_mb"],
        "spacy_small_peak_mb": small_run["peak_mb"],
        "accord_peak_mb": accord_run["peak_mb"],
        "memory_ratio": accord_run["peak_mb"] / spacy_run["peak_mb"],
        "events": accord_run["events"],
    }
    if baseline_run is not None:
        report |= {
            "baseline_articles_per_s": baseline_run["articles"] / baseline_run["seconds"],
            "time_vs_baseline": accord_run["seconds"] / baseline_run["seconds"],
            "baseline_peak_mb": baseline_run["peak_mb"],
            "baseline_events": baseline_run["events"],
        }
    if args.compare:
        comparison = compare_outputs()
        for label, part in comparison.items():
            report[f"gate_{label.replace(' ', '_')}"] = (f"{part['articles']} articles, {part['events']} events, "
                                                         f"{part['gated']} gated, {len(part['differ'])} differ")
            for article_id, events in part["differ"].items():
                report[f"  differs {article_id}"] = f"{len(events['gated'])} events gated, {len(events['full'])} not"
    for key, value in report.items():
        print(f"{key:24} {value:.3f}" if isinstance(value, float) else f"{key:24} {value}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
