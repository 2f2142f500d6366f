"""From candidates to events: recoding by context, dropping events nested in another's
issue, modality and the types it turns an act into, the issue key, confidence, and one
event per act in a sentence."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import ACTOR_ENTITY_LABELS
from accord.events.clauses import clause_tokens, incident_clauses
from accord.events.candidate import PETRARCH_VERBS, SOURCE_CONFIDENCE, USER_ENTRY_CONFIDENCE, Candidate, EventContext, carrying_verb, recoded
from accord.events.issues import ISSUES_FILE
from accord.events.modality import read_modality
from accord.geo.cues import PLACE_LABELS, load_location_cues
from accord.model import Actor, Event, Issue, TextSpan

# The manual codes CONSULT, SUPPORT, COOPERATE and AID "reported in future tense" as AGREE
# (the intention), with CAMEO's "express intent to" code. RETREAT and CONCEDE do not become
# AGREE: "announcements of future retreats should be coded as CONCEDE" (CAMEO 080, yield).
INTENT_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "030", "AID": "033", "CONCEDE": "035"}
FUTURE_RETREAT_CAMEO = "080"

# A hostile act announced for the future is a threat of it: CAMEO's THREATEN codes are
# "threaten to" the act, and the manual's THREATEN modes name the content (protests, strikes,
# blockades, curfews, arrests, expulsions, occupation, violence). Keyed by the act's CAMEO
# code, longest prefix first; the type's own entry is the fallback.
THREAT_CAMEO = {"14": "133", "16": "131", "161": "1313", "166": "136", "163": "1312",
                "17": "132", "173": "137", "175": "137", "191": "1381", "192": "1382",
                "18": "1383", "19": "1384", "20": "1385", "15": "138"}
THREAT_TYPES = {"PROTEST": "133", "SANCTION": "131", "COERCE": "132", "ASSAULT": "1384", "MOBILIZE": "138"}

def threat_cameo(entry) -> str:
    """The CAMEO code of a threat of ``entry``'s act ("threaten to" the act)."""
    return next((THREAT_CAMEO[entry.cameo[:n]] for n in (4, 3, 2) if entry.cameo[:n] in THREAT_CAMEO),
                # A row that codes only when negated ("will not leave this unanswered")
                # threatens no act of its own: CAMEO 130, threaten, not specified.
                THREAT_TYPES.get(entry.type, "130"))


# CAMEO 074 "provide military protection or peacekeeping" is AID, not a deployment (154).
PEACEKEEPING_LEMMAS = {"peacekeeper", "peacekeeping", "peacekeepers"}
PEACEKEEPING_CAMEO = "074"


def peacekeeping_as_aid(candidate: Candidate, context: EventContext) -> Candidate:
    """Troops sent or deployed as peacekeepers provide aid: "sent 200 troops ... to serve as
    a peacekeeping force", "the deployment of 230 troops ... on a peacekeeping mission"."""
    entry = candidate.entry
    if entry.type != "MOBILIZE":
        return candidate
    trigger = candidate.trigger
    clause = carrying_verb(trigger)
    if not any(t.lemma_.lower() in PEACEKEEPING_LEMMAS for t in clause.subtree):
        return candidate
    return replace(candidate, entry=recoded(entry, "+peacekeeping", PEACEKEEPING_CAMEO, context))


# Dependents that start a clause of their own, whose places are not the trigger's.
# Roles of a state's name that make it a party rather than a place.
PARTY_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "agent"}


# Verbs of commitment: what they commit to decides the act ("vowed to retaliate" is a threat,
# "vowed to cooperate" an agreement).
PLEDGE_LEMMAS = {"promise", "vow", "pledge", "swear"}
# Harm a pledge holds out without an act of the lexicon, pledged itself or as the object of
# a verb of dealing it: "promised retaliation", "promised that Russia would cause serious
# damage", "vowed to take revenge" (not "promised to repair the damage").
HARM_NOUNS = {"damage", "harm", "retaliation", "revenge", "punishment", "reprisal", "vengeance"}
DEALING_LEMMAS = {"cause", "inflict", "do", "exact", "take", "wreak", "seek"}


