"""The event lexicon: verbs, verb patterns, eventive nouns and CAMEO -> PLOVER, from data/events/.

Precedence in ``Lexicon.lookup_verb``: a curated row with a matching object, then a PETRARCH
pattern (object, preposition object, word before the verb, particle), then the curated verb
default, then the PETRARCH verb default.  Every lookup is a few dict gets.

An entry whose ``type`` is "" is not an event by itself: a light verb ("launch", meaning comes
from the object), a reporting verb ("say"), or a verb that only codes when negated ("tolerate",
``negated_type`` "REJECT").  ``lookup_verb`` returns None for verbs that code nothing at all.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from accord.datafiles import packaged_rows, read_packaged_text
from accord.errors import DataFileError

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
FLAGS = frozenset({"light", "reporting"})
COPULAS = frozenset({"be", "remain", "become"})
NO_EVENT = "---"
# A curated object that stands for any direct object: the row reads the verb used transitively.
ANY_OBJECT = "*"
_CODE_RE = re.compile(r"\d{2,4}")
_LEMMA_RE = re.compile(r"[a-z][a-z'\-]*")


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One coded lexicon entry; ``id`` is the rule citation ("events/verbs.tsv@1:refuse.none")."""

    id: str
    cameo: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    source_file: str
    negated_type: str | None
    light: bool
    reporting: bool

    @property
    def is_event(self) -> bool:
        return bool(self.type)


# --------------------------------------------------------------------------- reading
def _data_text(rel: str) -> str:
    return read_packaged_text(rel)


def _manifest_versions() -> dict[str, int]:
    try:
        table = tomllib.loads(_data_text("MANIFEST.toml"))
    except (FileNotFoundError, tomllib.TOMLDecodeError) as err:
        raise DataFileError(f"MANIFEST.toml: cannot read ({err}); run tools/build_lexicon.py") from err
    return {k: int(v.get("version", 0)) for k, v in table.items() if isinstance(v, dict)}


def _rows(name: str, text: str, columns: tuple[str, ...]):
    """Yield (line number, {column: value}) for the data rows of a TSV with a header line."""
    header: list[str] | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataFileError(f"{name}:{lineno}: header lacks column(s) {missing}")
            continue
        if len(fields) > len(header):
            raise DataFileError(f"{name}:{lineno}: {len(fields)} fields, header has {len(header)}")
        fields += [""] * (len(header) - len(fields))
        yield lineno, {h: f.strip() for h, f in zip(header, fields)}
    if header is None:
        raise DataFileError(f"{name}:1: no header line")


