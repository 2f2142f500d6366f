"""Session fixtures: the pipeline is loaded once, the example article coded once."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE_TEXT = Path(__file__).resolve().parents[1] / "examples" / "ceasefire.txt"
EXAMPLE_GOLD = SHARED / "examples" / "ceasefire.gold.json"
CORPUS = SHARED / "corpus" / "news_5k.jsonl.gz"
EXAMPLE_DATE = "2025-03-13"


def every_act(coded) -> list:
    """A CodedArticle's events and unattributed events: for tests of detection, roles, dates
    and places, which do not depend on the actor having a code."""
    return [*coded.events, *coded.unattributed_events]


def needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def coded_ceasefire():
    from accord.pipeline import code_text

    return code_text(EXAMPLE_TEXT.read_text(encoding="utf-8"), date=EXAMPLE_DATE, article_id="ceasefire")


@pytest.fixture(scope="session")
def corpus_articles():
    from accord.model import Article

    with gzip.open(needs(CORPUS), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in islice(handle, 300)]
    return [Article(id=r["id"], text=r["text"], title=r.get("title"), date=(r.get("date") or "")[:10] or None,
                    outlet=r.get("outlet")) for r in records]
