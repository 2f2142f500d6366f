"""Finding the places an article's events happen in, and geocoding them.

A place name counts as a location only where the syntax says so: the object of a
locative preposition ("in Kherson", "near Bakhmut", "areas such as Donetsk, Luhansk"),
the object of "of" after a place noun ("the outskirts of Bakhmut"), or a word joined to
one of those (lists, "Watamu, Kilifi", "Ikurungu village"). Subjects, possessives and
objects of "from"/"with" are actors ("Moscow rejected", "talks with Kyiv") and never
locations.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import DEP, IS_TITLE, POS, SENT_START
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Span

from accord.errors import DataFileError
from accord.geo.gazetteer import DIVISION_WORDS, Gazetteer, Place, fold_name
from accord.model import Actor, Event, Location
from accord.actors.tables import STATE_TABLES
from accord.datafiles import packaged_rows
from accord.nlp import doc_text

CUES_FILE = "geo/cues.tsv"
# Entity labels that are never places even when their words are in the gazetteer ("in
# March", "Russian"); other labels are often wrong for place names ("the Donbass" PRODUCT).
NOT_PLACE_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "NORP"}
# Entity labels of place names.
PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_HOPS = 6
# A name in these roles acts ("In Kherson, Russia shelled ..."), whatever precedes it.
ACTOR_ROLES = {"nsubj", "nsubjpass", "poss", "agent"}
# Adjectives that name part of the place after them ("southern Israel").
COMPASS_ADJECTIVES = {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
                      "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
                      "south-western"}
# How much larger a namesake may be before the article's countries no longer pick the
# smaller one: Donetsk in Ukraine over its Russian namesake, but not Vienna, Virginia
# over Vienna.
MAX_NAMESAKE_RATIO = 20
# Last words of constituencies and sub-counties named after their area ("Baringo North").
COMPASS_WORDS = {"north", "south", "east", "west", "central"}
# A wire dateline: capitalised places before the outlet and a dash ("MOSCOW (Reuters) -",
# "TOKYO/WASHINGTON (Reuters) -", "LONDON —", "KYIV, Ukraine -").
DATELINE = re.compile(r"\A\s*((?:[A-Z][A-Z.'’-]+ ?)+(?:/(?:[A-Z][A-Z.'’-]+ ?)+)*)(?:,[^\n(—–]{1,40}?)?"
                      r"\s*(?:\([^)\n]{1,40}\))?\s*[-—–]+\s")
# Events whose target, when it names a place, is the place they happen in.
ATTACK_TYPES = {"ASSAULT"}


CUE_KINDS = ("prep", "noun", "people", "facility", "site", "strike", "motion", "venue", "common", "official", "settlement")


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


@functools.lru_cache(maxsize=1)
def load_location_cues() -> LocationCues:
    words: dict[str, set[str]] = {kind: set() for kind in CUE_KINDS}
    for line_no, (_, kind, word) in packaged_rows(CUES_FILE, ("id", "kind", "word")):
        if kind not in words:
            raise DataFileError(f"{CUES_FILE}:{line_no}: kind must be one of {', '.join(CUE_KINDS)}, got {kind!r}")
        words[kind].add(word.strip().lower())
    return LocationCues(*(frozenset(words[k]) for k in CUE_KINDS))


def _is_word(token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


def _struck_or_reached(token, cues: LocationCues) -> bool:
    """Whether a name is where an attack struck or a journey went, whatever party it also
    names: the direct or "on"/"against" object of a strike word ("airstrikes on Gaza",
    "annexed Crimea"), the "to"/"for" object of a motion word ("departed for Paris") or a
    visit's direct object ("will visit Abu Dhabi")."""
    head = token.head
    if token.dep_ == "dobj":
        return _is_word(head, cues.strike_words) or head.lemma_.lower() in ("visit", "tour")
    if token.dep_ == "nsubj" and token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].lower_ == "for":
        # "departed for Paris to meet ...", "bound for Abu Dhabi to meet ...": the parser
        # makes the destination the subject of the purpose clause
        return _is_word(head.head, cues.motion_words)
    if token.dep_ != "pobj" or head is token:
        return False
    # "a series of strikes on Gaza", "authorized the movement of troops to Saudi Arabia":
    # the parser may hang the place on the measure word, on what moves or on the verb
    governor = head.head
    governors = [governor, *(pobj for of in governor.children if of.lower_ == "of"
                             for pobj in of.children if pobj.dep_ == "pobj"),
                 *(obj for obj in governor.children if obj.dep_ == "dobj")]
    if governor.dep_ == "pobj" and governor.head.lower_ == "of":
        governors.append(governor.head.head)
    if head.lower_ in ("on", "against"):
        return any(_is_word(governor, cues.strike_words) for governor in governors)
    if head.lower_ in ("to", "for"):
        return any(_is_word(governor, cues.motion_words) for governor in governors)
    return False


def _site_of(token, cues: LocationCues) -> bool:
    """Whether a name is the object of a preposition that always places ("in Belarus")."""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    return (token.dep_ == "pobj" and token.head.lower_ in cues.site_prepositions
            or _struck_or_reached(token, cues) or _venue_of(token, cues)
            # "a raid in the Rhodespark area of Lusaka": a capital that also names a
            # government is the place a place noun is part of
            or token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in cues.place_nouns
            and token.head.head.dep_ == "pobj" and token.head.head.head.lower_ in cues.prepositions)


def _between_parties(token) -> bool:
    """Whether a name is one of the sides "between" joins: towns bound a stretch of land
    ("between Kilifi and Malindi"), countries are parties ("relations between the U.S.
    and Iran")."""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "between"


