"""Write ACLED rows as accord input JSONL, one article per row (notes as text, the row's
event date as publication date, data_id as id), for `accord eval ACLED.csv CODED`.

    .venv/bin/python tools/acled_articles.py ../shared/data/acled_kenya.csv > /tmp/kenya.jsonl
    .venv/bin/accord code /tmp/kenya.jsonl -o /tmp/kenya.coded.jsonl
    .venv/bin/accord eval ../shared/data/acled_kenya.csv /tmp/kenya.coded.jsonl
"""

from __future__ import annotations

import json
import sys

from accord.evaluation.geo import acled_articles


def main(path: str) -> None:
    for article in acled_articles(path):
        print(json.dumps({"id": article.id, "text": article.text, "date": article.date}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
