"""Words that make a reported clause an act of its speaker (data/claims/cues.tsv)."""

from __future__ import annotations

import functools
from importlib import resources

from accord.errors import DataFileError

CLAIMS_FILE = "claims/cues.tsv"


@functools.lru_cache(maxsize=1)
def load_claim_cues() -> dict[str, tuple[str, str, str]]:
    """lemma -> (PLOVER type, CAMEO code, entry id)."""
    text = resources.files("accord.data").joinpath(CLAIMS_FILE).read_text(encoding="utf-8")
    cues = {}
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise DataFileError(f"{CLAIMS_FILE}:{line_no}: expected 'id<TAB>lemma<TAB>type<TAB>cameo'")
        entry, lemma, type_, cameo = fields
        cues[lemma] = (type_, cameo, f"claims/cues.tsv:{entry}")
    return cues