def pledged_harm_as_threats(candidates: list[Candidate], context: EventContext) -> list[Candidate]:
    """A pledge of a hostile act or of harm is a threat of it (CAMEO 13, "threaten to" the act):
    "Iran vowed to retaliate", "Peskov promised that Russia would cause serious damage"."""
    result = []
    for candidate in candidates:
        span = candidate.issue_span
        if (candidate.entry.type != "AGREE" or candidate.trigger.lemma_.lower() not in PLEDGE_LEMMAS
                or span is None):
            result.append(candidate)
            continue
        hostile = next((other.entry for other in candidates
                        if other is not candidate and span.start <= other.trigger.i < span.end
                        and other.entry.type in THREAT_TYPES), None)
        if hostile is not None:
            cameo = threat_cameo(hostile)
        elif any(token.lemma_.lower() in HARM_NOUNS and token.dep_ == "dobj"
                 and (token.head == candidate.trigger or token.head.lemma_.lower() in DEALING_LEMMAS)
                 for token in span):
            cameo = "138"  # threaten with military force or harm, unspecified
        else:
            result.append(candidate)
            continue
        result.append(replace(candidate, entry=recoded(candidate.entry, "+pledged-harm", cameo, context)))
    return result


def says_where(trigger) -> bool:
    """Whether the trigger's clause names the place it happened in ("killed in Watamu",
    "murdered a matatu operator in Nairobi", "clashes at Nchiru Market"), or, for an
    eventive noun that is a subject, its verb's clause does ("clashes erupted in Moyale",
    "protests were held in Nairobi"), or a clause of the same incident does
    (``clauses.incident_clauses``); a named person, group or people is no place ("attacks between
    Kikuyu and Maasai").

    A sentence that names no party is an incident report ("Three people were shot dead and
    two others injured during an attack at Bendera village", "Residents of Kisii protested
    over ..."): its place anywhere in the sentence is the act's, wherever the parse of a
    terse note hangs it. Where a sentence names parties, other clauses' places are theirs
    ("sanctions ... in a bid to compel Moscow to ease its intervention in eastern Ukraine")."""
    cues = load_location_cues()
    subject_noun = trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass")
    if any(_place_phrase(token, cues, ("PERSON",)) for token in clause_tokens(trigger.head if subject_noun else trigger)):
        return True
    if any(_place_phrase(token, cues, ("PERSON",)) for head in incident_clauses(trigger) for token in clause_tokens(head)):
        return True
    sentence = trigger.sent
    # With no party named, an organisation's name after a place preposition is a town too.
    return not _names_a_party(sentence, cues) and any(_place_phrase(token, cues, ("PERSON", "ORG")) for token in sentence)


def _place_phrase(token, cues, town_labels: tuple[str, ...]) -> bool:
    """A place preposition naming a place ("in Watamu"), or a people noun with the place its
    people live in ("residents of Kisii", "villagers from Kapedo", "Nairobi residents")."""
    if token.dep_ == "prep" and token.lower_ in cues.prepositions:
        return _names_place(token, cues, town_labels)
    if token.lower_ in cues.people_nouns:
        return any(child.dep_ == "prep" and child.lower_ in ("of", "from") and _names_place(child, cues, town_labels)
                   or child.dep_ == "compound" and (child.ent_type_ in PLACE_LABELS or child.pos_ == "PROPN")
                   for child in token.children)
    return False


def _names_a_party(sentence, cues) -> bool:
    """Whether the sentence names a person or organisation, or a state that acts, owns or
    is acted on ("Israel launched", "Russia's actions"), as opposed to places only."""
    for ent in sentence.ents:
        if ent.label_ in ("PERSON", "ORG") and not (ent.root.dep_ == "pobj" and ent.root.head.lower_ in cues.prepositions):
            return True
        if ent.label_ == "GPE" and ent.root.dep_ in PARTY_DEPS:
            return True
    return False


