"""The attribution tables: cue verbs by kind, news outlets, document nouns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from accord.errors import DataFileError
from accord.datafiles import packaged_rows

CUES_FILE = "attribution/cues.tsv"
OUTLETS_FILE = "attribution/outlets.tsv"
DOCUMENTS_FILE = "attribution/documents.tsv"
OUTLET_FORMS_FILE = "attribution/outlet_forms.tsv"
DOCUMENT_KINDS = frozenset({"document", "platform"})
OUTLET_FORM_KINDS = frozenset({"suffix", "descriptor"})
# Capitalised words that open a sentence or a phrase, never an outlet's name.
NAME_WORD = (r"(?!(?:The|A|An|On|In|At|By|From|Via|With|For|Of|To|And|But|As|According|Then|While|After|Before|"
             r"This|These|Those|One|Its|His|Her|Their|Our)\b)[A-Z][\w.&-]*")
# A country or owner before a described outlet ("Iranian state television", "Iran's state media").
OWNER_WORD = NAME_WORD + "(?:'s|’s)?"
CUE_KINDS = frozenset({"speech", "belief", "according", "act", "verdict", "evidence", "desire", "narration"})
# Cues whose complement is someone's claim; events inside it are reported, not asserted.
REPORTING_KINDS = frozenset({"speech", "belief"})
CLAIM_KINDS = frozenset({"speech", "belief", "according", "evidence"})


@dataclass(frozen=True, slots=True)
class AttributionTables:
    cues: dict[str, tuple[str, str]]  # lemma -> (kind, entry id)
    outlet_names: dict[str, str]  # alias -> canonical outlet name
    outlet_pattern: re.Pattern
    outlet_form_pattern: re.Pattern  # outlets known by their form: "Palestine TV", "state media"
    documents: dict[str, str]  # noun -> entry id
    platforms: frozenset[str]  # document nouns that name a medium, not a text ("Twitter")
    reporting_lemmas: frozenset[str]  # verbs whose complement is a claim (events inside are reported)
    quoting_lemmas: frozenset[str]  # verbs that attribute a direct quote beside them (`," she warned`)


@functools.lru_cache(maxsize=1)
def load_attribution_tables() -> AttributionTables:
    cues = {}
    for line_no, (entry, lemma, kind) in packaged_rows(CUES_FILE, ("id", "lemma", "kind")):
        if kind not in CUE_KINDS:
            raise DataFileError(f"{CUES_FILE}:{line_no}: unknown cue kind {kind!r}; use one of {sorted(CUE_KINDS)}")
        cues[lemma] = (kind, entry)
    outlets = {}
    for _, (_entry, name, aliases) in packaged_rows(OUTLETS_FILE, ("id", "name", "aliases")):
        outlets[name] = name
        for alias in filter(None, aliases.split("|")):
            outlets[alias] = name
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(outlets, key=len, reverse=True)) + r")\b")
    suffixes, descriptors = [], []
    for line_no, (_entry, form, kind) in packaged_rows(OUTLET_FORMS_FILE, ("id", "form", "kind")):
        if kind not in OUTLET_FORM_KINDS:
            raise DataFileError(f"{OUTLET_FORMS_FILE}:{line_no}: unknown outlet form kind {kind!r}; "
                                f"use one of {sorted(OUTLET_FORM_KINDS)}")
        (suffixes if kind == "suffix" else descriptors).append(re.escape(form))
    # Words of a name are joined by single spaces: a line break ends a name.
    form_pattern = re.compile(rf"\b(?:(?:{NAME_WORD} ){{1,3}}(?:{'|'.join(suffixes)})"
                              rf"|(?:{OWNER_WORD} )?(?:{'|'.join(descriptors)}))\b")
    documents, platforms = {}, set()
    for line_no, (entry, noun, kind) in packaged_rows(DOCUMENTS_FILE, ("id", "noun", "kind")):
        if kind not in DOCUMENT_KINDS:
            raise DataFileError(f"{DOCUMENTS_FILE}:{line_no}: unknown document kind {kind!r}; "
                                f"use one of {sorted(DOCUMENT_KINDS)}")
        documents[noun] = entry
        if kind == "platform":
            platforms.add(noun)
    reporting = frozenset(lemma for lemma, (kind, _) in cues.items() if kind in REPORTING_KINDS)
    quoting = frozenset(lemma for lemma, (kind, _) in cues.items() if kind != "according")
    return AttributionTables(cues, outlets, pattern, form_pattern, documents, frozenset(platforms), reporting, quoting)

