"""Actor tables: typed loaders for data/actors/*.tsv and the phrase matchers built from them.

Every table is a TSV with a header row; ``#`` lines are comments. The kind of a table is
told by its header, so user files (``extra_files``) use the same columns as the shipped
file they extend, and their rows win over shipped rows with the same alias.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.datafiles import read_packaged_text
from accord.errors import DataFileError
from accord.nlp import hyphenated_given_names

NONSTATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
SECTOR_RE = re.compile(r"^[A-Z]{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

PERSON_COLUMNS = ("id", "name", "aliases", "code", "sector", "role", "terms", "sector_out")
HEADERS = {  # kind -> columns, in file order
    "country": ("id", "code", "name", "aliases", "demonyms"),
    "metonym": ("id", "aliases", "code", "sector", "name"),
    "org": ("id", "name", "aliases", "code", "sector"),
    "person": PERSON_COLUMNS,
    "role": ("id", "aliases", "sector", "role", "anonymous"),
    "agent": ("id", "aliases", "sector"),
}
# Shipped files in load order; for equal aliases the later kind in KIND_PRIORITY wins.
SHIPPED = (
    ("countries.tsv", "country"), ("capitals.tsv", "metonym"), ("metonyms.tsv", "metonym"), ("organisations.tsv", "org"), ("agencies.tsv", "org"),
    ("groups.tsv", "person"), ("parties.tsv", "person"), ("people.tsv", "person"), ("agents.tsv", "agent"), ("roles.tsv", "role"),
)
# Tables whose rows name a state or its seat of power: places as well as parties ("Kenya",
# "Moscow" for Russia's government, "Nairobi").
STATE_TABLES = ("actors/countries.tsv", "actors/capitals.tsv", "actors/metonyms.tsv")
# Generated tables whose one-word names are also words or names: matched as capitalised.
CASE_SENSITIVE_TABLES = ("actors/capitals.tsv",)
# Tables in person columns whose rows are collective actors (armed groups, parties).
GROUP_TABLES = ("groups.tsv", "parties.tsv")
KIND_PRIORITY = {"agent": 0, "role": 1, "demonym": 2, "country": 3, "metonym": 4, "org": 5,
                 "group": 6, "person": 7}


@dataclass(frozen=True, slots=True)
class Term:
    start: str  # "" = open
    end: str
    role: str

    def covers(self, date: str) -> bool:
        return (not self.start or self.start <= date) and (not self.end or date < self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of an actor table (a demonym gets its own Entry of kind "demonym")."""

    kind: str
    id: str
    source: str  # "actors/people.tsv"
    name: str | None
    code: str | None
    sector: str | None
    role: str | None = None
    anonymous: bool = False
    terms: tuple[Term, ...] = ()
    sector_out: str | None = None

    @property
    def rule(self) -> str:
        return f"{self.source}:{self.id}"

    def at(self, date: str | None) -> tuple[str | None, str | None]:
        """(sector, role) of this entry at ``date`` (ISO); no date or no terms -> the default."""
        if not self.terms:
            return self.sector, self.role
        if date is None:
            return self.sector, self.terms[-1].role or self.role
        for term in self.terms:
            if term.covers(date):
                return self.sector, term.role or self.role
        return self.sector_out, self.role


@dataclass(frozen=True)
class ActorTables:
    """Entries by alias plus the two PhraseMatchers (LOWER and case-sensitive ORTH)."""

    entries: dict[str, tuple[Entry, ...]]  # matcher key -> entries, best first
    lower_matcher: object
    orth_matcher: object
    vocab: object
    countries: dict[str, Entry] = field(default_factory=dict)  # code -> country entry
    offices: dict[tuple[str, str], tuple[Entry, ...]] = field(default_factory=dict)
    by_rule: dict[str, Entry] = field(default_factory=dict)
    surnames: dict[str, tuple[Entry, ...]] = field(default_factory=dict)  # first or last name word -> people


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("s"):
        return word
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(sh|ch|x)$", word):
        return word + "es"
    return word + "s"


def plural_forms(alias: str) -> list[str]:
    """Regular plural of a role noun: the head before "of"/"for", else the last word."""
    m = re.match(r"^(.*?)(\S+)( (?:of|for) .*)$", alias)
    if m:
        return [m.group(1) + _plural(m.group(2)) + m.group(3)]
    head, _, last = alias.rpartition(" ")
    return [(head + " " if head else "") + _plural(last)]


def demonym_plurals(demonym: str) -> list[str]:
    if re.search(r"(sh|ch|ese|s)$", demonym):
        return []
    return [demonym + "s"]


