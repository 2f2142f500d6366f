"""Share of coding time spent on quotes, sources and attribution, same articles, same run.

    .venv/bin/python bench/attribution.py [--n 1000] [--batch-size 64] [--no-model]

Codes the first N corpus articles with the full pipeline and times the attribution
stage (find_quotes, find_sources, attribute_events) inside it. Reports the stage's
time as a fraction of the rest of the coder's time (target <= 0.15).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from itertools import islice
from pathlib import Path

import accord.pipeline as pipeline
from accord.model import Article
from accord.resources import load_resources
from accord.settings import Settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_5k.jsonl.gz"
STAGE = ("find_quotes", "find_sources", "attribute_events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--no-model", action="store_true", help="rules only, without the event classifier")
    args = parser.parse_args()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in islice(fh, args.n)]
    articles = [Article(id=r["id"], text=r["text"], date=(r.get("date") or "")[:10] or None) for r in records]
    settings = Settings(batch_size=args.batch_size, use_model=not args.no_model)
    load_resources(settings)
    spent = [0.0]

    def timed(function):
        def wrapper(*a, **k):
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                spent[0] += time.perf_counter() - started
        return wrapper

    for name in STAGE:  # the pipeline calls the stage through its own module names
        setattr(pipeline, name, timed(getattr(pipeline, name)))
    started = time.perf_counter()
    quotes = sum(len(c.quotes) for c in pipeline.code_articles(articles, settings))
    total = time.perf_counter() - started
    core = total - spent[0]
    print(json.dumps({"articles": len(articles), "quotes": quotes, "total_s": round(total, 2),
                      "attribution_s": round(spent[0], 2), "core_s": round(core, 2),
                      "attribution_over_core": round(spent[0] / core, 3)}))


if __name__ == "__main__":
    main()
