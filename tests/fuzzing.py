"""Mutated corpus articles for the fuzz tests (tests/test_fuzz.py) and bench/fuzz.py.

Each record is a corpus article with one or more mutations: byte flips (decoded with
surrogateescape, so broken UTF-8 arrives as lone surrogates), truncation at any byte,
control, zero-width and bidi characters, lone surrogates in the text and in the id,
outlet, url, title and language, very long tokens and very long lines. Every record stays
one valid JSON line (json.dumps escapes the surrogates), so each one must come out as a
record: records out = records in.

Most records start from an excerpt of the article (its first 400 to 1,500 characters, cut
anywhere) so that 10,000 of them can be coded in a sitting: the mutations, not the length,
are what is under test, and the parser's cost grows with the length. Every
``FULL_LENGTH_EVERY``-th record keeps the whole article, so long texts (and long-line
copies of them, up to eight times an article) are still coded among the mutations.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_5k.jsonl.gz"
CONTROLS = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0))]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
             "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u2028", "\u2029", "\x85"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"]
FULL_LENGTH_EVERY = 20
EXCERPT_CHARS = (400, 1_500)


def _flip_bytes(text: str, rng: random.Random) -> str:
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return data.decode("utf-8", "surrogateescape")


def _truncate(text: str, rng: random.Random) -> str:
    data = text.encode("utf-8", "surrogatepass")
    return data[: rng.randint(0, len(data))].decode("utf-8", "surrogateescape")


def _sprinkle(text: str, rng: random.Random, pool: list[str]) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 60)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(pool))
    return "".join(chars)


def _long_token(text: str, rng: random.Random) -> str:
    token = rng.choice(["A", "x9", "-", "/", "%", "'", "\u0416", "\U0001f600", "."]) * rng.randint(2_000, 120_000)
    at = rng.randint(0, len(text))
    return text[:at] + " " + token + " " + text[at:]


def _long_line(text: str, rng: random.Random) -> str:
    return text.replace("\n", " ") * rng.randint(2, 8)


TEXT_MUTATIONS = {
    "flip": _flip_bytes,
    "truncate": _truncate,
    "controls": lambda t, r: _sprinkle(t, r, CONTROLS),
    "invisible": lambda t, r: _sprinkle(t, r, INVISIBLE),
    "surrogates": lambda t, r: _sprinkle(t, r, SURROGATES),
    "long_token": _long_token,
    "long_line": _long_line,
}
FIELDS = ("id", "title", "outlet", "url", "language", "date")


def corpus_records(limit: int = 5000) -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in islice(handle, limit)]


def mutated_records(n: int, seed: int = 19, base: list[dict] | None = None) -> Iterator[dict]:
    """``n`` mutated records, reproducible from ``seed``; ids are unique before mutation.
    The first records cover every text mutation and a lone surrogate in every field."""
    rng = random.Random(seed)
    base = base or corpus_records()
    names = sorted(TEXT_MUTATIONS)
    for index in range(n):
        record = dict(base[index % len(base)])
        record["id"] = f"fuzz-{index}-{record.get('id', '')}"
        text = record.get("text") or ""
        if index % FULL_LENGTH_EVERY:
            text = text[: rng.randint(*EXCERPT_CHARS)]
        chosen = [names[index]] if index < len(names) else rng.sample(names, rng.randint(1, 3))
        for name in chosen:
            text = TEXT_MUTATIONS[name](text, rng)
        record["text"] = text
        fields = [] if index < len(FIELDS) else rng.sample(FIELDS, rng.randint(0, 3))
        if index < len(FIELDS):
            record[FIELDS[index]] = str(record.get(FIELDS[index]) or "x") + rng.choice(SURROGATES)
        for field in fields:
            value = str(record.get(field) or "x")
            record[field] = rng.choice([
                _sprinkle(value, rng, SURROGATES), _sprinkle(value, rng, CONTROLS + INVISIBLE),
                _flip_bytes(value, rng), value * rng.randint(100, 3000), ""])
        yield record


def write_jsonl(path: Path, records) -> int:
    count = 0
    with open(path, "w", encoding="ascii") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=True) + "\n")
            count += 1
    return count