def _split(value: str) -> list[str]:
    return [a.strip() for a in value.split("|") if a.strip()]


def _parse_terms(value: str, role: str, where: str) -> tuple[Term, ...]:
    terms = []
    for part in _split(value):
        span, _, term_role = part.partition("=")
        start, sep, end = span.partition("..")
        if not sep:
            raise DataFileError(f"{where}: bad term {part!r}; expected FROM..TO[=role]")
        for d in (start, end):
            if d and not DATE_RE.match(d):
                raise DataFileError(f"{where}: bad date {d!r}; expected YYYY-MM-DD")
        terms.append(Term(start, end, term_role.strip() or role))
    return tuple(sorted(terms, key=lambda t: t.start))


def _read_rows(text: str, label: str):
    """Yield (line number, kind, row dict) from one TSV text."""
    kind = None
    columns: tuple[str, ...] = ()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if kind is None:
            columns = tuple(c.strip() for c in cells)
            kind = next((k for k, cols in HEADERS.items() if cols == columns), None)
            if kind is None:
                raise DataFileError(f"{label}:{lineno}: unknown header {columns!r}; "
                                    f"use one of {sorted(HEADERS.values())}")
            continue
        if len(cells) > len(columns):
            raise DataFileError(f"{label}:{lineno}: {len(cells)} columns, header has {len(columns)}")
        cells += [""] * (len(columns) - len(cells))
        yield lineno, kind, dict(zip(columns, (c.strip() for c in cells)))


def _entries_from(text: str, label: str, country_codes: set[str]):
    """Validated (aliases, Entry) pairs of one table."""
    seen: set[str] = set()
    for lineno, kind, row in _read_rows(text, label):
        where = f"{label}:{lineno}"
        rid = row["id"]
        if not rid or not re.fullmatch(r"[A-Za-z0-9_.\-]+", rid):
            raise DataFileError(f"{where}: bad id {rid!r}; use letters, digits and _")
        if rid in seen:
            raise DataFileError(f"{where}: duplicate id {rid!r}")
        seen.add(rid)
        code = row.get("code") or None
        if kind == "country":
            if not code or not re.fullmatch(r"[A-Z]{3}", code):
                raise DataFileError(f"{where}: bad country code {code!r}; expected ISO 3166-1 alpha-3")
            country_codes.add(code)
        elif code and code not in country_codes and code not in NONSTATE_CODES:
            raise DataFileError(f"{where}: unknown country code {code!r}")
        for col in ("sector", "sector_out"):
            value = row.get(col)
            if value and not SECTOR_RE.match(value):
                raise DataFileError(f"{where}: bad {col} {value!r}; expected a 3-letter code like GOV")
        sector = row.get("sector") or None
        aliases = _split(row.get("aliases", ""))
        if kind == "country":
            entry = Entry("country", rid, label, row["name"], code, "GOV")
            yield [row["name"], *aliases], entry
            demonyms = _split(row["demonyms"])
            if demonyms:
                demonym = Entry("demonym", rid, label, None, code, None)
                yield demonyms + [p for d in demonyms for p in demonym_plurals(d)], demonym
        elif kind == "metonym":
            if not aliases:
                raise DataFileError(f"{where}: no aliases")
            yield aliases, Entry("metonym", rid, label, row["name"] or None, code, sector)
        elif kind == "org":
            yield [row["name"], *aliases], Entry("org", rid, label, row["name"], code, sector)
        elif kind == "person":
            if not row["name"]:
                raise DataFileError(f"{where}: empty name")
            role = row["role"] or None
            terms = _parse_terms(row["terms"], role or "", where)
            sub = "group" if label.endswith(GROUP_TABLES) else "person"
            entry = Entry(sub, rid, label, row["name"], code, sector, role, False, terms,
                          row["sector_out"] or None)
            yield [row["name"], *aliases], entry
        else:  # role, agent
            if not aliases:
                raise DataFileError(f"{where}: no aliases")
            if kind == "role" and row["anonymous"] not in ("", "yes", "no"):
                raise DataFileError(f"{where}: anonymous must be yes, no or empty")
            forms = aliases + [p for a in aliases if a.islower() for p in plural_forms(a)]
            yield forms, Entry(kind, rid, label, None, None, sector, row.get("role") or None,
                               row.get("anonymous") == "yes")


def _matcher_key(alias: str, entry: Entry) -> str:
    """ORTH for acronyms and one-word names (case matters: "US", "Putin", the capital "Lima"
    but not "lima beans"), LOWER otherwise."""
    words = alias.split()
    if (alias.isupper() and len(alias.replace(".", "")) <= 5) or (len(words) == 1 and (
            entry.kind in ("person", "group") or entry.source in CASE_SENSITIVE_TABLES)):
        return "O:" + alias
    return "L:" + alias.lower()


