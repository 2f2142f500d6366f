"""Locating events: each event takes the place its sentence names (the one governing its
trigger first), then the paragraph before, then the article's one division, then the
dateline; ``locations`` keeps every place of the sentence."""

from __future__ import annotations

import re
from dataclasses import replace

from accord.actors.tables import STATE_TABLES
from accord.events.clauses import clause_tokens, incident_clauses
from accord.geo.cues import LocationCues, load_location_cues
from accord.geo.gazetteer import Gazetteer
from accord.geo.mentions import find_place_mentions
from accord.geo.resolve import best_reading, named_place_countries, read_mentions, to_location
from accord.geo.roles import names_origin
from accord.model import Actor, Event, Location
from accord.nlp import doc_text

MAX_HOPS = 6
# A wire dateline: capitalised places before the outlet and a dash ("MOSCOW (Reuters) -",
# "TOKYO/WASHINGTON (Reuters) -", "LONDON —", "KYIV, Ukraine -").
DATELINE = re.compile(r"\A\s*((?:[A-Z][A-Z.'’-]+ ?)+(?:/(?:[A-Z][A-Z.'’-]+ ?)+)*)(?:,[^\n(—–]{1,40}?)?"
                      r"\s*(?:\([^)\n]{1,40}\))?\s*[-—–]+\s")
# Events whose target, when it names a place, is the place they happen in.
ATTACK_TYPES = {"ASSAULT"}


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
    origins: set[Location] = set()
    for mention, place in read_mentions(mentions, countries, gazetteer, named_place_countries(doc, gazetteer)):
        location = to_location(mention, place)
        sentence_of[location] = mention.sentence
        if names_origin(mention.span):
            origins.add(location)
        if mention.weak:
            weak.append(location)
            continue
        for i in range(mention.span.start, mention.span.end):
            located[i] = location
    places = sorted(dict.fromkeys([*located.values(), *weak]), key=lambda loc: loc.start)
    out = []
    for event in events:
        # where a party comes from is the event's place only where its sentence names no other
        in_sentence = sorted((loc for loc in places if event.start <= loc.start < event.end and loc not in weak),
                             key=lambda loc: loc in origins)
        if not in_sentence:
            named_in_sentence = [loc for loc in weak if event.start <= loc.start < event.end]
            if named_in_sentence:
                place = _most_precise(named_in_sentence[0], named_in_sentence)
                out.append(replace(event, location=place, locations=tuple(dict.fromkeys([place, *named_in_sentence]))))
                continue
            inherited = (_paragraph_place(places, sentence_of, event, doc) or _article_place(places, event)
                         or _dateline_place(dateline, event))
            out.append(replace(event, location=inherited, locations=(inherited,)) if inherited else event)
            continue
        trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        governing = _governing(trigger.root, located, cues) if trigger is not None and len(trigger) else None
        if governing is None or not event.start <= governing.start < event.end:
            also = [loc for loc in weak if event.start <= loc.start < event.end]
            governing = _of_own_clauses(trigger, [loc for loc in in_sentence if loc not in origins], doc) or (also[0] if also else in_sentence[0])
        also = [loc for loc in weak if event.start <= loc.start < event.end]
        out.append(replace(event, location=_most_precise(governing, in_sentence),
                           locations=tuple(dict.fromkeys([_most_precise(governing, in_sentence), *in_sentence, *also]))))
    return out


def _of_own_clauses(trigger, places: list[Location], doc) -> Location | None:
    """The first of ``places`` named in a clause of the trigger's incident
    (``incident_clauses``), not in a clause telling another act: "youth held a
    demonstration and named preachers ... recruiting youths to join Al-Shabab in Somalia"
    was not held in Somalia; a place the sentence names only as a party's or a thing's
    ("Mombasa youth") is then the better guess."""
    if trigger is None or not len(trigger):
        return None
    own = {token.i for head in incident_clauses(trigger.root) for token in clause_tokens(head)}
    for loc in places:
        span = doc.char_span(loc.start, loc.end, alignment_mode="expand")
        if span is not None and any(token.i in own for token in span):
            return loc
    return None


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


def _article_place(places: list[Location], event: Event) -> Location | None:
    """The article's place, where all its places lie in one division (or one country
    named alone): a short report, or a dateline, locates every event it tells. A country
    named alone only after the event is where its story went next, not its setting
    ("kidnapped by al Shabaab in Hagadera refugee camp. The teacher was later rescued ...
    across the border into Somalia")."""
    if not places or len({(loc.country, loc.admin1) for loc in places}) > 1:
        return None
    place = next((loc for loc in places if loc.kind == "city"), places[0])
    return None if place.kind == "country" and place.start >= event.end else place