def _names_place(prep, cues, town_labels: tuple[str, ...]) -> bool:
    return any(token.ent_type_ in PLACE_LABELS or (token.pos_ == "PROPN" and token.ent_type_ not in ACTOR_ENTITY_LABELS)
               or _town_read_as_name(token, prep, town_labels) or _named_before_place_noun(token, cues)
               for token in prep.subtree)


def _named_before_place_noun(token, cues) -> bool:
    """"in Nyeri town", "at Bendera village": a name a place noun follows is a place, whatever
    entity the small model tags it."""
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.lower_ in cues.place_nouns


def _town_read_as_name(token, prep, labels: tuple[str, ...]) -> bool:
    """"protested in Langata", "protests in Awasi": the small model tags many African towns as
    persons or organisations; a bare name right after a place preposition is a place ("in
    Obama's speech" and "in the Senate" are none)."""
    return (token.ent_type_ in labels and token.pos_ == "PROPN" and token.dep_ == "pobj"
            and token.head.i == prep.i and not any(c.dep_ in ("case", "poss", "det") for c in token.children))


def drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """An event inside another event's issue is that event's content, not an event. Its
    target is the outer event's when that has none: "refused to meet with the envoy"."""
    spans = [(*(c.absorbs or (c.issue_span.start, c.issue_span.end)), c)
             for c in candidates if c.issue_span is not None and not c.background]
    nested_targets: dict[int, Actor] = {}
    kept = []
    for candidate in candidates:
        i = candidate.trigger.i
        # A claim whose cue is the act's own verb ("says Hamas is violating the truce") is
        # the report of that act, not a second event beside it.
        outer = [other for start, end, other in spans
                 if start <= i < end and other is not candidate and (other.trigger.i != i or other.absorbs is not None)]
        if not outer:
            kept.append(candidate)
            continue
        for other in outer:
            # A PETRARCH synonym-block default ("want", "go") is too loose to lend a target to.
            if (candidate.target is not None and other.entry.source_file != PETRARCH_VERBS
                    and not _same_actor(candidate.target, other.source)):
                nested_targets.setdefault(id(other), candidate.target)
    return [replace(c, target=nested_targets[id(c)]) if c.target is None and id(c) in nested_targets else c
            for c in kept if not c.background]


def _same_actor(actor: Actor, other: Actor | None) -> bool:
    if other is None:
        return False
    if (actor.start, actor.end) == (other.start, other.end):
        return True
    return actor.code is not None and (actor.code, actor.sector) == (other.code, other.sector)


