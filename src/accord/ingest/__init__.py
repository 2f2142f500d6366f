"""Read inputs into Articles: .txt (and unknown extensions), .html/.htm, .jsonl and
.jsonl.gz files, directories (recursively, sorted) and ``-`` for stdin.

Each input yields Articles, or an InputFailure when it cannot become one; the caller
reports failures and goes on. Per-article trouble (not UTF-8, empty, truncated, not
English) is a warning on the Article instead.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from accord.errors import ConfigError, InputError
from accord.ingest.html import looks_like_html, read_html
from accord.ingest.jsonl import read_jsonl, read_jsonl_file
from accord.ingest.text import (
    IngestOptions,
    InputFailure,
    check_not_binary,
    decode_bytes,
    normalise_date,
    read_text,
)
from accord.model import Article

__all__ = ["IngestOptions", "InputFailure", "ingest_options", "read_articles"]

STDIN = "<stdin>"
_SUFFIXES = {".jsonl.gz": "jsonl.gz", ".jsonl": "jsonl", ".html": "html", ".htm": "html", ".txt": "text"}


def ingest_options(settings) -> IngestOptions:
    """The reading limits a ``Settings`` asks for."""
    return IngestOptions(max_chars=settings.max_chars, max_words=settings.max_words)


def read_articles(paths: Iterable[str], default_date: str | None = None,
                  stdin: TextIO | BinaryIO | None = None, *,
                  options: IngestOptions | None = None) -> Iterator[Article | InputFailure]:
    """Articles and InputFailures from ``paths``, in order.

    ``default_date`` (YYYY-MM-DD) is the date of inputs that carry none; a bad value
    raises ConfigError at once. ``stdin`` is read for ``-`` (default: sys.stdin).
    """
    default = None
    if default_date is not None:
        default = normalise_date(default_date)
        if default is None:
            raise ConfigError(f"--date {default_date!r} is not a date; give it as YYYY-MM-DD")
    return _read_all(paths, default, stdin, options or IngestOptions())


def _read_all(paths: Iterable[str], default_date: str | None, stdin: TextIO | BinaryIO | None,
              options: IngestOptions) -> Iterator[Article | InputFailure]:
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin, default_date, options)
            continue
        location = Path(path)
        if location.is_dir():
            files = _files_under(location)
            if not files:
                yield InputFailure(path, f"{path}: directory has no .txt, .html, .htm, .jsonl or .jsonl.gz files")
            for file in files:
                yield from _read_file(file, _kind(file.name), default_date, options)
        elif location.exists():
            yield from _read_file(location, _kind(location.name) or "text", default_date, options)
        else:
            yield InputFailure(path, f"no such file or directory: {path}; check the path")


def _kind(name: str) -> str | None:
    lower = name.lower()
    return next((kind for suffix, kind in _SUFFIXES.items() if lower.endswith(suffix)), None)


def _stem(path: Path) -> str:
    lower = path.name.lower()
    return path.name[: -len(".jsonl.gz")] if lower.endswith(".jsonl.gz") else path.stem


def _files_under(directory: Path) -> list[Path]:
    """Files with a known extension, recursively, sorted; hidden files and folders skipped."""
    found = []
    for file in directory.rglob("*"):
        hidden = any(part.startswith(".") for part in file.relative_to(directory).parts)
        if not hidden and _kind(file.name) is not None and file.is_file():
            found.append(file)
    return sorted(found)


def _read_file(path: Path, kind: str, default_date: str | None,
               options: IngestOptions) -> Iterator[Article | InputFailure]:
    source = str(path)
    common = {"default_date": default_date, "options": options}
    try:
        if kind in ("jsonl", "jsonl.gz"):
            with (gzip.open(path, "rb") if kind == "jsonl.gz" else open(path, "rb")) as stream:
                yield from read_jsonl_file(stream, source=source, stem=_stem(path), **common)
        else:
            reader = read_html if kind == "html" else read_text
            yield reader(path.read_bytes(), source=source, article_id=_stem(path), **common)
    except InputError as err:
        yield InputFailure(source, str(err))
    except OSError as err:
        reason = getattr(err, "strerror", None) or str(err)
        yield InputFailure(source, f"cannot read {source}: {reason}")


def _read_stdin(stdin: TextIO | BinaryIO | None, default_date: str | None,
                options: IngestOptions) -> Iterator[Article | InputFailure]:
    """stdin: JSONL when it starts with '{', HTML when it starts like HTML, else text."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    common = {"default_date": default_date, "options": options}
    try:
        data = stream.read(options.max_file_bytes + 1)
        if len(data) > options.max_file_bytes:
            raise InputError(f"{STDIN}: more than {options.max_file_bytes:,} bytes; give the input as files "
                             "or raise IngestOptions.max_file_bytes")
        if isinstance(data, bytes):
            text, warnings = decode_bytes(data, STDIN)
        else:
            check_not_binary(data, STDIN)
            text, warnings = data, ()
    except InputError as err:
        yield InputFailure(STDIN, str(err))
        return
    except OSError as err:
        yield InputFailure(STDIN, f"cannot read {STDIN}: {err}")
        return
    text = text.removeprefix("\ufeff")
    if text.lstrip().startswith("{"):
        yield from read_jsonl(text.split("\n"), source=STDIN, stem="stdin", warnings=warnings, **common)
    elif looks_like_html(text):
        yield read_html(text, source=STDIN, article_id="stdin", warnings=warnings, **common)
    else:
        yield read_text(text, source=STDIN, article_id="stdin", warnings=warnings, **common)
