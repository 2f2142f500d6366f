"""The corpus store: coded articles in a DuckDB file, deduplicated, queried and exported.

``open_store`` is the entry point; ``write`` ingests, ``queries`` reads, ``export``
writes other formats. Kept import-light: Settings imports ``store.options``.
"""

from __future__ import annotations

import os


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False, sandbox: bool = False,
               memory_limit: str | None = None):
    """A DuckDB connection to the store at ``path`` (default $ACCORD_DB or ./accord.duckdb).
    Writable opens create and migrate the file; readers get read-only connections, and
    ``sandbox`` ones (for user SQL) can touch no other file either; ``memory_limit``
    ("1GB") caps DuckDB's memory for the connection's queries."""
    from accord.store.db import connect

    return connect(path, read_only=read_only, sandbox=sandbox, memory_limit=memory_limit)
