"""JSONL -> Articles: one JSON object a line, with ``text`` and optional
``id, title, date, outlet, url, language``.

A broken line becomes an InputFailure naming ``path:line``; the other lines still come.
Files are read in chunks with hard limits (``read_jsonl_stream``): a line longer than
``IngestOptions.max_line_bytes`` is refused without being held in memory, and reading stops
after ``max_file_bytes`` (decompressed) with an InputFailure; runs of blank lines cost no
Python work per line. UTF-16 and UTF-32 files (with a byte-order mark) are transcoded on
the way. A truncated or corrupt .jsonl.gz yields the records before the damage, then an
InputFailure.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from accord.errors import InputError
from accord.ingest.sanitise import sanitise_field
from accord.ingest.text import IngestOptions, InputFailure, build_article, check_not_binary, decode_bytes
from accord.model import Article

_OPTIONAL = ("title", "outlet", "url", "language")


@dataclass(frozen=True, slots=True)
class OverlongLine:
    """Stands for a line over the limit, skipped unread."""

    size: int  # bytes, at least


_CHUNK = 1 << 20
_SNIFF_BYTES = 8_192
_NON_SPACE = re.compile(rb"\S")
UTF32_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # checked first: UTF-32-LE's mark starts with UTF-16-LE's
UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _raw_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream in chunks of about ``_CHUNK`` bytes. A read that fails (a truncated or
    corrupt .gz) raises only after the bytes decompressed before the damage came out:
    ``read1`` returns what one step gives, where ``read`` would drop a whole chunk."""
    read = getattr(stream, "read1", stream.read)
    pieces: list[bytes] = []
    size = 0
    while True:
        try:
            data = read(_CHUNK)
        except (OSError, EOFError, zlib.error):
            if pieces:
                yield b"".join(pieces)
            raise
        if not data:
            break
        pieces.append(data)
        size += len(data)
        if size >= _CHUNK:  # whole chunks: each one is searched and carried over once
            yield b"".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield b"".join(pieces)


def _utf8_chunks(stream: BinaryIO, encoding: str | None) -> Iterator[bytes]:
    """The stream in chunks of UTF-8 (transcoded from ``encoding`` when one is given)."""
    decoder = codecs.getincrementaldecoder(encoding)("replace") if encoding else None
    for data in _raw_chunks(stream):
        yield data if decoder is None else decoder.decode(data).encode("utf-8", "surrogatepass")
    if decoder is not None and (rest := decoder.decode(b"", final=True)):
        yield rest.encode("utf-8", "surrogatepass")


def bounded_lines(stream: BinaryIO, source: str, options: IngestOptions,
                  encoding: str | None = None) -> Iterator[tuple[int, bytes | OverlongLine]]:
    """(line number, line) for each line with something besides whitespace, within the
    limits of ``options``; raises InputError once more than max_file_bytes were read."""
    line_no, carry, skipping, total = 1, b"", 0, 0
    for data in _utf8_chunks(stream, encoding):
        if total > options.max_file_bytes:  # the chunk that crossed the cap was the last one read
            raise InputError(f"{source}: stopped reading after {options.max_file_bytes:,} bytes (decompressed); "
                             "split the file or raise IngestOptions.max_file_bytes")
        total += len(data)
        if skipping:  # inside an overlong line: find its end
            end = data.find(b"\n")
            if end < 0:
                skipping += len(data)
                continue
            yield line_no, OverlongLine(skipping + end)
            line_no, skipping, data = line_no + 1, 0, data[end + 1:]
        buffer, pos = carry + data, 0
        while (found := _NON_SPACE.search(buffer, pos)) is not None:
            start = buffer.rfind(b"\n", pos, found.start()) + 1 or pos
            end = buffer.find(b"\n", found.start())
            if end < 0:
                break
            line_no += buffer.count(b"\n", pos, start)
            yield line_no, buffer[start:end]
            line_no, pos = line_no + 1, end + 1
        else:  # the rest is whitespace: count its line breaks, keep nothing
            line_no += buffer.count(b"\n", pos)
            carry = b""
            continue
        line_no += buffer.count(b"\n", pos, start)
        carry = buffer[start:]
        if len(carry) > options.max_line_bytes:
            skipping, carry = len(carry), b""
    if skipping:
        yield line_no, OverlongLine(skipping)
    elif carry.strip():
        yield line_no, carry


