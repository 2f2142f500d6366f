"""The reader of the packaged data files (``src/accord/data/``): every stage reads its
tables through here, and the tables are checked for shape as they are read."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from accord.errors import DataFileError


def read_packaged_text(name: str) -> str:
    """The text of ``data/<name>`` inside the installed package."""
    return resources.files("accord.data").joinpath(name).read_text(encoding="utf-8")


def tsv_rows(name: str, text: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each row; blank lines and ``#`` comments are skipped and a
    row of the wrong width is a DataFileError naming file and line."""
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise DataFileError(
                f"{name}:{line_no}: expected {len(columns)} tab-separated fields "
                f"({', '.join(columns)}), got {len(fields)}"
            )
        yield line_no, fields


def packaged_rows(name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    return tsv_rows(name, read_packaged_text(name), columns)


def packaged_bytes(name: str) -> bytes:
    """The bytes of ``data/<name>`` (model weights)."""
    return resources.files("accord.data").joinpath(name).read_bytes()
