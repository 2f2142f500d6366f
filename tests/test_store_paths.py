"""Store paths DuckDB would misreport get a StoreError that names the problem."""

from __future__ import annotations

import os

import pytest

from accord.errors import StoreError
from accord.store import open_store


def test_store_in_a_missing_folder_says_the_folder_is_missing(tmp_path):
    with pytest.raises(StoreError, match="folder .*missing.* does not exist; create it first"):
        open_store(tmp_path / "missing" / "s.duckdb")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_store_path_with_undecodable_bytes_is_refused_clearly(tmp_path):
    path = os.fsdecode(os.fsencode(tmp_path) + b"/bad\xff.duckdb")  # a surrogate escape, as from argv
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"not valid UTF-8, which DuckDB needs; rename"):
            open_store(path, read_only=read_only)
