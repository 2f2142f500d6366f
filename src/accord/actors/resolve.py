"""Actor mentions in a parsed Doc and what each one denotes.

A mention is a noun phrase whose head is an actor word: a person, group, organisation,
country, metonym ("the Kremlin"), demonym used as a noun ("the Russians") or a role noun
("troops", "officials"). Modifiers in the phrase add what the head lacks: the country of
"Russian officials", the organisation of "NATO troops", the title of "Defence Minister X".
"""

from __future__ import annotations

import dataclasses
import bisect
import re
from dataclasses import dataclass

from accord.actors.context import link_people
from accord.actors.tables import ActorTables, Entry
from accord.deadline import NO_DEADLINE, Deadline
from accord.model import Actor
from accord.nlp import doc_text

ACTOR_KINDS = frozenset({"person", "group", "org", "metonym", "country"})
GEO_KINDS = ("metonym", "country", "demonym")
# Right-hand modifiers that belong to an anonymous source ("sources close to the Kremlin").
SOURCE_EXTENSIONS = frozenset({"close", "familiar", "in", "at", "within", "inside", "from",
                               "with", "near", "briefed", "knowledgeable"})


NAMED_BODY_RULE = "actors:named-body"
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another", "some", "any"})
PREFIX_RE = re.compile(r"(?<![\w.-])([A-Z][\w.]*)-[a-z]+\b")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # token indices
    end: int
    entries: tuple[Entry, ...]

    def best(self, date: str | None) -> Entry:
        """The entry for this alias; among same-alias people, the one in office at ``date``."""
        first = self.entries[0]
        if date and first.kind in ("person", "group") and len(self.entries) > 1:
            for entry in self.entries:
                if entry.kind == first.kind and any(t.covers(date) for t in entry.terms):
                    return entry
        return first


def match_hits(doc, tables: ActorTables) -> list[Hit]:
    """All alias matches in ``doc``, longest first, without overlaps, sorted by start."""
    return _select_hits(tables.lower_matcher(doc) + tables.orth_matcher(doc), doc.vocab.strings, tables)


def _select_hits(raw, strings, tables: ActorTables) -> list[Hit]:
    raw = sorted(raw, key=lambda m: (m[1] - m[2], m[1]))  # longest first
    taken: set[int] = set()
    hits = []
    for key, start, end in raw:
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            hits.append(Hit(start, end, tables.entries[strings[key]]))
    hits.sort(key=lambda h: h.start)
    return hits


def _person_entity(span, person_at: dict | None = None):
    root = span.root
    if root.ent_type_ != "PERSON":
        return None
    if person_at is not None:
        ent = person_at.get(root.i)
        return ent if ent is not None and span.start <= ent.start and ent.end <= span.end else None
    for ent in span.ents:
        if ent.label_ == "PERSON" and ent.start <= root.i < ent.end:
            return ent
    return None


def _another_persons_name(span, person: tuple[Hit, Entry], person_at: dict | None) -> bool:
    """"Abbas Ali Kadkhodayee" is not Mahmoud Abbas: a table name found inside a longer
    person name whose surname (its last word) is not in the table person's name."""
    hit, entry = person
    ent = _person_entity(span, person_at)
    if ent is None or entry.name is None or (hit.start <= ent.start and ent.end <= hit.end):
        return False
    surname = ent[-1].text.strip(".,").lower()
    words = entry.name.lower().split()
    return surname not in {w.strip(".,") for w in words + "-".join(words).replace("-", " ").split()}


def _is_possessor(span, hit: Hit) -> bool:
    """The hit ends in a possessive marker: "Erdogan's" in "Erdogan's critics"."""
    return hit.end < span.end and span.doc[hit.end].tag_ == "POS"


def _is_stance_prefixed(span, hit: Hit) -> bool:
    doc = span.doc
    before = [t.lower_ for t in doc[max(hit.start - 2, 0):hit.start]]
    return bool(before) and (before[-1] in ("pro", "anti") or before[-2:] in (["pro", "-"], ["anti", "-"]))


def _office_holder(tables: ActorTables, code: str | None, role: str | None, date: str | None):
    """The person holding ``role`` for ``code`` at ``date``; the latest-starting term wins."""
    if not (code and role and date):
        return None
    best = None
    for entry in tables.offices.get((code, role), ()):
        for t in entry.terms:
            if t.role == role and t.covers(date) and (best is None or t.start > best[0]):
                best = (t.start, entry)
    return best[1] if best else None


def _actor(span, name, code, sector, rules, anonymous=False) -> Actor:
    return Actor(text=span.text, start=span.start_char, end=span.end_char, name=name, code=code,
                 sector=sector, anonymous=anonymous, rule="+".join(r for r in rules if r) or None)


def _person_actor(span, entry: Entry, date: str | None) -> Actor:
    sector, _ = entry.at(date)
    return _actor(span, entry.name, entry.code, sector, [entry.rule])


