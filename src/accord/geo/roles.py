"""The syntactic roles that make a name a place or a party.

A place name counts as a location only where the syntax says so: the object of a
locative preposition ("in Kherson", "near Bakhmut", "areas such as Donetsk, Luhansk"),
the object of "of" after a place noun ("the outskirts of Bakhmut"), or a word joined to
one of those (lists, "Watamu, Kilifi", "Ikurungu village"). Subjects, possessives and
objects of "from"/"with" are actors ("Moscow rejected", "talks with Kyiv") and never
locations; a name is also where an attack struck, a journey went or a gathering met.
"""

from __future__ import annotations

from spacy.symbols import NOUN, PROPN

from accord.geo.cues import LocationCues, is_word
from accord.geo.gazetteer import DIVISION_WORDS

# A name in these roles acts ("In Kherson, Russia shelled ..."), whatever precedes it.
ACTOR_ROLES = {"nsubj", "nsubjpass", "poss", "agent"}


def struck_or_reached(token, cues: LocationCues) -> bool:
    """Whether a name is where an attack struck or a journey went, whatever party it also
    names: the direct or "on"/"against" object of a strike word ("airstrikes on Gaza",
    "annexed Crimea"), the "to"/"for" object of a motion word ("departed for Paris") or a
    visit's direct object ("will visit Abu Dhabi")."""
    head = token.head
    if token.dep_ == "dobj":
        return is_word(head, cues.strike_words) or head.lemma_.lower() in ("visit", "tour")
    if token.dep_ == "nsubj" and token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].lower_ == "for":
        # "departed for Paris to meet ...", "bound for Abu Dhabi to meet ...": the parser
        # makes the destination the subject of the purpose clause
        return is_word(head.head, cues.motion_words)
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
        return any(is_word(governor, cues.strike_words) for governor in governors)
    if head.lower_ in ("to", "for"):
        return any(is_word(governor, cues.motion_words) for governor in governors)
    return False


def site_of(token, cues: LocationCues) -> bool:
    """Whether a name is the object of a preposition that always places ("in Belarus")."""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    return (token.dep_ == "pobj" and token.head.lower_ in cues.site_prepositions
            or struck_or_reached(token, cues) or venue_of(token, cues)
            # "a raid in the Rhodespark area of Lusaka": a capital that also names a
            # government is the place a place noun is part of
            or token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in cues.place_nouns
            and token.head.head.dep_ == "pobj" and token.head.head.head.lower_ in cues.prepositions)


def between_parties(token) -> bool:
    """Whether a name is one of the sides "between" joins: towns bound a stretch of land
    ("between Kilifi and Malindi"), countries are parties ("relations between the U.S.
    and Iran")."""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "between"


def side_of_a_border(token, cues: LocationCues) -> bool:
    """Whether a name is a side of a border ("near the Somalia border", "the Kenya-Somalia
    border", "the frontier with Somalia"): a country named so is where the border runs,
    not where an incident by it happened."""
    while token.dep_ in ("compound", "nmod", "amod", "conj", "appos") and token.head is not token:
        token = token.head
        if token.lower_ in cues.border_nouns:
            return True
    return token.dep_ == "pobj" and token.head.lower_ == "with" and token.head.head.lower_ in cues.border_nouns


def venue_of(token, cues: LocationCues) -> bool:
    """Whether a name modifies a gathering or operation noun ("the Cairo talks")."""
    return token.dep_ in ("compound", "nmod", "amod") and token.head.lower_ in cues.venue_nouns


def is_locative(token, cues: LocationCues, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if _follows_a_place(token, cues, depth) or struck_or_reached(token, cues) or venue_of(token, cues):
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
        return is_locative(head, cues, depth + 1)
    if token.dep_ == "poss":
        # "in Nairobi's Mathare slum", "in Kenya's Lamu region": the place holds the place
        return ((head.lower_ in cues.place_nouns or head.pos_ == "PROPN")
                and head.dep_ == "pobj" and head.head.lower_ in cues.prepositions)
    if token.dep_ in ("compound", "nmod", "amod"):
        # "Chemisto village", "Nairobi residents": a settlement, and where its people live
        if head.lower_ in cues.place_nouns or head.lower_ in cues.people_nouns:
            return True
        return head.pos_ == "PROPN" and is_locative(head, cues, depth + 1)  # "Watamu, Kilifi"
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
    return named and before.i != token.i and is_locative(before, cues, depth + 1)


def names_origin(span) -> bool:
    """Whether a place is named as where a party comes from, by a "from" phrase on a noun
    or on a participle describing one ("armed men from Somalia beheaded a man in Kitui",
    "refugees drawn from the Oromo community of Ethiopia but living in Nairobi"), not
    where anything happens ("fled from Garissa" is a verb's own phrase)."""
    node = span_root(span)
    # up to the nearest preposition past "of" ones ("in Tangi area of Laikipia" is a place's)
    while node.dep_ in ("pobj", "prep", "compound", "appos", "conj") and node.head is not node:
        if node.dep_ == "prep" and node.lower_ != "of":
            return node.lower_ == "from" and (node.head.pos_ in ("NOUN", "PROPN", "PRON") or node.head.dep_ == "acl")
        node = node.head
    return False


def span_root(span):
    for token in span:
        if token.head.i < span.start or token.head.i >= span.end or token.head is token:
            return token
    return span[-1]


def modifies_a_thing(root, span, cues: LocationCues) -> bool:
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


def beside_noun(span, nouns: frozenset[str]) -> bool:
    """Whether the name modifies one of ``nouns`` or is its "of" object: "Garissa town",
    "Nairobi residents", "the Quri area of Garba Tula"."""
    root = span_root(span)
    if root.dep_ in ("compound", "amod", "nmod"):
        return root.head.lower_ in nouns
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in nouns


def named_as_division(span) -> bool:
    """"Homa Bay County", "Washington state", "the state of Washington"."""
    doc = span.doc
    return (span[-1].lower_ in DIVISION_WORDS
            or span.end < len(doc) and doc[span.end].lower_ in ("state", "county", "province")
            or span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in DIVISION_WORDS)
