"""JSONL -> Articles: one JSON object a line, with ``text`` and optional
``id, title, date, outlet, url, language``.

A broken line becomes an InputFailure naming ``path:line``; the other lines still come.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from accord.errors import InputError
from accord.ingest.text import IngestOptions, InputFailure, build_article, decode_bytes
from accord.model import Article

_OPTIONAL = ("title", "outlet", "url", "language")


def read_jsonl(lines: Iterable[bytes | str], *, source: str, stem: str, default_date: str | None,
               options: IngestOptions, warnings: tuple[str, ...] = ()) -> Iterator[Article | InputFailure]:
    """Lines of a JSONL file -> an Article or an InputFailure per non-blank line, in order.

    Records without ``id`` get ``"{stem}:{line}"``.
    """
    for line_no, line in enumerate(lines, 1):
        where = f"{source}:{line_no}"
        notes = warnings
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError:
                try:
                    line, decoded = decode_bytes(line, where)
                except InputError as err:
                    yield InputFailure(where, str(err))
                    continue
                notes = (*notes, *decoded)
        elif line_no == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        yield _record_to_article(line, where=where, fallback_id=f"{stem}:{line_no}",
                                 default_date=default_date, options=options, warnings=notes)


def _record_to_article(line: str, *, where: str, fallback_id: str, default_date: str | None,
                       options: IngestOptions, warnings: tuple[str, ...]) -> Article | InputFailure:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputFailure(where, f"{where}: invalid JSON: {err.msg} (column {err.colno}); "
                                   "each line must be one complete JSON object")
    if not isinstance(record, dict):
        return InputFailure(where, f"{where}: expected a JSON object with a 'text' field, "
                                   f"got {type(record).__name__}")
    if "text" not in record:
        return InputFailure(where, f"{where}: no 'text' field; each record needs the article text "
                                   f"in 'text' (fields found: {', '.join(sorted(record)) or 'none'})")
    text = record["text"]
    if not isinstance(text, str):
        return InputFailure(where, f"{where}: 'text' must be a string, got {json.dumps(text)[:40]}")
    notes = list(warnings)
    fields = {key: _string_field(record, key, notes) for key in _OPTIONAL}
    article_id = _string_field(record, "id", notes) or fallback_id
    return build_article(
        text,
        article_id=article_id,
        options=options,
        default_date=default_date,
        date_value=record.get("date"),
        warnings=tuple(notes),
        **fields,
    )


def _string_field(record: dict, key: str, notes: list[str]) -> str | None:
    """A field as a stripped string; numbers become strings; empty, null or nested -> None."""
    value = record.get(key)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    notes.append(f"field: '{key}' is a JSON {type(value).__name__}, not a string; ignored")
    return None