def resolve_hits(span, hits: list[Hit], tables: ActorTables, date: str | None,
                 person_at: dict | None = None) -> Actor | None:
    """The actor ``span`` denotes, given the alias hits inside it."""
    root = span.root
    head = next((h for h in hits if h.start <= root.i < h.end), None)
    picked = [(h, h.best(date)) for h in hits]
    by_kind: dict[str, tuple[Hit, Entry]] = {}
    for h, e in picked:
        by_kind.setdefault("role" if e.kind == "agent" else e.kind, (h, e))
    head_entry = head.best(date) if head else None

    person = by_kind.get("person")
    if person and _is_possessor(span, person[0]) and head is not person[0]:
        person = None  # "Erdogan's critics" are not Erdogan
    if person and _another_persons_name(span, person, person_at):
        person = None
    if person and (head is None or head is person[0] or head_entry.kind in ("role", "agent")):
        return _person_actor(span, person[1], date)

    # Country: the first geo or organisation word in the phrase ("pro-Russian" is not Russia).
    geo = next(((h, e) for h, e in picked if e.kind in GEO_KINDS and not _is_stance_prefixed(span, h)),
               None)
    org = by_kind.get("org") or by_kind.get("group")
    owner = next(((h, e) for h, e in picked if e.kind == "person" and _is_possessor(span, h)), None)
    where = geo or org or owner
    code = where[1].code if where else None
    where_rule = where[1].rule if where else None
    role = head_entry if head_entry and head_entry.kind in ("role", "agent") else None

    ent = _person_entity(span, person_at)
    if ent is not None and (head is None or role is not None):
        title = role or by_kind.get("role", (None, None))[1]
        return _actor(span, ent.text, code, title.sector if title else None,
                      ["ner:PERSON", title.rule if title else None, where_rule])

    if head is None:
        if root.pos_ == "PROPN":
            return _named_body(span, picked)
        if root.pos_ in ("NOUN", "PRON", "NUM"):
            return None
        actor_hits = [(h, e) for h, e in picked if e.kind in ACTOR_KINDS]
        if not actor_hits:
            return None
        head, head_entry = actor_hits[0]
        role = None

    if role is not None:
        # "a ministry spokesman" or "spokesmen" is not the office holder "the spokesman" is.
        unspecific = root.tag_ in ("NNS", "NNPS") or any(
            t.dep_ == "det" and t.lower_ in INDEFINITE_DETERMINERS for t in root.children)
        holder = None if unspecific else _office_holder(tables, code, role.role, date)
        if holder is not None and not role.anonymous:
            return _person_actor(span, holder, date)
        sector = role.sector or next((e.sector for h, e in picked
                                      if e.kind in ("role", "agent") and e is not role and e.sector), None)
        if not sector and where and where[0].end <= root.i and where[1].kind != "demonym":
            sector = where[1].sector
        anonymous = role.anonymous and ent is None
        if anonymous and not sector:
            sector = "UNK"
        name = org[1].name if org and where is org else None
        return _actor(span, name, code, sector, [role.rule, where_rule], anonymous)

    kind = head_entry.kind
    if kind in ("person", "group"):
        return _person_actor(span, head_entry, date)
    if kind == "org":
        return _actor(span, head_entry.name, head_entry.code, head_entry.sector, [head_entry.rule])
    if kind == "metonym":
        country = tables.countries.get(head_entry.code)
        name = head_entry.name or (country.name if country else None)
        return _actor(span, name, head_entry.code, head_entry.sector, [head_entry.rule])
    if kind == "country":
        return _actor(span, head_entry.name, head_entry.code, "GOV", [head_entry.rule])
    return _actor(span, None, head_entry.code, None, [head_entry.rule])  # demonym


# Names that are places or people, not bodies a country owns ("Iraqi Kurdistan").
NOT_BODY_ENTITIES = frozenset({"GPE", "LOC", "PERSON", "NORP", "DATE", "TIME", "MONEY", "CARDINAL"})


def _named_body(span, picked) -> Actor | None:
    """A named organisation no table knows, with its country before it: "U.S. Central
    Command", "South Korea's presidential office", "Iran's Guardian Council"."""
    root = span.root
    if root.ent_type_ in NOT_BODY_ENTITIES:
        return None
    owner = next((e for h, e in picked if e.kind in GEO_KINDS and h.end <= root.i and e.code
                  and not _is_stance_prefixed(span, h)), None)
    if owner is None:
        return None
    return _actor(span, span.text, owner.code, None, [NAMED_BODY_RULE, owner.rule])


class DocSpanResolver:
    """``resolve_span`` for the many phrases of one Doc: the alias matchers run over the Doc
    once, and each phrase takes the matches inside it (as matching the phrase alone would)."""

    def __init__(self, doc, tables: ActorTables):
        # by start (a stable sort: equal starts keep the matchers' order), so a phrase finds
        # its matches by bisection; scanning them all for each of a long article's phrases
        # was quadratic
        self._raw = sorted(tables.lower_matcher(doc) + tables.orth_matcher(doc), key=lambda m: m[1])
        self._starts = [m[1] for m in self._raw]
        self._strings = doc.vocab.strings
        self._tables = tables

    def doc_hits(self) -> list[Hit]:
        """``match_hits`` of the whole Doc, from the matches already made."""
        return _select_hits(self._raw, self._strings, self._tables)

    def __call__(self, span, tables: ActorTables, date: str | None = None) -> Actor | None:
        lo = bisect.bisect_left(self._starts, span.start)
        hi = bisect.bisect_left(self._starts, span.end)
        inside = [m for m in self._raw[lo:hi] if m[2] <= span.end]
        return resolve_hits(span, _select_hits(inside, self._strings, tables), tables, date)