def _venue_of(token, cues: LocationCues) -> bool:
    """Whether a name modifies a gathering or operation noun ("the Cairo talks")."""
    return token.dep_ in ("compound", "nmod", "amod") and token.head.lower_ in cues.venue_nouns


@dataclass(frozen=True, slots=True)
class PlaceMention:
    span: object  # spaCy Span
    readings: tuple[Place, ...]
    sentence: int  # token index where its sentence starts
    local: bool = False  # readings are towns below the main floor (gazetteer.lookup_local)
    facility: bool = False  # the town a facility is named after ("Garissa High School")
    namesakes: tuple[Place, ...] = ()  # towns below the main floor that the name also names
    # named in the sentence but not as where something happens ("outside Kisumu's
    # morgue", "the Eldoret High Court"): the event's place only if its sentence names none
    weak: bool = False


def _candidate_spans(doc, cues: LocationCues):
    """GPE/LOC entities; other names of several words, which ``_readings`` takes only as a
    whole place name or as the town a facility is named after (the small English model
    often labels African and Ukrainian place names PERSON or ORG: "Mau Narok", "Garissa
    High School"); runs of proper nouns, except a part of such a name; and a capitalised
    word the tagger read as a common noun before a place or people noun ("Lodwar
    residents")."""
    taken = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            start = ent.start
            # "Homa Bay county" tagged "Bay county": the name's first words run on before it
            while (start > 0 and doc[start - 1].pos == PROPN and doc[start - 1].is_title
                   and doc[start - 1].is_alpha and start - 1 not in taken):
                start -= 1
            if start < ent.start:
                ent = Span(doc, start, ent.end, label=ent.label_)
            taken.update(range(ent.start, ent.end))
            yield ent
        elif _names_no_place(ent):
            taken.update(range(ent.start, ent.end))
            if ent.label_ not in NOT_PLACE_LABELS:
                yield ent
    # Reading the tags as one array spares a Token object for every word.
    tags = doc.to_array([POS, DEP, IS_TITLE])
    proper = [int(i) for i in numpy.flatnonzero(tags[:, 0] == PROPN) if int(i) not in taken]
    run_start = None
    for n, i in enumerate(proper):
        run_start = i if run_start is None else run_start
        following = proper[n + 1] if n + 1 < len(proper) else None
        # "Elgeyo-Marakwet" is one name over three tokens.
        hyphened = following == i + 2 and doc[i + 1].text == "-" and not doc[i].whitespace_
        if following != i + 1 and not hyphened:
            yield doc[run_start:i + 1]
            run_start = None
    # a capitalised word after a locative preposition that the tagger did not read as a
    # name ("In Rusape, angry residents ...")
    pobj = doc.vocab.strings["pobj"]
    for i in numpy.flatnonzero((tags[:, 0] != PROPN) & (tags[:, 1] == pobj) & (tags[:, 2] == 1)):
        token = doc[int(i)]
        if (token.i not in taken and not token.is_sent_start and token.is_alpha and not token.ent_type_
                and token.head.lower_ in cues.prepositions and token.head.lower_ not in ("as", "at")):
            yield doc[token.i:token.i + 1]
    nouns = cues.place_nouns | cues.people_nouns
    compound = doc.vocab.strings["compound"]
    for i in numpy.flatnonzero((tags[:, 0] == NOUN) & (tags[:, 1] == compound) & (tags[:, 2] == 1)):
        token = doc[int(i)]
        if token.i not in taken and token.head.lower_ in nouns:
            yield doc[token.i:token.i + 1]


def _names_no_place(ent) -> bool:
    """Words that a name other than a place covers ("the University of Nairobi"); an
    entity across a bracket or comma is a parser slip ("Chepchoina (Trans Nzoia"), and a
    proper noun tagged as a people ("Katimokor") may be a place all the same."""
    if ent.label_ in NOT_PLACE_LABELS:
        # a run of proper nouns tagged a people may be a place all the same ("Sultan Hamud town")
        return ent.label_ != "NORP" or not all(t.pos == PROPN for t in ent)
    return len(ent) > 1 and not any(t.text in ",()" for t in ent)


