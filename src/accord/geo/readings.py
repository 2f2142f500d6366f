"""A place name's readings: the gazetteer places a span may name, read whole, as the town a
facility is named after, or as a small town the main table leaves out."""

from __future__ import annotations

from spacy.symbols import PROPN
from spacy.tokens import Span

from accord.geo.cues import COMPASS_WORDS, LocationCues, PLACE_LABELS
from accord.geo.gazetteer import Gazetteer, fold_name
from accord.geo.roles import beside_noun, span_root, struck_or_reached

def place_readings(span, gazetteer: Gazetteer, cues: LocationCues):
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
    whole_name = other_name and (span.label_ != "ORG" or beside_noun(span, cues.place_nouns)
                                 or struck_or_reached(span_root(span), cues) or _bare_in(span, cues))

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
    root = span_root(span)
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
