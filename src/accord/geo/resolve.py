"""Choosing each place name's reading with the whole text's evidence: the other places named
and their countries and divisions, "X, Y" and "X in Y province" pairs, namesakes at home,
population last."""

from __future__ import annotations

from accord.geo.cues import COMPASS_ADJECTIVES, LocationCues, PLACE_LABELS, load_location_cues
from accord.geo.gazetteer import Gazetteer, Place, fold_name
from accord.geo.mentions import PlaceMention
from accord.geo.roles import beside_noun, named_as_division, span_root
from accord.model import Location

# A town abroad of fewer people than this is seldom named in news without its country, a
# city of more often is ("jailed in Cairo", "talks in Geneva").
SMALL_TOWN = 200_000
# A town this far from every country a text names lies in none of its stories' places.
FAR_KM = 1500
# How much larger a namesake may be before the article's countries no longer pick the
# smaller one: Donetsk in Ukraine over its Russian namesake, but not Vienna, Virginia
# over Vienna.
MAX_NAMESAKE_RATIO = 20


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


def to_location(mention: PlaceMention, place: Place) -> Location:
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


def read_mentions(mentions: list[PlaceMention], countries: frozenset[str], gazetteer: Gazetteer,
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
    text_countries = countries
    named_places = dict(named_places or {})
    for mention in mentions:
        if mention.span.start not in named_places:
            named_places[mention.span.start] = _sure_countries(mention)
    # each mention is weighed by the other places of the text, never by itself
    sure_of = {id(m): frozenset().union(*(c for start, c in named_places.items()
                                          if not m.span.start <= start < m.span.end)) for m in mentions}
    sure = frozenset().union(*named_places.values())
    # the countries of the divisions the text names ("Garissa county", "West Pokot": named
    # as one, or by a name only a division bears), each mention weighed by the others:
    # surer than a town's, whose name a neighbourhood abroad may share
    division_countries = {id(m): _sure_countries(m) for m in mentions
                          if named_as_division(m.span) or all(p.kind == "admin1" for p in m.readings)}
    divisions_sure_of = {id(m): frozenset().union(*(c for key, c in division_countries.items() if key != id(m))) for m in mentions}
    main_readings = {id(m): best_reading(m.readings, countries, frozenset(), sure=sure) for m in mentions
                     if not m.local and m.span[0].ent_type_ != "PERSON"}
    placed = frozenset(place.country for place in main_readings.values())
    placed_divisions = frozenset(place.admin1 for place in main_readings.values() if place.admin1)
    # the text's countries as each mention's neighbours and parties tell them, for choosing
    # a namesake: a reading does not vouch for itself ("Kenya Wildlife Service ...
    # residents of Kinna" is the Kenyan Kinna, however sure the Swedish reading is of Sweden)
    others_of = {id(m): countries | frozenset(place.country for key, place in main_readings.items() if key != id(m))
                 for m in mentions}
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
            place = best_reading(mention.readings, countries, hints, named_as_division(mention.span), sure)
            place = _namesake_at_home(mention, place, sure, hints, others_of[id(mention)])
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
            # Garba Tula", "Garissa residents" beside an al-Shabaab attack), or a locative
            # preposition does and the name is known in one country only ("Al Shabaab
            # attacked Haluqa, outside of Garissa").
            if mention.span[0].ent_type_ == "PERSON" and countries and not (
                    inside or place.country in countries
                    or beside_noun(mention.span, cues.place_nouns | cues.people_nouns)
                    or _after_locative(mention.span, cues) and len({p.country for p in mention.readings}) == 1):
                continue
            if place.country not in sure and _placed_by_next(mention, named_places, sure, cues.place_nouns):
                continue  # "Eastleigh, Nairobi" is no Eastleigh in England
            # two divisions in two countries ("Bururi Village, Tana River District") leave the
            # rule no side to take
            if id(mention) not in division_countries and _unlikely_abroad(
                    mention, place, divisions_sure_of[id(mention)], text_countries, gazetteer):
                continue
            if (place.kind == "city" and not inside and not named[id(mention)]
                    and _joined_to_division(mention, group, named)) or _area_of_another(mention, group):
                continue
            yield mention, place


def _unlikely_abroad(mention: PlaceMention, place: Place, divisions_sure: frozenset[str],
                     countries: frozenset[str], gazetteer: Gazetteer) -> bool:
    """Whether a small town is an unlikely reading because the text points elsewhere and
    nothing in it to the town's country (the countries of its actors, those it names):
    a division the text names lies surely in another country ("Raya area of Balambala
    sub-county, Garissa county" is no Rāya in India), or the name has namesakes in several
    countries and this one lies far from every country the text names ("Kenyan and Somali
    youth clash in Eastleigh" is no Eastleigh in England). A town's name found in one
    country only is evidence of its own ("Chinese workers protested in Kibwezi"), and a
    town beside another town is no surer than it ("Dallas estate in Embu town"). An event
    is better left at the places the text is sure of, or unplaced, than put on another
    continent."""
    if (place.kind == "country" or place.capital or place.population >= SMALL_TOWN
            or place.country in divisions_sure | countries):
        return False
    if divisions_sure:
        return True
    if not countries or len({p.country for p in (*mention.readings, *mention.namesakes)}) < 2:
        return False
    distances = [gazetteer.km_from_country(place, country) for country in countries]
    return all(km is not None and km > FAR_KM for km in distances)


def _placed_by_next(mention: PlaceMention, named_places: dict[int, frozenset[str]], sure: frozenset[str],
                    place_nouns: frozenset[str]) -> bool:
    """Whether the name is followed by a comma, a bracket or "in" and a place in one of the
    article's sure countries ("Eastleigh, Nairobi", "Kom (Isiolo)", "Tiwi in Ukunda"), its
    place noun between ("Dallas estate in Embu town")."""
    end = mention.span.end
    doc = mention.span.doc
    while end < len(doc) and doc[end].lower_ in place_nouns:
        end += 1
    if end >= len(doc) or doc[end].lower_ not in (",", "(", "in"):
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
    root = span_root(mention.span)
    if root.dep_ not in ("compound", "amod", "nmod"):
        return False
    for other in group:
        of = span_root(other.span).head
        if other is not mention and of.lower_ == "of" and of.head == root.head:
            return True
    return False


def _named_as_town(span, cues: LocationCues) -> bool:
    """Whether the text presents a small town's name as a settlement: tagged as one, or
    beside a place or people noun ("Kutus town", "residents of Butere"), or bare after a
    locative preposition ("in Garba Tula"); "at the Center" or "in the western Pacific"
    matches a town's name by chance."""
    if span.label_ == "GPE":
        return True
    nouns = cues.place_nouns | cues.people_nouns
    if beside_noun(span, nouns):
        return True
    root = span_root(span)
    if root.dep_ != "pobj":
        return False
    # "in Garba Tula"; "at the Center" has an article, and "at Harvard", "known as King
    # v. Burwell" name an institution and a case more often than a town
    if root.head.lower_ in cues.prepositions and root.head.lower_ not in ("as", "at"):
        return not any(child.dep_ in ("det", "amod") for child in root.children)
    return root.head.lower_ == "from" and root.head.head.lower_ in nouns


def _after_locative(span, cues: LocationCues) -> bool:
    """Whether a name is the object of a locative preposition, or of "of" after one ("in
    Garissa", "outside of Garissa"); "as" and "at" introduce roles and institutions too."""
    root = span_root(span)
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "of" and prep.head is not prep:
        prep = prep.head
    return prep.lower_ in cues.prepositions and prep.lower_ not in ("as", "at")


def _division_names(mention: PlaceMention) -> frozenset[str]:
    if mention.local:
        return frozenset()
    return frozenset(fold_name(p.name) for p in mention.readings if p.kind == "admin1")


def _joined_to_division(mention: PlaceMention, group: list[PlaceMention], named) -> bool:
    """Whether the text puts the mention inside a division it names: "Kiunga, Lamu",
    "the Majengo area of Mombasa" (not a list of peers: "Donetsk, Luhansk and Kherson")."""
    root = span_root(mention.span)
    for other in group:
        if other is mention or not named[id(other)]:
            continue
        other_root = span_root(other.span)
        if root.dep_ == "conj" or other_root.dep_ == "conj":
            continue
        beside = other.span.start <= root.head.i < other.span.end or mention.span.start <= other_root.head.i < mention.span.end
        area_of = other_root.head.lower_ == "of" and other_root.head.head == root.head
        if beside or area_of:
            return True
    return False
