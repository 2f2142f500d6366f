"""What an event's parse leaves open, read from its sentence and its article: the other
party ("protested after Britain expelled three diplomats"; "Israeli aircraft hit about 20
targets" in a story of strikes on Gaza) and the issue a vague span refers to ("accepted the
Egyptian proposal" in a story about a ceasefire). Each completion is marked in its rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from accord.actors.phrases import ACTOR_ENTITY_LABELS, PhraseActors
from accord.geo.cues import LocationCues, load_location_cues
from accord.model import Actor, Event

COUNTERPART_RULE = "+counterpart-in-sentence"
USUAL_PARTNER_RULE = "+usual-partner-in-article"
STRUCK_SITE_TYPES = {"ASSAULT"}
# Acts aimed along the conflict the article reports, whose usual partner is their target.
PARTNER_TYPES = {"ASSAULT", "COERCE", "THREATEN", "ACCUSE"}
ARTICLE_ISSUE_RULE = "issue:article-main-key"


def complete_targets(events: list[Event], doc, phrase_actors: PhraseActors) -> list[Event]:
    """Each event with a coded source and no target gets the nearest coded actor of another
    code in its sentence. Runs after the classifier, whose features are the parse's roles."""
    completed = []
    for event in events:
        if event.target is None and event.source is not None and event.source.code is not None:
            trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
            counterpart = (_counterpart(trigger[0], event.source, phrase_actors, event.type in STRUCK_SITE_TYPES)
                           if trigger is not None else None)
            if counterpart is not None:
                event = replace(event, target=counterpart)
        completed.append(event)
    return _with_usual_partner(completed)


def _with_usual_partner(events: list[Event]) -> list[Event]:
    """A hostile act with no party named in its sentence is aimed at the side its source
    most often acts on in the article ("Israeli aircraft hit about 20 targets, the army
    said" in a story of Israel's strikes on Gaza): the target named at least twice and
    more often than any other, as written at its mention nearest before the act."""
    mentions: dict[tuple[str, str], list[Actor]] = {}
    for event in events:
        source, target = event.source, event.target
        if (source is not None and target is not None and source.code and target.code and source.code != target.code
                and target.start is not None):
            mentions.setdefault((source.code, target.code), []).append(target)
    completed = []
    for event in events:
        if event.target is None and event.type in PARTNER_TYPES and event.source is not None and event.source.code:
            counts = sorted(((len(found), code) for (source, code), found in mentions.items()
                             if source == event.source.code), reverse=True)
            if counts and counts[0][0] >= 2 and (len(counts) == 1 or counts[0][0] > counts[1][0]):
                found = mentions[(event.source.code, counts[0][1])]
                nearest = max((a for a in found if a.start < event.trigger.start), key=lambda a: a.start, default=found[0])
                event = replace(event, target=replace(nearest, rule=(nearest.rule or "") + USUAL_PARTNER_RULE))
        completed.append(event)
    return completed


def _counterpart(trigger, source: Actor, phrase_actors: PhraseActors, site_is_struck: bool) -> Actor | None:
    cues = load_location_cues()
    sent = trigger.sent
    names = [t for t in sent if t.ent_type_ in ACTOR_ENTITY_LABELS and t.ent_iob_ == "B"
             and not (source.start is not None and source.start <= t.idx < source.end)
             and not _in_other_relative_clause(t, trigger)]
    # After the trigger first (English puts the undergoer after the act), then before it.
    names.sort(key=lambda t: (t.i < trigger.i, abs(t.i - trigger.i)))
    sites = [t for t in names if _names_the_site(t, cues)]
    # The place a strike hit stands for its people ("hit about 20 targets in Gaza") when no
    # party is named; a conference "in Manila" is only where sanctions were announced.
    for token in [t for t in names if t not in sites] + (sites if site_is_struck else []):
        actor = phrase_actors.for_token(token)
        if actor is not None and actor.code is not None and actor.code != source.code:
            return replace(actor, rule=(actor.rule or "") + COUNTERPART_RULE)
    return None


def _names_the_site(token, cues: LocationCues) -> bool:
    """"a news conference in Manila", "peace talks in Minsk", "the Singapore summit": where
    the act happened, not whom it was done to."""
    if token.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    while token.dep_ in ("compound", "conj", "appos") and token.head.i != token.i:
        if token.dep_ == "compound" and token.head.lemma_.lower() in cues.venue_nouns:
            return True
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in cues.site_prepositions


def _in_other_relative_clause(token, trigger) -> bool:
    """"..., where he is making the Philippines his last stop": a relative clause that does
    not hold the act describes something else."""
    node = token
    while node.head.i != node.i:
        if node.dep_ == "relcl":
            return not (node.left_edge.i <= trigger.i <= node.right_edge.i)
        node = node.head
    return False


def complete_issue_keys(events: list[Event]) -> list[Event]:
    """An event whose issue span names no known key ("accepted the Egyptian proposal",
    "dismissed the new round as too weak") is about the article's main issue: the key
    found most often, at least twice (of equals, the one the article names first). A
    span-less event keeps no key: it may be about anything."""
    # Counter keeps first-seen order, so of equally frequent keys the lede's comes first.
    counts = Counter(e.issue.key for e in sorted(events, key=lambda e: e.trigger.start)
                     if e.issue is not None and e.issue.key)
    ranked = counts.most_common(1)
    if not ranked or ranked[0][1] < 2:
        return events
    main_key = ranked[0][0]
    return [replace(e, issue=replace(e.issue, key=main_key, rule=ARTICLE_ISSUE_RULE))
            if e.issue is not None and e.issue.key is None else e for e in events]
