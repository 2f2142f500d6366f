"""Read gold annotations and coded output for the evaluation.

Gold comes in two shapes, told apart by content, not by file name:

- article gold: one ``*.gold.json`` object per article (``id``, ``events``,
  ``quotes``, ``sources``, ``stances``), given as a file or a folder of them;
- sentence gold (PLV): JSONL whose records carry ``marked``, ``source_text``
  and ``type``.

Coded output is contract JSONL (one article record a line).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from accord.errors import ConfigError, InputError


GoldKind = Literal["articles", "sentences"]
SPLITS = ("dev", "train")
_PLV_KEYS = ("marked", "source_text", "type")


def all_acts(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A coded record's events and its unattributed events: the scores of type and place
    (PLV sentences, ACLED notes) judge an act whether or not its actor has a code."""
    record = record or {}
    return [*(record.get("events") or ()), *(record.get("unattributed_events") or ())]


def record_hash(record_id: str) -> int:
    """A record's id as a number, the same on every run and machine: int(sha256(id), 16).
    It picks the dev split here and the training folds in training/train_classifier.py."""
    return int(hashlib.sha256(str(record_id).encode("utf-8")).hexdigest(), 16)


def plv_split(record_id: str) -> str:
    """``"dev"`` for about one record in five (record_hash(id) % 5 == 0), else ``"train"``."""
    return "dev" if record_hash(record_id) % 5 == 0 else "train"


def check_split(split: str | None) -> None:
    if split is not None and split not in SPLITS:
        raise ConfigError(f"unknown split {split!r}; use one of {', '.join(SPLITS)} or none")


@dataclass(frozen=True, slots=True)
class ArticleGold:
    """One article's gold record, the file it came from and the article text if found."""

    record: dict[str, Any]
    path: Path
    text: str | None


def _read_json_lines(path: Path) -> list[dict[str, Any]]:
    """JSONL records of ``path``; a file holding one JSON object or list is accepted too."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason})") from err
    records: list[dict[str, Any]] = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            try:  # pretty-printed JSON: one object or a list of objects
                whole = json.loads(raw)
            except json.JSONDecodeError:
                raise InputError(f"{path}:{lineno}: not JSON ({err.msg})") from err
            values = whole if isinstance(whole, list) else [whole]
            if not all(isinstance(v, dict) for v in values):
                raise InputError(f"{path}: expected JSON objects") from err
            return values
        if not isinstance(value, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object, got {type(value).__name__}")
        records.append(value)
    return records


def read_coded(path: str | Path) -> list[dict[str, Any]]:
    """Coded article records (contract JSON) from a JSONL file."""
    path = Path(path)
    records = _read_json_lines(path)
    for i, record in enumerate(records, 1):
        if not isinstance(record.get("article"), dict) or not isinstance(record.get("events"), list):
            raise InputError(f"{path}: record {i} is not a coded article (needs 'article' and 'events')")
    return records


def coded_article_id(record: dict[str, Any]) -> str | None:
    value = (record.get("article") or {}).get("id")
    return None if value is None else str(value)


def is_sentence_gold(records: list[dict[str, Any]]) -> bool:
    return bool(records) and all(all(k in r for k in _PLV_KEYS) for r in records[:20])


def detect_gold(path: str | Path) -> GoldKind:
    """``"sentences"`` for PLV-style JSONL, ``"articles"`` for *.gold.json files or folders."""
    path = Path(path)
    if path.is_dir():
        return "articles"
    return "sentences" if is_sentence_gold(_read_json_lines(path)) else "articles"


def read_sentence_gold(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    records = _read_json_lines(path)
    for i, record in enumerate(records, 1):
        missing = [k for k in ("id", "text", *_PLV_KEYS) if k not in record]
        if missing:
            raise InputError(f"{path}: record {i} lacks {', '.join(missing)}")
    return records


def _find_text(gold: dict[str, Any], path: Path) -> str | None:
    """The article text beside a gold file: ``<stem>.txt`` or ``<id>.txt``, else gold ``text``."""
    stem = path.name.removesuffix(".json").removesuffix(".gold")
    for name in (f"{stem}.txt", f"{gold.get('id')}.txt"):
        candidate = path.with_name(name)
        if candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8")
            except UnicodeDecodeError as err:
                raise InputError(f"{candidate}: not UTF-8 text ({err.reason})") from err
    text = gold.get("text")
    return text if isinstance(text, str) else None


def read_article_gold(path: str | Path) -> list[ArticleGold]:
    """Article gold records from one *.gold.json file or every *.gold.json in a folder."""
    path = Path(path)
    files = sorted(path.glob("*.gold.json")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"{path}: no *.gold.json files in this folder")
    golds: list[ArticleGold] = []
    for file in files:
        for record in _read_json_lines(file):
            if not isinstance(record.get("events", []), list):
                raise InputError(f"{file}: 'events' must be a list")
            golds.append(ArticleGold(record, file, _find_text(record, file)))
    return golds
