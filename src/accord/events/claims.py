"""Words that make a reported clause an act of its speaker (data/claims/cues.tsv)."""

from __future__ import annotations

import functools

from accord.datafiles import packaged_rows

CLAIMS_FILE = "claims/cues.tsv"


@functools.lru_cache(maxsize=1)
def load_claim_cues() -> dict[str, tuple[str, str, str]]:
    """lemma -> (PLOVER type, CAMEO code, entry id)."""
    cues = {}
    for _, (entry, lemma, type_, cameo) in packaged_rows(CLAIMS_FILE, ("id", "lemma", "type", "cameo")):
        cues[lemma] = (type_, cameo, f"claims/cues.tsv:{entry}")
    return cues