# --------------------------------------------------------------------------- the lexicon
class Lexicon:
    """All event tables, indexed for O(1) lookups. Build through ``load_lexicon()``."""

    def __init__(self, extra_files: tuple[str, ...] = ()) -> None:
        self._versions = _manifest_versions()
        self._cameo: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
        self._negation: dict[str, str] = {}
        # (lemma, particle) -> entry ; (lemma, particle, object) -> entry
        self._curated_default: dict[tuple[str, str], LexEntry] = {}
        self._curated_object: dict[tuple[str, str, str], LexEntry] = {}
        self._verb_default: dict[tuple[str, str], LexEntry] = {}
        self._verb_blocks: dict[str, tuple[str, ...]] = {}
        self._patterns: dict[tuple[str, str, str, str], LexEntry] = {}
        self._nouns: dict[tuple[str, str], LexEntry] = {}
        self._read_cameo()
        self._read_negation()
        self._read_verbs()
        self._read_patterns()
        self._read_curated("events/curated_verbs.tsv", _data_text("events/curated_verbs.tsv"))
        for path in extra_files:
            p = Path(path)
            try:
                text = p.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise DataFileError(f"{p}:0: cannot read user lexicon ({err})") from err
            self._read_curated(str(p), text, user=True)
        self._read_nouns()
        self.light_verbs = frozenset(l for (l, _p), e in self._curated_default.items() if e.light)
        self.reporting_verbs = frozenset(
            l for (l, _p), e in self._curated_default.items() if e.reporting
        )
        triggers = {l for (l, _p), e in self._curated_default.items() if e.type or e.negated_type}
        triggers |= {k[0] for k in self._curated_object}
        triggers |= {l for (l, _p), e in self._verb_default.items() if e.type}
        blocks_with_patterns = {k[0] for k in self._patterns}
        triggers |= {l for l, bs in self._verb_blocks.items() if blocks_with_patterns.intersection(bs)}
        # Light and reporting verbs are left out (their objects or quotes carry the event),
        # except where a curated row codes the verb with its object: "filed charges",
        # "declared a ceasefire".
        triggers -= (self.light_verbs | self.reporting_verbs) - {k[0] for k in self._curated_object}
        triggers |= {k[0] for k in self._nouns}
        self.trigger_lemmas: frozenset[str] = frozenset(triggers)

    # ----------------------------------------------------------------- helpers
    def _rule(self, rel: str, entry_id: str, user: bool = False) -> str:
        if user:
            return f"user:{Path(rel).name}:{entry_id}"
        return f"{rel}@{self._versions.get(rel, 0)}:{entry_id}"

    def _entry(self, name: str, lineno: int, entry_id: str, cameo: str, *, rule: str,
               mode: str = "", negated_type: str = "", flags: frozenset[str] = frozenset(),
               ) -> LexEntry:
        if cameo == NO_EVENT:
            typ, base_mode, contexts = "", None, ()
        else:
            if not _CODE_RE.fullmatch(cameo):
                raise DataFileError(f"{name}:{lineno}: bad CAMEO code {cameo!r}")
            try:
                typ, base_mode, contexts = self.plover_for_cameo(cameo)
            except KeyError:
                raise DataFileError(f"{name}:{lineno}: CAMEO code {cameo!r} not in cameo_plover.tsv") from None
        neg = negated_type or (self._negation.get(typ) if typ else None)
        if neg is not None and neg not in PLOVER_TYPES:
            raise DataFileError(f"{name}:{lineno}: unknown PLOVER type {neg!r} in negated_type")
        return LexEntry(
            id=rule, cameo=cameo, type=typ, mode=mode or base_mode, contexts=contexts,
            source_file=name, negated_type=neg or None,
            light="light" in flags, reporting="reporting" in flags,
        )

    def _read_cameo(self) -> None:
        name = "events/cameo_plover.tsv"
        for lineno, r in _rows(name, _data_text(name), ("cameo", "type", "mode", "contexts")):
            code, typ = r["cameo"], r["type"]
            if not _CODE_RE.fullmatch(code):
                raise DataFileError(f"{name}:{lineno}: bad CAMEO code {code!r}")
            if typ and typ not in PLOVER_TYPES:
                raise DataFileError(f"{name}:{lineno}: unknown PLOVER type {typ!r}")
            ctx = tuple(c for c in r["contexts"].split("|") if c)
            self._cameo[code] = (typ, r["mode"] or None, ctx)

    def _read_negation(self) -> None:
        name = "events/negation.tsv"
        for lineno, r in _rows(name, _data_text(name), ("id", "type", "negated_type")):
            for t in (r["type"], r["negated_type"]):
                if t not in PLOVER_TYPES:
                    raise DataFileError(f"{name}:{lineno}: unknown PLOVER type {t!r}")
            self._negation[r["type"]] = r["negated_type"]

    def _read_verbs(self) -> None:
        name = "events/verbs.tsv"
        for lineno, r in _rows(name, _data_text(name), ("id", "lemma", "particle", "cameo", "blocks")):
            key = (r["lemma"], r["particle"])
            self._verb_default[key] = self._entry(name, lineno, r["id"], r["cameo"],
                                                  rule=self._rule(name, r["id"]))
            if not r["particle"]:
                blocks = tuple(b for b in r["blocks"].split("|") if b)
                self._verb_blocks[r["lemma"]] = self._verb_blocks.get(r["lemma"], ()) + blocks
            else:  # a particle verb also takes its own blocks' patterns
                pkey = f"{r['lemma']} {r['particle']}"
                self._verb_blocks[pkey] = tuple(b for b in r["blocks"].split("|") if b)

    def _read_patterns(self) -> None:
        name = "events/verb_patterns.tsv"
        cols = ("id", "block", "particle", "slot", "head", "cameo")
        for lineno, r in _rows(name, _data_text(name), cols):
            slot = r["slot"]
            if slot not in ("obj", "pre", "-") and not slot.startswith("prep:"):
                raise DataFileError(f"{name}:{lineno}: bad slot {slot!r}")
            key = (r["block"], r["particle"], slot, r["head"])
            self._patterns[key] = self._entry(name, lineno, r["id"], r["cameo"],
                                              rule=self._rule(name, r["id"]))

    def _read_curated(self, name: str, text: str, user: bool = False) -> None:
        cols = ("id", "lemma", "particle", "object", "cameo", "mode", "negated_type", "flags")
        for lineno, r in _rows(name, text, cols):
            if not r["id"] or not _LEMMA_RE.fullmatch(r["lemma"]):
                raise DataFileError(f"{name}:{lineno}: need an id and a lowercase lemma, got "
                                    f"{r['id']!r} / {r['lemma']!r}")
            flags = frozenset(f for f in r["flags"].replace(",", "|").split("|") if f)
            if flags - FLAGS:
                raise DataFileError(f"{name}:{lineno}: unknown flag(s) {sorted(flags - FLAGS)}")
            entry = self._entry(name if not user else name, lineno, r["id"], r["cameo"],
                                rule=self._rule(name, r["id"], user), mode=r["mode"],
                                negated_type=r["negated_type"], flags=flags)
            particle = r["particle"]
            objects = [o for o in r["object"].split("|") if o]
            if objects:
                for obj in objects:
                    self._curated_object[(r["lemma"], particle, obj)] = entry
            else:
                self._curated_default[(r["lemma"], particle)] = entry

    def _read_nouns(self) -> None:
        name = "events/nouns.tsv"
        cols = ("id", "lemma", "modifier", "cameo", "mode", "forms")
        for lineno, r in _rows(name, _data_text(name), cols):
            entry = self._entry(name, lineno, r["id"], r["cameo"], rule=self._rule(name, r["id"]),
                                mode=r["mode"])
            if not entry.type:
                raise DataFileError(f"{name}:{lineno}: noun {r['lemma']!r} codes no PLOVER event")
            for form in [r["lemma"]] + [f for f in r["forms"].split("|") if f]:
                self._nouns.setdefault((form, r["modifier"]), entry)

    # ----------------------------------------------------------------- public API
    def curated_lemmas(self, types: tuple[str, ...]) -> frozenset[str]:
        """Lemmas of the hand-checked verbs and nouns that code one of ``types``; not a
        copula, which codes only with its complement ("is at war with") and is in every text."""
        curated = [(key[0], entry) for table in (self._curated_default, self._curated_object, self._nouns)
                   for key, entry in table.items()]
        return frozenset(lemma for lemma, entry in curated if entry.type in types and lemma not in COPULAS)

    def plover_for_cameo(self, cameo: str) -> tuple[str, str | None, tuple[str, ...]]:
        """(type, mode, contexts) for a CAMEO code, falling back to its 3- then 2-digit parent.

        type "" means the code is no PLOVER event (CAMEO 01x). Raises KeyError if unknown.
        """
        for code in (cameo, cameo[:3], cameo[:2]):
            if code in self._cameo:
                return self._cameo[code]
        raise KeyError(cameo)

    def lookup_verb(
        self,
        lemma: str,
        particle: str | None = None,
        object_lemmas: tuple[str, ...] = (),
        preps: dict[str, tuple[str, ...]] | None = None,
        subject_lemmas: tuple[str, ...] = (),
    ) -> LexEntry | None:
        """The entry for a verb with its particle, object heads, {prep: object heads} and subject.

        A prep may also stand for a particle ("call for", "meet with"); its objects then count as
        the verb's objects. Returns None when the verb codes no event and carries no flag.
        """
        lemma = lemma.lower()
        preps = preps or {}
        parts: list[tuple[str, tuple[str, ...]]] = [((particle or "").lower(), object_lemmas)]
        for p, heads in preps.items():
            if (lemma, p) in self._curated_default or (lemma, p) in self._verb_default or any(
                (lemma, p, h) in self._curated_object for h in heads + (ANY_OBJECT,)
            ):
                parts.append((p, tuple(object_lemmas) + tuple(heads)))
        if particle is None and not preps:
            parts = [("", object_lemmas)]
        # 1. curated verb + object
        for prt, objs in parts:
            for obj in objs:
                hit = self._curated_object.get((lemma, prt, obj))
                if hit is not None:
                    return hit
        # 2. PETRARCH patterns of the verb's blocks. A pattern refines a curated default of the
        #    same PLOVER type but may not flip it (block patterns apply to every synonym in the
        #    block, so "arrest * JOURNALIST" would otherwise inherit APPREHEND's 175 ASSAULT).
        curated = next((self._curated_default[(lemma, prt)] for prt, _o in reversed(parts)
                        if (lemma, prt) in self._curated_default), None)
        if curated is None:
            curated = self._curated_default.get((lemma, ""))
        hit = self._pattern_hit(lemma, parts, object_lemmas, preps, subject_lemmas)
        if hit is not None and (curated is None or not curated.type or hit.type == curated.type):
            return hit
        # 3. curated verb + any direct object ("returned 12 skulls to Peru")
        if object_lemmas:
            for prt, _objs in parts:
                hit = self._curated_object.get((lemma, prt, ANY_OBJECT))
                if hit is not None:
                    return hit
        # 4. curated default, 5. PETRARCH default (particle forms first)
        for table in (self._curated_default, self._verb_default):
            for prt, _objs in reversed(parts):
                hit = table.get((lemma, prt))
                if hit is not None:
                    return _or_none(hit)
            hit = table.get((lemma, ""))
            if hit is not None:
                return _or_none(hit)
        return None

    def _pattern_hit(self, lemma, parts, object_lemmas, preps, subject_lemmas) -> LexEntry | None:
        for prt, _objs in parts:
            blocks = self._verb_blocks.get(f"{lemma} {prt}" if prt else lemma, ())
            if prt and not blocks:
                blocks = self._verb_blocks.get(lemma, ())
            for block in blocks:
                for obj in object_lemmas:
                    hit = self._patterns.get((block, prt, "obj", obj))
                    if hit is not None:
                        return hit
                for p, heads in preps.items():
                    for h in heads:
                        hit = self._patterns.get((block, prt, f"prep:{p}", h))
                        if hit is not None:
                            return hit
                if prt:
                    hit = self._patterns.get((block, prt, "-", ""))
                    if hit is not None:
                        return hit
                for subj in subject_lemmas:
                    hit = self._patterns.get((block, prt, "pre", subj))
                    if hit is not None:
                        return hit
        return None

    def lookup_noun(self, lemma: str, modifier_lemmas: tuple[str, ...] = ()) -> LexEntry | None:
        """The entry for an eventive noun; a row for one of its modifiers wins over the bare row."""
        lemma = lemma.lower()
        for mod in modifier_lemmas:
            hit = self._nouns.get((lemma, mod.lower()))
            if hit is not None:
                return hit
        return self._nouns.get((lemma, ""))


def _or_none(entry: LexEntry) -> LexEntry | None:
    if entry.type or entry.light or entry.reporting or entry.negated_type:
        return entry
    return None


CREDIT_LINES_FILE = "events/credit_lines.tsv"


@functools.lru_cache(maxsize=1)
def load_credit_line_openings() -> tuple[str, ...]:
    """The openings of agency credit lines (data/events/credit_lines.tsv), lower-cased."""
    return tuple(opening.strip().lower() for _, (_, opening) in packaged_rows(CREDIT_LINES_FILE, ("id", "opening")))


@functools.lru_cache(maxsize=8)
def load_lexicon(extra_files: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon, extended by user TSVs in the curated_verbs.tsv format."""
    return Lexicon(tuple(extra_files))
