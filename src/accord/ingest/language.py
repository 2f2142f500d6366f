"""A fast language check: the share of common function words among the words of a text.

Word lists are in ``data/ingest/stopwords.tsv`` (English, German, French, Spanish,
Russian). No model: it only has to tell English news from other text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from accord.datafiles import read_packaged_text
from accord.errors import DataFileError

_DATA = "ingest/stopwords.tsv"
_WORD = re.compile(r"[^\W\d_]+")
_SHORT = 20  # fewer words than this: too little to judge, unless another language clearly wins


@lru_cache(maxsize=1)
def load_stopwords() -> dict[str, frozenset[str]]:
    """lang -> function words, from data/ingest/stopwords.tsv (``lang<TAB>word`` lines)."""
    text = read_packaged_text(_DATA)
    words: dict[str, set[str]] = {}
    header_seen = False
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if not header_seen:
            if parts != ["lang", "word"]:
                raise DataFileError(f"{_DATA}:{line_no}: expected the header 'lang<TAB>word'")
            header_seen = True
            continue
        if len(parts) != 2 or not re.fullmatch(r"[a-z]{2}", parts[0]) or parts[1] != parts[1].strip().lower():
            raise DataFileError(f"{_DATA}:{line_no}: expected 'lang<TAB>word' with a two-letter "
                                f"language code and a lower-case word, got {line!r}")
        words.setdefault(parts[0], set()).add(parts[1])
    if "en" not in words:
        raise DataFileError(f"{_DATA}: no English ('en') words")
    return {lang: frozenset(ws) for lang, ws in words.items()}


def detect_language(text: str, min_english_share: float, sample_chars: int) -> tuple[str, tuple[str, ...]]:
    """-> (language code, warnings). "en" for English; "de", "fr", "es", "ru" when that
    language's function words dominate; "und" when unsure. Short texts count as English
    unless another language clearly wins."""
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return "und", ("language: text does not look like English (no words found)",)
    lists = load_stopwords()
    counts = Counter(words)
    hits = {lang: sum(counts[w] for w in counts.keys() & ws) for lang, ws in lists.items()}
    english = hits.pop("en")
    other, other_hits = max(hits.items(), key=lambda item: item[1], default=("und", 0))
    letters = sum(counts[w] * len(w) for w in counts)
    ascii_letters = sum(counts[w] * len(w) for w in counts if w.isascii())
    if ascii_letters < 0.5 * letters:  # not Latin script: Cyrillic, Greek, Arabic, CJK...
        guess = other if other_hits >= 2 and other_hits >= 0.1 * len(words) else "und"
        return guess, (_warning(guess, english, len(words)),)
    if len(words) < _SHORT:
        if other_hits >= 2 and other_hits > english:
            return other, (_warning(other, english, len(words)),)
        return "en", ()
    if english / len(words) >= min_english_share and english >= other_hits:
        return "en", ()
    guess = other if other_hits / len(words) >= min_english_share else "und"
    return guess, (_warning(guess, english, len(words)),)


def _warning(guess: str, english: int, words: int) -> str:
    looks = f"looks like {guess!r}" if guess != "und" else "language unknown"
    return (f"language: text does not look like English ({looks}; {english} of {words} words "
            "are English function words)")