def resolve_span(span, tables: ActorTables, date: str | None = None) -> Actor | None:
    """The actor a noun phrase denotes (offsets are the span's), or None."""
    hits = [h for h in match_hits(span.as_doc(), tables)]
    offset = span.start
    shifted = [Hit(h.start + offset, h.end + offset, h.entries) for h in hits]
    return resolve_hits(span, shifted, tables, date)


def _extend_source(chunk, doc, anonymous: bool):
    """"sources close to the Kremlin": an anonymous head takes its right-hand modifier."""
    if not anonymous:
        return chunk
    end = chunk.end
    for child in chunk.root.rights:
        if child.i >= chunk.end and child.lower_ in SOURCE_EXTENSIONS and child.dep_ in (
                "amod", "prep", "acl", "advmod"):
            end = max(end, child.right_edge.i + 1)
    return doc[chunk.start:end]


def _trim_lines(span, doc):
    """Keep the line of the head: a headline and the next sentence may share a noun chunk."""
    if "\n" not in span.text:
        return span
    root = span.root.i
    start = max((t.i + 1 for t in span if t.i < root and "\n" in t.text), default=span.start)
    end = min((t.i for t in span if t.i > root and "\n" in t.text), default=span.end)
    return doc[start:end]


def _compound_prefixes(doc, tables: ActorTables, date: str | None) -> list[Actor]:
    """"U.S.-backed", "Russian-occupied", "Iran-aligned": the actor is the part before the hyphen."""
    out = []
    for m in PREFIX_RE.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end())
        if span is None or len(span) != 1:
            continue
        tok, start = span[0], span.start
        prefix = m.group(1)
        entries = tables.entries.get("O:" + prefix) or tables.entries.get("L:" + prefix.lower())
        if not entries or entries[0].kind not in ACTOR_KINDS:
            continue
        span = doc[start:start + 1]
        actor = resolve_hits(span, [Hit(start, start + 1, entries)], tables, date)
        if actor is not None:
            out.append(dataclasses.replace(actor, text=prefix, end=tok.idx + len(prefix)))
    return out


def find_actor_mentions(doc, tables: ActorTables, date: str | None = None,
                        resolver: DocSpanResolver | None = None, deadline: Deadline = NO_DEADLINE) -> list[Actor]:
    """Every actor mention in ``doc``: non-overlapping, sorted by start. A ``resolver`` of the
    same Doc lends its matches, so the alias matchers run once. Past ``deadline`` it raises
    ArticleTimeout."""
    hits = resolver.doc_hits() if resolver is not None else match_hits(doc, tables)
    hit_at: dict[int, Hit] = {}
    for h in hits:
        for i in range(h.start, h.end):
            hit_at[i] = h
    covered: set[int] = set()
    mentions: list[Actor] = []
    starts = [h.start for h in hits]
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    person_at = {i: e for e in persons for i in range(e.start, e.end)}

    def inside(span) -> list[Hit]:
        lo = bisect.bisect_left(starts, span.start)
        hi = bisect.bisect_left(starts, span.end)
        return [h for h in hits[lo:hi] if h.end <= span.end]

    for chunk in doc.noun_chunks:
        deadline.check()
        if chunk.start in covered:
            continue
        root = chunk.root
        head = hit_at.get(root.i)
        ent = person_at.get(root.i)
        is_person = ent is not None and len(ent) >= 2
        if head is None and not is_person:
            continue
        entry = head.best(date) if head else None
        span = _trim_lines(_extend_source(chunk, doc, bool(entry and entry.anonymous)), doc)
        actor = resolve_hits(span, inside(span), tables, date, person_at)
        if actor is not None:
            mentions.append(actor)
            covered.update(range(span.start, span.end))
    # Actor names outside actor phrases: "U.S.-backed", "Russia's territorial gains".
    for h in hits:
        if h.start in covered or h.best(date).kind not in ACTOR_KINDS:
            continue
        actor = resolve_hits(doc[h.start:h.end], [h], tables, date)
        if actor is not None:
            mentions.append(actor)
            covered.update(range(h.start, h.end))
    for ent in persons:
        if len(ent) >= 2 and covered.isdisjoint(range(ent.start, ent.end)):
            mentions.append(_actor(ent, ent.text, None, None, ["ner:PERSON"]))
            covered.update(range(ent.start, ent.end))
    for actor in _compound_prefixes(doc, tables, date):
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is not None and span.start not in covered:
            mentions.append(actor)
            covered.add(span.start)
    mentions.sort(key=lambda a: a.start)
    deadline.check()
    return link_people(doc, mentions, tables, date, lambda span: resolve_hits(span, inside(span), tables, date, person_at),
                       deadline)
