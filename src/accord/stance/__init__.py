"""Each party's stance on each issue, summarised from an article's events, and the
holder x issue matrix over many articles (`accord stances`)."""

from accord.stance.matrix import (
    DatedStance, StanceMatrix, build_stance_matrix, format_stance_table, read_dated_stances, stance_csv,
)
from accord.stance.summarise import summarise_stances

__all__ = [
    "DatedStance", "StanceMatrix", "build_stance_matrix", "format_stance_table", "read_dated_stances",
    "stance_csv", "summarise_stances",
]