def _read_shipped(name: str) -> str:
    return read_packaged_text(f"actors/{name}")


def build_tables(sources: list[tuple[str, str]], nlp) -> ActorTables:
    """``sources``: (label, text) in load order; for the same alias a coded row wins, then the
    later source."""
    from spacy.matcher import PhraseMatcher

    country_codes: set[str] = set()
    keyed: dict[str, dict[tuple[str, str], tuple[int, int, Entry]]] = {}
    countries: dict[str, Entry] = {}
    by_rule: dict[str, Entry] = {}
    for order, (label, text) in enumerate(sources):
        for aliases, entry in _entries_from(text, label, country_codes):
            by_rule[entry.rule] = entry
            if entry.kind == "country":
                countries[entry.code] = entry
            for alias in aliases:
                slot = keyed.setdefault(_matcher_key(alias, entry), {})
                slot[(entry.kind, entry.id)] = (order, KIND_PRIORITY[entry.kind], entry)
    # A row that codes its party wins over a generic agent or role row of the same words:
    # "Commerce Department" is the U.S. body (agencies.tsv), not any country's department.
    entries = {k: tuple(e for _, _, e in sorted(v.values(), key=lambda t: (t[2].code is None, -t[0], -t[1])))
               for k, v in keyed.items()}
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    orth = PhraseMatcher(nlp.vocab, attr="ORTH")
    keys = list(entries)
    # Patterns are tokenised as the texts are: "Moon Jae-in" keeps its given name whole.
    docs = [hyphenated_given_names(doc) for doc in nlp.tokenizer.pipe(k[2:] for k in keys)]
    for key, doc in zip(keys, docs):
        (orth if key[0] == "O" else lower).add(key, [doc])
        for written in _written_forms(key) if key[0] == "L" else ():
            pattern = hyphenated_given_names(nlp.make_doc(written))
            if len(pattern) != len(doc):
                lower.add(key, [pattern])
        if key[0] == "O" and key[2:3].islower():  # "al-Qaeda" also as "Al-Qaeda"
            cap = key[2:3].upper() + key[3:]
            orth.add(key, [hyphenated_given_names(nlp.make_doc(cap))])
        if key[0] == "O" and key[2:].istitle():  # "Putin" also in a headline's "PUTIN"
            orth.add(key, [nlp.make_doc(key[2:].upper())])
    offices: dict[tuple[str, str], list[Entry]] = {}
    for entry in by_rule.values():
        if entry.kind == "person" and entry.code:
            for role in {t.role for t in entry.terms} | {entry.role}:
                if role:
                    offices.setdefault((entry.code, role), []).append(entry)
    return ActorTables(entries, lower, orth, nlp.vocab, countries,
                       {k: tuple(v) for k, v in offices.items()}, by_rule, _surnames(by_rule.values()))


def _written_forms(key: str) -> list[str]:
    """How a lower-cased alias is written in text where the tokenizer splits it otherwise:
    a name with a hyphenated given name ("Moon Jae-in" stays one word only as written) and
    an abbreviation ("Sen.", "Col." stay one token only capitalised; "sen." is two)."""
    alias = key[2:]
    return ([alias.title()] if "-" in alias else []) + ([alias[:1].upper() + alias[1:]] if alias.endswith(".") else [])


def _surnames(entries) -> dict[str, tuple[Entry, ...]]:
    """People by the first and the last word of their name: "Obama", "Moon", "Wang"; the
    family name comes last in some languages and first in others."""
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        words = entry.name.split() if entry.kind == "person" and entry.code and entry.terms else []
        if len(words) >= 2:
            for word in {words[0], words[-1]}:
                if len(word) > 2 and word[0].isupper() and not word.endswith("."):
                    found.setdefault(word, []).append(entry)
    return {w: tuple(e) for w, e in found.items()}


@functools.lru_cache(maxsize=8)
def load_actor_tables(extra_files: tuple[str, ...] = ()) -> ActorTables:
    """The shipped tables plus user TSVs (same columns as the shipped file they extend)."""
    from accord.nlp import load_nlp

    sources = [(f"actors/{name}", _read_shipped(name)) for name, _ in SHIPPED]
    for path in extra_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise DataFileError(f"{path}: cannot read actor table ({err})") from err
        sources.append((Path(path).name, text))
    return build_tables(sources, load_nlp())
