"""Finding the place names of an article: the spans the syntax makes locations, with their
gazetteer readings, leaving out person surnames, parts of longer names and names of things."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IS_TITLE, POS, SENT_START
from spacy.symbols import ADJ, NOUN, PROPN
from spacy.tokens import Span

from accord.geo.cues import COMPASS_ADJECTIVES, COMPASS_WORDS, LocationCues, NOT_PLACE_LABELS, PLACE_LABELS, load_location_cues
from accord.geo.gazetteer import DIVISION_WORDS, Gazetteer, Place, fold_name
from accord.geo.readings import place_readings
from accord.geo.roles import (ACTOR_ROLES, beside_noun, between_parties, is_locative, modifies_a_thing, named_as_division,
                              side_of_a_border, site_of, span_root, venue_of)

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
    """GPE/LOC entities; other names of several words, which ``place_readings`` takes only as a
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
    # ... and a capitalised word the tagger read as a common noun or an adjective before
    # a place or people noun ("Lodwar residents", "Lamu residents", "Migori drivers")
    nouns = cues.place_nouns | cues.people_nouns
    compound, amod = doc.vocab.strings["compound"], doc.vocab.strings["amod"]
    modifier = ((tags[:, 0] == NOUN) | (tags[:, 0] == ADJ)) & ((tags[:, 1] == compound) | (tags[:, 1] == amod))
    for i in numpy.flatnonzero(modifier & (tags[:, 2] == 1)):
        token = doc[int(i)]
        if token.i not in taken and token.head.lower_ in nouns and token.head.i == token.i + 1:
            yield doc[token.i:token.i + 1]


def _names_no_place(ent) -> bool:
    """Words that a name other than a place covers ("the University of Nairobi"); an
    entity across a bracket or comma is a parser slip ("Chepchoina (Trans Nzoia"), and a
    proper noun tagged as a people ("Katimokor") may be a place all the same."""
    if ent.label_ in NOT_PLACE_LABELS:
        # a run of proper nouns tagged a people may be a place all the same ("Sultan Hamud town")
        return ent.label_ != "NORP" or not all(t.pos == PROPN for t in ent)
    return len(ent) > 1 and not any(t.text in ",()" for t in ent)


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
        span, readings, local, facility = place_readings(span, gazetteer, cues)
        chars = (span.start_char, span.end_char)
        if not readings or chars in named_chars:
            continue
        if span.text.lower() in surnames and not beside_noun(span, cues.place_nouns):
            continue  # "Graham said", "talks with Graham" after "Sen. Lindsey Graham"
        if fold_name(span.text) in cues.common_words or not facility and _part_of_a_longer_name(span, cues):
            continue  # "Tea farmers", "in the North"; "Trans Mara" is not Mara, "Santa Rosa de Copan" not Santa Rosa
        root = span_root(span)
        if chars in actor_chars and not site_of(root, cues):
            continue
        if venue_of(root, cues) or between_parties(root) or side_of_a_border(root, cues):
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
        if (is_locative(root, cues) or people or attacked
                or (named_as_division(span) and root.dep_ not in ACTOR_ROLES - {"nsubjpass"})):
            sentence = sentence_starts[bisect.bisect_right(sentence_starts, span.start) - 1]
            namesakes = () if local or facility else tuple(gazetteer.lookup_local(span.text))
            mentions.append(PlaceMention(span, tuple(readings), sentence, local or facility, facility, namesakes))
        elif other_actor_spans is not None and chars not in any_actor_chars and modifies_a_thing(root, span, cues):
            readings = [p for p in readings if p.kind != "country"]
            if readings and span[0].ent_type_ != "PERSON":
                sentence = sentence_starts[bisect.bisect_right(sentence_starts, span.start) - 1]
                mentions.append(PlaceMention(span, tuple(readings), sentence, local or facility, facility, (), True))
    return mentions


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