def in_condition(trigger, modality_cues: dict) -> bool:
    """Whether the act is the condition or the open question of another clause ("unless
    Russia meets its commitments", "whether Assad will comply", "wouldn't say if Russia could
    use its assets"): a hypothetical marker (data/modality/cues.tsv) introduces its clause."""
    node = trigger
    while True:
        if any(child.dep_ == "mark" and modality_cues.get(child.lower_, ("",))[0] == "hypothetical"
               for child in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head


def to_event(candidate: Candidate, context: EventContext, sentence_index: dict[int, int]) -> Event | None:
    entry = candidate.entry
    trigger = candidate.trigger
    if in_condition(candidate.modality_token or trigger, context.modality_cues):
        return None
    reading = read_modality(candidate.modality_token or trigger, context.modality_cues)
    if reading.deontic and not candidate.rule_suffix:
        return None  # "Iran must allow inspections": demanded of Iran, not done by it
    event_type = entry.type
    modality = reading.modality
    rule = entry.id + candidate.rule_suffix
    if not entry.type and not reading.negated:
        return None  # a verb that codes only when negated ("would not tolerate")
    if reading.negated:
        inverted = entry.negated_type
        if inverted:
            event_type = inverted
            rule += "+negated"
            modality = "hedged" if reading.hedged else ("hypothetical" if reading.hypothetical else "asserted")
        elif not entry.type:
            return None
        else:
            modality = "negated"
    # The act's own future, not that of a verb it is mentioned under ("will discuss Moscow's
    # annexation of Crimea"): a verb, or a noun a light verb carries ("will launch airstrikes").
    announced = (reading.future and not (reading.negated or reading.hypothetical)
                 and (trigger.pos_ in ("VERB", "AUX") or candidate.modality_token is not None))
    if reading.offer and not reading.negated and event_type in THREAT_TYPES:
        event_type = "THREATEN"  # readiness to strike or sanction is a threat of it ("ready to use force")
        rule += "+offer"
    elif reading.offer and not reading.negated and event_type not in ("AGREE", "REJECT"):
        event_type = "AGREE"  # PLOVER codes an offer to act as AGREE
        rule += "+offer"
    elif announced and event_type in INTENT_CAMEO:
        event_type = "AGREE"  # PLOVER: cooperation reported in the future tense is an intention
        rule += "+future"
    elif announced and event_type in THREAT_TYPES:
        event_type = "THREATEN"
        rule += "+future"
    elif announced and event_type == "RETREAT":
        event_type = "CONCEDE"
        rule += "+future"
    if reading.cues:
        rule += "+modality:" + ",".join(reading.cues)
    cameo, mode, contexts = entry.cameo, entry.mode, entry.contexts
    if event_type != entry.type:
        if event_type == "REJECT":
            cameo = "125" if entry.type == "CONSULT" else "120"  # 125: refuse to meet or negotiate
        elif event_type == "AGREE":
            cameo = INTENT_CAMEO.get(entry.type, "030")
        elif event_type == "CONCEDE":
            cameo = FUTURE_RETREAT_CAMEO
        elif event_type == "THREATEN":
            cameo = threat_cameo(entry)
        _, mode, contexts = context.lexicon.plover_for_cameo(cameo)
    issue = None
    if candidate.issue_span is not None:
        span = candidate.issue_span
        # The act's own word names its issue: "sanctioned 33 individuals over the Crimea
        # annexation" is about sanctions, whatever the sanctions are for.
        found = context.issues.find_key(trigger.lemma_) or context.issues.find_key(span.text)
        if found is None:
            found = context.issues.find_key(span.sent.text) if event_type in ("REJECT", "AGREE", "REQUEST", "SUPPORT") else None
        issue = Issue(found[0] if found else None, span.text, span.start_char, span.end_char, _keyword_rule(found))
    else:
        found = context.issues.find_key(trigger.sent.text)
        if found is not None:
            issue = Issue(found[0], trigger.sent.text, trigger.sent.start_char, trigger.sent.end_char, _keyword_rule(found))
    sent = trigger.sent
    confidence = SOURCE_CONFIDENCE.get(entry.source_file, USER_ENTRY_CONFIDENCE)
    if candidate.target is None:
        confidence -= 0.1
    if modality == "hedged":
        confidence -= 0.05
    return Event(
        id="",
        type=event_type,
        mode=mode or None,
        contexts=tuple(contexts or ()),
        cameo=cameo,
        source=candidate.source,
        target=candidate.target,
        issue=issue,
        modality=modality,
        trigger=TextSpan.from_span(trigger),
        sentence=sentence_index.get(sent.start, 0),
        start=sent.start_char,
        end=sent.end_char,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        rule=rule,
    )


def _keyword_rule(found: tuple[str, str] | None) -> str | None:
    return None if found is None else f"{ISSUES_FILE}:{found[1]}"


def merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per (sentence, type, source, target, issue): keep the most confident."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (
            event.sentence,
            event.type,
            event.source.code if event.source else None,
            event.target.code if event.target else None,
            event.issue.key if event.issue else None,
        )
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    return sorted(best.values(), key=lambda e: e.trigger.start)