def _is_locative(token, cues: LocationCues, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if _follows_a_place(token, cues, depth) or _struck_or_reached(token, cues) or _venue_of(token, cues):
        return True
    head = token.head
    if token.dep_ == "pobj":
        if head.lower_ in cues.prepositions:
            return True
        # "the outskirts of Bakhmut", "residents of Tsunza", "outside of Witu", "villagers from Kapedo"
        return (head.lower_ == "of" and head.head.lower_ in cues.place_nouns | cues.people_nouns | cues.prepositions
                or head.lower_ == "from" and head.head.lower_ in cues.people_nouns)
    if head is token:
        return False
    if token.dep_ in ("conj", "appos"):  # lists and appositions share their head's role
        return _is_locative(head, cues, depth + 1)
    if token.dep_ == "poss":
        # "in Nairobi's Mathare slum", "in Kenya's Lamu region": the place holds the place
        return ((head.lower_ in cues.place_nouns or head.pos_ == "PROPN")
                and head.dep_ == "pobj" and head.head.lower_ in cues.prepositions)
    if token.dep_ in ("compound", "nmod", "amod"):
        # "Chemisto village", "Nairobi residents": a settlement, and where its people live
        if head.lower_ in cues.place_nouns or head.lower_ in cues.people_nouns:
            return True
        return head.pos_ == "PROPN" and _is_locative(head, cues, depth + 1)  # "Watamu, Kilifi"
    return False


def _follows_a_place(token, cues: LocationCues, depth: int) -> bool:
    """A name set after a location by a comma or bracket places it, whatever the parse
    ("in Pangani (Starehe, Nairobi)", "In likoni, Mombasa county")."""
    i = token.left_edge.i
    doc = token.doc
    if i < 2 or doc[i - 1].text not in (",", "(") or token.dep_ in ACTOR_ROLES:
        return False
    before = doc[i - 2]
    # A name, or a place noun ("in Eldama Ravine town, Baringo county"), not any noun ("in
    # the case, Fulton v. City of Philadelphia").
    named = before.pos_ == "PROPN" or before.lower_ in cues.place_nouns
    return named and before.i != token.i and _is_locative(before, cues, depth + 1)


def _span_root(span):
    for token in span:
        if token.head.i < span.start or token.head.i >= span.end or token.head is token:
            return token
    return span[-1]


def find_place_mentions(doc, gazetteer: Gazetteer, actor_spans=(), attacked_spans=(),
                        named_actor_spans=(), other_actor_spans=None) -> list[PlaceMention]:
    """Place names used as locations, with their gazetteer readings (unranked). Names that
    are ``actor_spans`` act, unless a preposition or a strike or journey places them ("a
    meeting in Belarus", "strikes on Syria"); those that are ``attacked_spans`` are where
    the attack was; ``named_actor_spans`` (groups, organisations, people) are never places
    ("Hamas" is no spelling of Hamm here). Given ``other_actor_spans`` (every actor
    mention), the names that are no actor, no country and no location but modify a noun
    or follow "of" come back ``weak`` ("Kisumu's morgue", "the Nairobi provincial
    headquarters", "the county assembly of Nairobi")."""
    cues = load_location_cues()
    any_actor_chars = {(a.start, a.end) for a in other_actor_spans or ()}
    actor_chars = {(a.start, a.end) for a in actor_spans}
    named_chars = {(a.start, a.end) for a in named_actor_spans}
    attacked_chars = {(a.start, a.end) for a in attacked_spans}
    # Span.sent walks the document each time; one pass gives every sentence start.
    sentence_starts = [int(i) for i in numpy.flatnonzero(doc.to_array(SENT_START) == 1)] or [0]
    surnames = _person_surnames(doc, gazetteer)
    mentions = []
    for span in _candidate_spans(doc, cues):
        span, readings, local, facility = _readings(span, gazetteer, cues)
        chars = (span.start_char, span.end_char)
        if not readings or chars in named_chars:
            continue
        if span.text.lower() in surnames and not _beside_noun(span, cues.place_nouns):
            continue  # "Graham said", "talks with Graham" after "Sen. Lindsey Graham"
        if fold_name(span.text) in cues.common_words or not facility and _part_of_a_longer_name(span, cues):
            continue  # "Tea farmers", "in the North"; "Trans Mara" is not Mara, "Santa Rosa de Copan" not Santa Rosa
        root = _span_root(span)
        if chars in actor_chars and not _site_of(root, cues):
            continue
        if _venue_of(root, cues) or _between_parties(root):
            readings = [p for p in readings if p.kind != "country"]
            if not readings:
                continue
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in cues.settlement_nouns:
            # "the northern city of Mali" is a town, not the country
            readings = [p for p in (*readings, *gazetteer.lookup_local(span.text)) if p.kind == "city"]
            if not readings:
                continue
        # "the Kitui County executive": a name given as a division's is a place, except
        # as the one who acts ("Nairobi County sued ..."); a name before a people noun is
        # where they live, however the parser attached it ("dozens of Kisumu residents").
        people = span.end < len(doc) and doc[span.end].lower_ in cues.people_nouns
        attacked = (span.start_char, span.end_char) in attacked_chars
        if (_is_locative(root, cues) or people or attacked
                or (_named_as_division(span) and root.dep_ not in ACTOR_ROLES - {"nsubjpass"})):
            sentence = sentence_starts[bisect.bisect_right(sentence_starts, span.start) - 1]
            namesakes = () if local or facility else tuple(gazetteer.lookup_local(span.text))
            mentions.append(PlaceMention(span, tuple(readings), sentence, local or facility, facility, namesakes))
        elif other_actor_spans is not None and chars not in any_actor_chars and _modifies_a_thing(root, span, cues):
            readings = [p for p in readings if p.kind != "country"]
            if readings and span[0].ent_type_ != "PERSON":
                sentence = sentence_starts[bisect.bisect_right(sentence_starts, span.start) - 1]
                mentions.append(PlaceMention(span, tuple(readings), sentence, local or facility, facility, (), True))
    return mentions


def _modifies_a_thing(root, span, cues: LocationCues) -> bool:
    """Whether a name modifies a noun ("Kisumu's morgue", "the Msambweni polling
    station") or is the "of" object of one ("the county assembly of Nairobi"), but not
    an official's title ("the Kisii governor", "Nairobi officials"): those name a party."""
    head = root.head
    if root.dep_ in ("compound", "poss", "nmod", "amod") and head is not root:
        thing = head
    elif root.dep_ == "pobj" and head.lower_ == "of" and head.head is not head:
        thing = head.head
    else:
        return False
    if span.end < len(span.doc) and span.doc[span.end].lower_ in ("'s", "’s") and root.dep_ != "poss":
        return False
    return thing.pos in (NOUN, PROPN) and thing.ent_type_ not in ("PERSON", "NORP") and not (
        thing.lower_ in cues.people_nouns or thing.lower_ in cues.official_nouns)


NAME_PARTICLES = {"de", "del", "da", "do", "dos", "das", "la", "el", "al", "di", "du"}


def _part_of_a_longer_name(span, cues: LocationCues) -> bool:
    """Whether the name read is only part of a longer proper name: a capitalised proper
    noun runs on before or after it ("Trans Mara West", "Migingo Island") or a name
    particle joins another ("Santa Rosa de Copan"). Words that name what the place is
    ("Kilifi County", "Garissa town", "Baringo North"), dates and nationalities do not."""
    doc = span.doc
    allowed = (cues.place_nouns | cues.people_nouns | cues.facility_nouns | cues.venue_nouns
               | set(DIVISION_WORDS) | COMPASS_WORDS | COMPASS_ADJECTIVES)

    def names_on(token, kinds=("DATE", "TIME", "NORP", "CARDINAL", "ORDINAL")) -> bool:
        return (token.pos == PROPN and token.is_title and token.is_alpha and token.lower_ not in allowed
                and token.ent_type_ not in kinds)

    if span.end < len(doc):
        after = doc[span.end]
        if after.lower_ in NAME_PARTICLES and span.end + 1 < len(doc) and doc[span.end + 1].is_title and doc[span.end + 1].pos == PROPN:
            return True
        if names_on(after):
            # a facility named after the town ("Eldoret High Court", "Kisii Teachers
            # College") runs on to a facility or place noun; another name does not
            stops = allowed
            end = span.end
            while end < len(doc) and doc[end].is_title and doc[end].pos == PROPN and doc[end].lower_ not in stops:
                end += 1
            return not (end < len(doc) and doc[end].lower_ in stops)
    if span.start > 0:
        before = doc[span.start - 1]
        # a nationality before a name is part of it only when the tagger joined them
        # into one run ("Trans Mara" tagged NORP and PERSON), not in "Kenyan Nairobi"
        if (names_on(before, ("DATE", "TIME", "CARDINAL", "ORDINAL")) and not before.is_sent_start
                and before.ent_type_ not in PLACE_LABELS and not before.lower_.endswith(("an", "ese", "ish", "i"))):
            return True
    return False


def _person_surnames(doc, gazetteer: Gazetteer) -> frozenset[str]:
    """The later names of the people the text names in full ("Graham" of "Lindsey
    Graham"): the article calls that person by them, so they are not the town of that
    name. A full name that is itself a place's ("Mau Narok") counts for nothing."""
    names = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title and not gazetteer.lookup(ent.text):
            names.add(ent[-1].lower_)
    return frozenset(names)


def _readings(span, gazetteer: Gazetteer, cues: LocationCues):
    """(the part of ``span`` that names a place, its readings, whether they are local
    towns only, whether it is the town of a facility): "the Donbass", "Mombasa Monday
    night", an entity run on past its name ("Molo district - 30"), a named place's town
    ("Moyale District", "Kisumu Airport": a name the gazetteer lacks, the town it is named
    after), an area and a compass word ("Baringo North"), a possessive that lost its
    apostrophe ("Nairobis CBD") and a word before the name ("Angry Meru residents"). A name
    the tagger read as a person or
    an organisation is a place only as the whole of a place's own name ("Mau Narok"; "the
    White House" acts, and is an old name of Casablanca), or as the town in a facility's
    name ("Garissa High School")."""
    # Organisations that share a town's name abound ("Bush's White House", White House, TN),
    # unless a place noun follows ("El Wak town").
    other_name = span.label_ not in ("", *PLACE_LABELS)
    whole_name = other_name and (span.label_ != "ORG" or _beside_noun(span, cues.place_nouns)
                                 or _struck_or_reached(_span_root(span), cues) or _bare_in(span, cues))

    def as_named(readings, text: str) -> list:
        if not other_name:
            return readings
        return _own_name(readings, text) if whole_name else []

    for lookup, local in ((gazetteer.lookup, False), (gazetteer.lookup_local, True)):
        found = span
        readings = lookup(found.text)
        if not readings and found[0].lower_ == "the" and len(found) > 1:
            found = found[1:]
            readings = lookup(found.text)
        readings = as_named(readings, found.text)
        while not other_name and not readings and len(found) > 1 and (
                found.label_ == "" or found[-1].pos_ != "PROPN" or found[-1].lower_ in cues.place_nouns):
            found = found[:-1]
            if found[-1].text == "-":  # "Mombasa-Malindi road": the first of the two
                found = found[:-1]
            readings = lookup(found.text)
        if (not readings and len(found) > 0 and found[0].is_title and len(found[0]) > 4
                and found[0].text.endswith("s") and _owns_a_place(found[0], cues)):
            # "Nairobis CBD", "Kenyas Lamu region": a possessive with its apostrophe lost
            base = found[0].text[:-1]
            readings = _own_name(lookup(base), base)
            found = found[:1] if readings else found
        if not readings and len(span) > 1 and span[-1].lower_ in COMPASS_WORDS:
            # "Baringo North", "Kipkelion East": a constituency named after its area; the
            # compass word marks it as a place even where the tagger read an organisation.
            found = span[:-1]
            readings = lookup(found.text)
            readings = _own_name(readings, found.text) if other_name else readings
        if not readings and len(span) > 1 and span[1].pos == PROPN and (
                span[0].is_sent_start or span[0].ent_type_ == "DATE" or span[0].text.endswith(".")):
            found = span[1:]  # "Angry Meru residents", "09 Sep. Muranga residents": not the name
            readings = as_named(lookup(found.text), found.text)
        if not readings and len(span) >= 3 and span[1].text == "-" and not span[0].whitespace_ and span[0].pos == PROPN:
            # "Sotik-Borabu area", "the Isiolo-Meru border": two places, the first of them
            found = Span(span.doc, span.start, span.start + 1, label=span.label_)
            readings = as_named(lookup(found.text), found.text) if not other_name else _own_name(lookup(found.text), found.text)
        if not readings:
            town, readings = next(((town, found) for town in _facility_towns(span, cues)
                                   for found in [lookup(town.text)] if found), (None, []))
            if town is not None:
                return town, readings, local, True
        if found.text.isupper() and len(found.text) <= 4:  # an acronym ("IFO 1" camp), not a town's name ("WASHINGTON -")
            readings = [p for p in readings if p.kind != "city"]
        if readings:
            return found, readings, local, False
    return span, [], False, False


def _bare_in(span, cues: LocationCues) -> bool:
    """Whether a name is the bare object of a locative preposition ("killed a civilian in
    Elgeyo-Marakwet" tagged an organisation); "at Harvard" and "in the White House" name
    institutions."""
    root = _span_root(span)
    return (root.dep_ == "pobj" and root.head.lower_ in cues.prepositions and root.head.lower_ not in ("at", "as")
            and span[0].lower_ != "the" and not any(child.dep_ in ("det", "poss") for child in root.children))


def _own_name(readings, text: str) -> list:
    """The readings whose own name ``text`` is, not one of their alternate names."""
    return [p for p in readings if fold_name(p.name) == fold_name(text)]


def _owns_a_place(token, cues: LocationCues) -> bool:
    """Whether a name or place noun follows, as after a possessive ("Nairobis CBD")."""
    after = token.i + 1
    doc = token.doc
    return after < len(doc) and (doc[after].pos == PROPN or doc[after].lower_ in cues.place_nouns)


def _facility_towns(span, cues: LocationCues):
    """The words that may name the town a facility is in, longest first: those before its
    facility noun ("Garissa" in "Garissa High School", "Laikipia" in "Laikipia West
    Sub-County"), or after "of" ("the University of Nairobi"). A facility the text places
    elsewhere ("Saugus High School in Santa Clarita") is named after something else."""
    words = span[1:] if span[0].lower_ == "the" else span
    if len(words) > 2 and words[-1].lower_ in cues.people_nouns:  # "Embu University Students"
        words = words[:-1]
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if len(words) < 2 or following is not None and following.lower_ in ("in", ","):
        return
    if words[0].lower_ in cues.facility_nouns and words[1].lower_ == "of" and len(words) > 2:
        yield words[2:]
    elif words[-1].lower_ in cues.facility_nouns and words[0].pos_ == "PROPN":
        for end in range(len(words) - 1, 0, -1):
            yield words[:end]


def best_reading(readings, countries: frozenset[str], admin1_hints: frozenset[str],
                 named_as_division: bool = False, sure: frozenset[str] = frozenset()) -> Place:
    """Aliases first; then readings in a division the sentence names beside it ("Majengo
    area of Mombasa"), in a country the article's own places are ``sure`` of (Hyderabad
    in a note that names Sindh or Karachi, whatever the namesake's size), in the
    article's countries, countries over the rest, and the most
    populous (a division counts its cities' people, so Kwale county outranks a small
    Kwale elsewhere)."""

    largest = max(place.population for place in readings)

    def score(place: Place):
        # A town a hundredth the size of its namesake is not what a report means by the
        # name, whatever parties it names ("Vienna" beside a U.S. actor is still Austria's).
        comparable = place.population * MAX_NAMESAKE_RATIO >= largest
        return (place.rule.startswith("geo/aliases"),
                place.admin1 is not None and fold_name(place.admin1) in admin1_hints,
                place.country in sure, comparable and place.country in countries, place.kind == "country",
                place.population)

    best = max(readings, key=score)
    # "in Kherson": the city, more precise than its namesake oblast; "in Washington": the
    # capital, not the state of its name, unless the text says state ("Washington
    # state", "the state of Washington"); "in Homa Bay County" names the division itself.
    if best.kind == "admin1" and not named_as_division:
        return max((p for p in readings if p.kind == "city" and p.country == best.country
                    and (p.admin1 == best.name or p.capital)), key=lambda p: p.population, default=best)
    return best


def _to_location(mention: PlaceMention, place: Place) -> Location:
    """The location as written, with the part of it that a compass adjective names
    ("southern Israel", "eastern Ukraine")."""
    span = mention.span
    if span.start > 0 and span.doc[span.start - 1].lower_ in COMPASS_ADJECTIVES:
        span = span.doc[span.start - 1:span.end]
    return Location(text=span.text, name=place.name, country=place.country, admin1=place.admin1,
                    lat=place.lat, lon=place.lon, geonameid=place.geonameid,
                    start=span.start_char, end=span.end_char, kind=place.kind, rule=place.rule)


def named_place_countries(doc, gazetteer: Gazetteer) -> dict[int, frozenset[str]]:
    """token index -> the country of each place entity the text names by a name the
    gazetteer places in one country only, whatever role the name plays ("Nairobi
    protest" names Kenya as surely as "in Nairobi"). A country's own name does not count:
    a report names countries as parties ("The U.S. called a meeting ... in Vienna")."""
    found = {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        readings = [p for p in gazetteer.lookup(ent.text)
                    if not p.rule.startswith("geonames") or fold_name(p.name) == fold_name(ent.text)]
        countries = frozenset(p.country for p in readings if p.country)
        if len(countries) == 1 and all(p.kind != "country" for p in readings):
            found[ent.start] = countries
    return found


def _read_mentions(mentions: list[PlaceMention], countries: frozenset[str],
                   named_places: dict[int, frozenset[str]] | None = None):
    """(mention, its best reading) for each mention; a division named in the same sentence
    guides its neighbours ("Baragoi, Samburu"), and a town that the text puts in a
    division where the gazetteer has no town of that name is left unread rather than
    read as its namesake elsewhere ("the Majengo area of Mombasa", "Kiunga, Lamu"). A
    local town is read only inside a division its sentence names or, where the text
    presents it as a settlement, inside the article's countries (those of its other places
    too) or, in an article that names no other place,
    where all its namesakes lie in one country (an actor's country is a weaker sign than
    a place: "Al Shabaab gunmen ambushed a bus near Ijara"): small namesakes abound. A
    facility's town is read like a local town, and only in a division the article's other
    places lie in, if they lie in any ("Saugus High School" in a report from Santa
    Clarita, California is not in Saugus, Massachusetts)."""
    named_places = dict(named_places or {})
    for mention in mentions:
        if mention.span.start not in named_places:
            named_places[mention.span.start] = _sure_countries(mention)
    # each mention is weighed by the other places of the text, never by itself
    sure_of = {id(m): frozenset().union(*(c for start, c in named_places.items()
                                          if not m.span.start <= start < m.span.end)) for m in mentions}
    sure = frozenset().union(*named_places.values())
    main_readings = [best_reading(m.readings, countries, frozenset(), sure=sure) for m in mentions
                     if not m.local and m.span[0].ent_type_ != "PERSON"]
    placed = frozenset(place.country for place in main_readings)
    placed_divisions = frozenset(place.admin1 for place in main_readings if place.admin1)
    countries = countries | placed
    cues = load_location_cues()
    by_sentence: dict[int, list[PlaceMention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    for group in by_sentence.values():
        named = {id(m): _division_names(m) for m in group}
        divisions = frozenset().union(*named.values())
        for mention in group:
            hints = divisions - named[id(mention)]
            sure = sure_of[id(mention)]
            place = best_reading(mention.readings, countries, hints, _named_as_division(mention.span), sure)
            place = _namesake_at_home(mention, place, sure, hints, countries)
            if place is None or mention.weak and place.country not in sure | countries and (
                    sure or countries or mention.span.label_ not in PLACE_LABELS and mention.span[0].ent_type_ not in PLACE_LABELS):
                continue  # a name beside a noun abroad, or with nothing to say where, is seldom a place
            if (place.kind == "admin2" and fold_name(place.name) != fold_name(mention.span.text)
                    and place.country not in sure | countries):
                continue  # "Crawford" is a district's name without its "County" only where the text is
            inside = place.admin1 is not None and fold_name(place.admin1) in hints
            if mention.local and not (inside or (mention.facility or mention.weak or _named_as_town(mention.span, cues)) and (
                    place.country in countries or not placed and len({p.country for p in mention.readings}) == 1)):
                continue
            if mention.facility and not inside and placed_divisions and place.admin1 not in placed_divisions:
                continue
            # Tagged a person: not a place outside the article's countries ("as well as
            # Obama" in a report from Washington is not the town in Japan), unless a place
            # or people noun says it is one ("Garissa town", "Kakuma camp", "the Quri area of
            # Garba Tula", "Garissa residents" beside an al-Shabaab attack).
            if mention.span[0].ent_type_ == "PERSON" and countries and not (
                    inside or place.country in countries
                    or _beside_noun(mention.span, cues.place_nouns | cues.people_nouns)):
                continue
            if place.country not in sure and _placed_by_next(mention, named_places, sure):
                continue  # "Eastleigh, Nairobi" is no Eastleigh in England
            if (place.kind == "city" and not inside and not named[id(mention)]
                    and _joined_to_division(mention, group, named)) or _area_of_another(mention, group):
                continue
            yield mention, place


def _placed_by_next(mention: PlaceMention, named_places: dict[int, frozenset[str]], sure: frozenset[str]) -> bool:
    """Whether the name is followed by a comma or bracket and a place in one of the
    article's sure countries ("Eastleigh, Nairobi", "Kom (Isiolo)")."""
    end = mention.span.end
    doc = mention.span.doc
    if end >= len(doc) or doc[end].text not in (",", "("):
        return False
    return bool(named_places.get(end + 1, frozenset()) & sure)


def _sure_countries(mention: PlaceMention) -> frozenset[str]:
    """The country a place mention leaves no doubt about: a division named, or a town whose every namesake of the main gazetteer lies in one country, read by its
    own name ("Kom" for Qom is no evidence)."""
    if mention.local or mention.span[0].ent_type_ == "PERSON":
        return frozenset()
    own = [p for p in mention.readings
           if not p.rule.startswith("geonames") or fold_name(p.name) == fold_name(mention.span.text)]
    countries = frozenset(place.country for place in own if place.country)
    return countries if len(countries) == 1 and all(p.kind != "country" for p in own) else frozenset()


def _namesake_at_home(mention: PlaceMention, place: Place, sure: frozenset[str],
                      hints: frozenset[str], countries: frozenset[str] = frozenset()) -> Place | None:
    """Where the article's own places put it in another country than the best reading's,
    the small namesake there ("Maua" beside Isiolo is the Kenyan town, not Mauá in
    Brazil); a reading by another spelling of a place abroad is no reading at all ("Kom,
    Isiolo County" is not Qom, "Eastleigh, Nairobi" not Orkney): near-miss spellings
    abound among GeoNames' alternate names."""
    if place.country not in sure | countries:
        # a namesake in the article's parties' countries, of comparable size ("Leer" in a
        # note on South Sudan's army, not Leer in Germany)
        near = [p for p in mention.namesakes if p.country in countries and fold_name(p.name) == fold_name(mention.span.text)
                and p.population * MAX_NAMESAKE_RATIO >= place.population]
        if near:
            return max(near, key=lambda p: p.population)
    if not sure or place.country in sure:
        return place
    home = [p for p in mention.namesakes if p.country in sure
            and (fold_name(p.name) == fold_name(mention.span.text) or p.admin1 and fold_name(p.admin1) in hints)]
    if home:
        return max(home, key=lambda p: (p.admin1 is not None and fold_name(p.admin1) in hints, p.population))
    if place.rule.startswith("geonames") and fold_name(place.name) != fold_name(mention.span.text):
        own = [p for p in mention.readings if fold_name(p.name) == fold_name(mention.span.text)]
        return max(own, key=lambda p: p.population) if own else None
    return place


def _area_of_another(mention: PlaceMention, group: list[PlaceMention]) -> bool:
    """"the Milano area of Malindi town": the named place holds the area, whose own name
    (a neighbourhood) more often matches a namesake elsewhere than the place itself."""
    root = _span_root(mention.span)
    if root.dep_ not in ("compound", "amod", "nmod"):
        return False
    for other in group:
        of = _span_root(other.span).head
        if other is not mention and of.lower_ == "of" and of.head == root.head:
            return True
    return False


def _beside_noun(span, nouns: frozenset[str]) -> bool:
    """Whether the name modifies one of ``nouns`` or is its "of" object: "Garissa town",
    "Nairobi residents", "the Quri area of Garba Tula"."""
    root = _span_root(span)
    if root.dep_ in ("compound", "amod", "nmod"):
        return root.head.lower_ in nouns
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in nouns


def _named_as_town(span, cues: LocationCues) -> bool:
    """Whether the text presents a small town's name as a settlement: tagged as one, or
    beside a place or people noun ("Kutus town", "residents of Butere"), or bare after a
    locative preposition ("in Garba Tula"); "at the Center" or "in the western Pacific"
    matches a town's name by chance."""
    if span.label_ == "GPE":
        return True
    nouns = cues.place_nouns | cues.people_nouns
    if _beside_noun(span, nouns):
        return True
    root = _span_root(span)
    if root.dep_ != "pobj":
        return False
    # "in Garba Tula"; "at the Center" has an article, and "at Harvard", "known as King
    # v. Burwell" name an institution and a case more often than a town
    if root.head.lower_ in cues.prepositions and root.head.lower_ not in ("as", "at"):
        return not any(child.dep_ in ("det", "amod") for child in root.children)
    return root.head.lower_ == "from" and root.head.head.lower_ in nouns


def _division_names(mention: PlaceMention) -> frozenset[str]:
    if mention.local:
        return frozenset()
    return frozenset(fold_name(p.name) for p in mention.readings if p.kind == "admin1")


def _named_as_division(span) -> bool:
    """"Homa Bay County", "Washington state", "the state of Washington"."""
    doc = span.doc
    return (span[-1].lower_ in DIVISION_WORDS
            or span.end < len(doc) and doc[span.end].lower_ in ("state", "county", "province")
            or span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in DIVISION_WORDS)


def _joined_to_division(mention: PlaceMention, group: list[PlaceMention], named) -> bool:
    """Whether the text puts the mention inside a division it names: "Kiunga, Lamu",
    "the Majengo area of Mombasa" (not a list of peers: "Donetsk, Luhansk and Kherson")."""
    root = _span_root(mention.span)
    for other in group:
        if other is mention or not named[id(other)]:
            continue
        other_root = _span_root(other.span)
        if root.dep_ == "conj" or other_root.dep_ == "conj":
            continue
        beside = other.span.start <= root.head.i < other.span.end or mention.span.start <= other_root.head.i < mention.span.end
        area_of = other_root.head.lower_ == "of" and other_root.head.head == root.head
        if beside or area_of:
            return True
    return False


def _governing(token, located: dict[int, Location], cues: LocationCues):
    """The location attached nearest up ``token``'s head chain: a locative phrase ("killed
    in Watamu"), a place struck or reached ("strikes on Gaza", "departed for Paris",
    "visit Abu Dhabi"), a venue ("a Minsk meeting"), or the place a "where" clause hangs on
    ("Paris, where he was to discuss ...")."""
    node = token
    for _ in range(MAX_HOPS):
        for child in node.children:
            if child.i in located and child.dep_ in ("dobj", "compound", "nmod", "amod"):
                return located[child.i]
            if child.dep_ == "prep" and (child.lower_ in cues.prepositions
                                         or child.lower_ in ("on", "against", "to", "for")):
                for sub in child.subtree:
                    if sub.i in located:
                        return located[sub.i]
        if node.head is node:
            return None
        if node.dep_ == "relcl" and node.head.i in located and any(c.lower_ == "where" for c in node.children):
            return located[node.head.i]
        node = node.head
    return None


def locate_events(events: list[Event], doc, actors: list[Actor], gazetteer: Gazetteer) -> list[Event]:
    """Each event with the place that governs it (``location``) and every place its
    sentence names (``locations``, governing first, then the places named there other than
    as where something happens: "outside Kisumu's morgue"); an event whose sentence
    locates nothing takes such a place of its sentence, else the place of the
    paragraph's nearest earlier sentence that names one, else the article's place (all
    its places in one division), else its dateline's. ``actors`` (every actor mention) tell the article's
    countries, which decide between readings (Donetsk in Ukraine, not in Russia); an
    event's own source and target are never its place ("Moscow rejected")."""
    if not events:
        return events
    cues = load_location_cues()
    # An attacked town is where the attack was ("militia attacked Garba Tula"); a party
    # otherwise acts or is acted on ("Moscow rejected", "talks with Kyiv"), and so does a
    # target the actor tables know ("attacked Hamas"), unless a strike or a preposition
    # places it (find_place_mentions: "strikes on Syria").
    attacked = [e.target for e in events if e.type in ATTACK_TYPES and e.target is not None
                and e.target.start is not None and e.target.code is None and e.target.sector is None]
    attacked_ids = {id(t) for t in attacked}
    parties = [a for e in events for a in (e.source, e.target)
               if a is not None and a.start is not None and id(a) not in attacked_ids]
    named = [a for a in actors if a.start is not None and a.code and a.rule and a.rule.startswith("actors/")
             and not any(part.startswith(STATE_TABLES) for part in a.rule.split("+"))]
    mentions = find_place_mentions(doc, gazetteer, parties, attacked, named,
                                   [a for a in actors if a.start is not None])
    countries = frozenset(a.code for a in actors if a.code and len(a.code) == 3) | frozenset(
        m.readings[0].country for m in mentions if m.readings[0].kind == "country" and not m.weak)
    dateline = _dateline_places(doc, gazetteer, countries)
    if not mentions and not dateline:
        return events
    located: dict[int, Location] = {}
    sentence_of: dict[Location, int] = {}
    weak: list[Location] = []
    for mention, place in _read_mentions(mentions, countries, named_place_countries(doc, gazetteer)):
        location = _to_location(mention, place)
        sentence_of[location] = mention.sentence
        if mention.weak:
            weak.append(location)
            continue
        for i in range(mention.span.start, mention.span.end):
            located[i] = location
    places = sorted(dict.fromkeys([*located.values(), *weak]), key=lambda loc: loc.start)
    out = []
    for event in events:
        in_sentence = [loc for loc in places if event.start <= loc.start < event.end and loc not in weak]
        if not in_sentence:
            named_in_sentence = [loc for loc in weak if event.start <= loc.start < event.end]
            if named_in_sentence:
                place = _most_precise(named_in_sentence[0], named_in_sentence)
                out.append(replace(event, location=place, locations=tuple(dict.fromkeys([place, *named_in_sentence]))))
                continue
            inherited = (_paragraph_place(places, sentence_of, event, doc) or _article_place(places)
                         or _dateline_place(dateline, event))
            out.append(replace(event, location=inherited, locations=(inherited,)) if inherited else event)
            continue
        trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        governing = _governing(trigger.root, located, cues) if trigger is not None and len(trigger) else None
        if governing is None or not event.start <= governing.start < event.end:
            governing = in_sentence[0]
        also = [loc for loc in weak if event.start <= loc.start < event.end]
        out.append(replace(event, location=_most_precise(governing, in_sentence),
                           locations=tuple(dict.fromkeys([_most_precise(governing, in_sentence), *in_sentence, *also]))))
    return out


def _dateline_places(doc, gazetteer: Gazetteer, countries: frozenset[str]) -> list[Location]:
    """The places of the article's wire dateline ("TOKYO/WASHINGTON (Reuters) -")."""
    match = DATELINE.match(doc_text(doc))
    if match is None:
        return []
    found = []
    for name in re.finditer(r"[^/]+", match[1]):
        text = name[0].strip()
        readings = gazetteer.lookup(text)
        if not readings:
            continue
        place = best_reading(readings, countries, frozenset())
        start = match.start(1) + name.start() + (len(name[0]) - len(name[0].lstrip()))
        found.append(Location(text=text, name=place.name, country=place.country, admin1=place.admin1,
                              lat=place.lat, lon=place.lon, geonameid=place.geonameid, start=start,
                              end=start + len(text), kind=place.kind, rule=place.rule))
    return found


def _dateline_place(dateline: list[Location], event: Event) -> Location | None:
    """For an event no sentence places, the dateline place in its own party's country: the
    reporter is where that side acts ("SEOUL (Reuters) - South Korea on Monday halted
    ..."), not where a foreign party does ("MOSCOW (Reuters) - Iran said ...")."""
    codes = {a.code for a in (event.source, event.target) if a is not None and a.code}
    return next((loc for loc in dateline if loc.country in codes), None)


def _most_precise(chosen: Location, others: list[Location]) -> Location:
    """A place inside the chosen country, where the sentence names one ("a village in
    Turkana North district in northern Kenya")."""
    if chosen.kind != "country":
        return chosen
    return next((loc for loc in others if loc.kind != "country" and loc.country == chosen.country), chosen)


def _paragraph_place(places: list[Location], sentence_of: dict[Location, int], event: Event,
                     doc) -> Location | None:
    """For an event whose sentence names no place, the place of the nearest earlier
    sentence of its paragraph that names one ("Clashes erupted in Moyale. ... Police
    fired ...")."""
    earlier = [loc for loc in places if loc.end <= event.start]
    between = doc.char_span(earlier[-1].end, event.start, alignment_mode="expand") if earlier else None
    if between is None or "\n" in between.text_with_ws:  # only the span, not Doc.text (every token)
        return None
    same_sentence = [loc for loc in earlier if sentence_of[loc] == sentence_of[earlier[-1]]]
    return _most_precise(same_sentence[0], same_sentence)


def _article_place(places: list[Location]) -> Location | None:
    """The article's place, where all its places lie in one division (or one country
    named alone): a short report, or a dateline, locates every event it tells."""
    if not places or len({(loc.country, loc.admin1) for loc in places}) > 1:
        return None
    return next((loc for loc in places if loc.kind == "city"), places[0])
