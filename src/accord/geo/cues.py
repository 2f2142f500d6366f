"""The location cue table (``geo/cues.tsv``): the words that make a name a place, read
once, and the entity labels and compass words the place readers share."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from accord.datafiles import packaged_rows
from accord.errors import DataFileError

CUES_FILE = "geo/cues.tsv"
# Entity labels that are never places even when their words are in the gazetteer ("in
# March", "Russian"); other labels are often wrong for place names ("the Donbass" PRODUCT).
NOT_PLACE_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "NORP"}
# Entity labels of place names.
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Adjectives that name part of the place after them ("southern Israel").
COMPASS_ADJECTIVES = {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
                      "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
                      "south-western"}
# Last words of constituencies and sub-counties named after their area ("Baringo North").
COMPASS_WORDS = {"north", "south", "east", "west", "central"}
CUE_KINDS = ("prep", "noun", "people", "facility", "site", "strike", "motion", "venue", "common", "official", "settlement",
             "border")


@dataclass(frozen=True, slots=True)
class LocationCues:
    prepositions: frozenset[str]
    place_nouns: frozenset[str]
    people_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    site_prepositions: frozenset[str]
    strike_words: frozenset[str]
    motion_words: frozenset[str]
    venue_nouns: frozenset[str]
    common_words: frozenset[str]
    official_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    border_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_location_cues() -> LocationCues:
    words: dict[str, set[str]] = {kind: set() for kind in CUE_KINDS}
    for line_no, (_, kind, word) in packaged_rows(CUES_FILE, ("id", "kind", "word")):
        if kind not in words:
            raise DataFileError(f"{CUES_FILE}:{line_no}: kind must be one of {', '.join(CUE_KINDS)}, got {kind!r}")
        words[kind].add(word.strip().lower())
    return LocationCues(*(frozenset(words[k]) for k in CUE_KINDS))


def is_word(token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words
