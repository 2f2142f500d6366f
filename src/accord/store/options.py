"""Tunables of the store: duplicate grouping, event linking and reader limits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoreOptions:
    minhash_perm: int = 128  # MinHash permutations per article signature
    shingle_words: int = 5  # words per shingle; wire copies share most 5-word runs
    duplicate_threshold: float = 0.7  # estimated Jaccard similarity at which articles group
    link_window_days: int = 2  # mentions of one event may differ in date by this many days
    sql_row_cap: int = 10_000  # `accord sql` returns at most this many rows
    sql_timeout_s: float = 30.0  # `accord sql` queries are interrupted after this long
    sql_memory_mb: int = 1024  # `accord sql`: DuckDB's memory_limit, and (x2) the process's address-space cap