def read_jsonl_file(stream: BinaryIO, *, source: str, stem: str, default_date: str | None,
                    options: IngestOptions) -> Iterator[Article | InputFailure]:
    """A JSONL file opened in binary (a ``gzip`` stream for .jsonl.gz), as every reader of
    files reads one (`code`, `ingest`, the Spark job): UTF-32 or UTF-16 when it starts with
    that byte-order mark, else refused when it looks binary, then ``read_jsonl_stream``. A file
    that turns out unreadable (corrupt compression, over the limits) ends with an
    InputFailure after the articles read before."""
    try:
        head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
        encoding = ("utf-32" if head.startswith(UTF32_MARKS) else "utf-16" if head.startswith(UTF16_MARKS)
                    else None)
        if encoding is None:  # UTF-16 and UTF-32 text is half NUL bytes or more: not a sign of binary
            check_not_binary(head, source)
        yield from read_jsonl_stream(stream, source=source, stem=stem, default_date=default_date,
                                     options=options, encoding=encoding)
    except InputError as err:
        yield InputFailure(source, str(err))
    except (OSError, EOFError, zlib.error) as err:
        reason = getattr(err, "strerror", None) or str(err)
        yield InputFailure(source, f"cannot read {source}: {reason}")


def read_jsonl_stream(stream: BinaryIO, *, source: str, stem: str, default_date: str | None,
                      options: IngestOptions, encoding: str | None = None) -> Iterator[Article | InputFailure]:
    """A JSONL file opened in binary (``encoding``: a UTF-16 codec when it has that mark),
    read within the limits of ``options``; otherwise as ``read_jsonl``."""
    yield from _read_numbered(bounded_lines(stream, source, options, encoding), source=source, stem=stem,
                              default_date=default_date, options=options, warnings=())


def read_jsonl(lines: Iterable[bytes | str], *, source: str, stem: str, default_date: str | None,
               options: IngestOptions, warnings: tuple[str, ...] = ()) -> Iterator[Article | InputFailure]:
    """Lines of a JSONL file -> an Article or an InputFailure per non-blank line, in order.

    Records without ``id`` get ``"{stem}:{line}"``.
    """
    yield from _read_numbered(enumerate(lines, 1), source=source, stem=stem, default_date=default_date,
                              options=options, warnings=warnings)


def _read_numbered(numbered: Iterable[tuple[int, bytes | str | OverlongLine]], *, source: str, stem: str,
                   default_date: str | None, options: IngestOptions,
                   warnings: tuple[str, ...]) -> Iterator[Article | InputFailure]:
    for line_no, line in numbered:
        where = f"{source}:{line_no}"
        notes = warnings
        if isinstance(line, OverlongLine) or len(line) > options.max_line_bytes:
            size = line.size if isinstance(line, OverlongLine) else len(line)
            yield InputFailure(where, f"{where}: line of {size:,}+ bytes is over the limit of "
                                      f"{options.max_line_bytes:,} (IngestOptions.max_line_bytes); skipped")
            continue
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
    except ValueError:  # an integer too long to convert (Python's int_max_str_digits)
        return InputFailure(where, f"{where}: unreadable JSON: a number of more than "
                                   f"{sys.get_int_max_str_digits():,} digits")
    except RecursionError:
        return InputFailure(where, f"{where}: unreadable JSON: arrays or objects nested too deeply "
                                   f"(over {sys.getrecursionlimit():,} levels)")
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
    given_id = _string_field(record, "id", notes)
    return build_article(
        text,
        article_id=given_id or fallback_id,
        id_given=given_id is not None,
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
        return sanitise_field(value)
    notes.append(f"field: '{key}' is a JSON {type(value).__name__}, not a string; ignored")
    return None
