"""Event detection: a trigger word from the lexicon, its roles from the parse.

Verbs ("rejected", "would not accept") and eventive nouns ("demands",
"airstrikes") trigger events. The parse gives the source (subject, possessor,
by-agent), the target (object or prepositional object that is an actor) and
the issue (the proposal or demand). Events nested in another event's issue
("refused *to withdraw*", "demands include Ukraine *withdrawing*") are part of
that event, not events of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from accord.actors.phrases import ACTOR_ENTITY_LABELS, PhraseActors, noun_phrase, partitive_members
from accord.events import roles
from accord.events.claims import CLAIMS_FILE
from accord.events.lexicon import LexEntry
from accord.events.modality import read_modality
from accord.events.parties import (
    SUPPORT_VERB_DEPS, actor_inside, agent_of, authority_of_place, co_subject, complement_subject, document_author,
    is_actor_head, is_mandative, other_actor_in_sentence, own_forces, owner_of, recipient, subtree,
)
from accord.geo.locate import PLACE_LABELS, load_location_cues
from accord.model import Actor, Event, Issue, TextSpan

ISSUE_PREPS = {"for", "on", "over", "to", "about", "of", "against"}
# A possessor or a national modifier of an eventive noun is its source ("Russia's demands").
NOUN_SOURCE_DEPS = {"poss", "compound", "amod", "nmod"}
NOUN_SOURCE_PREPS = {"by", "from"}
NAME_ENTITIES = {"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "EVENT"}
# Acts two parties do with each other: "Iran and Oman met" is Iran meeting Oman; "Li and Khan
# signed 15 agreements" (CAMEO 057, sign formal agreement, a SUPPORT) is Li signing with Khan.
MUTUAL_TYPES = {"CONSULT", "COOPERATE", "AGREE"}
MUTUAL_CAMEO = {"057"}
# Types whose act is said (a demand, a proposal, an accusation) and so can have content.
SPOKEN_TYPES = {"REQUEST", "AGREE", "REJECT", "ACCUSE", "THREATEN", "SUPPORT", "CONSULT", "CONCEDE"}
# Named things a verb can hand to someone: "awarded the Freedom Order to Bill Clinton".
THING_ENTITIES = {"ORG", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC"}
# Verbs whose "from" place is the country that acts when no agent is named.
EXPULSION_LEMMAS = {"expel", "deport"}


# The manual codes CONSULT, SUPPORT, COOPERATE and AID "reported in future tense" as AGREE
# (the intention), with CAMEO's "express intent to" code. RETREAT and CONCEDE do not become
# AGREE: "announcements of future retreats should be coded as CONCEDE" (CAMEO 080, yield).
INTENT_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "030", "AID": "033"}
FUTURE_RETREAT_CAMEO = "080"

# A hostile act announced for the future is a threat of it: CAMEO's THREATEN codes are
# "threaten to" the act, and the manual's THREATEN modes name the content (protests, strikes,
# blockades, curfews, arrests, expulsions, occupation, violence). Keyed by the act's CAMEO
# code, longest prefix first; the type's own entry is the fallback.
THREAT_CAMEO = {"14": "133", "16": "131", "161": "1313", "166": "136", "163": "1312",
                "17": "132", "173": "137", "175": "137", "191": "1381", "192": "1382",
                "18": "1383", "19": "1384", "20": "1385", "15": "138"}
THREAT_TYPES = {"PROTEST": "133", "SANCTION": "131", "COERCE": "132", "ASSAULT": "1384", "MOBILIZE": "138"}

# How far a lexicon file is trusted: curated rows were checked by hand; PETRARCH verb
# defaults code whole synonym blocks and are right less often.
CURATED_VERBS = "events/curated_verbs.tsv"
PETRARCH_VERBS = "events/verbs.tsv"
SOURCE_CONFIDENCE = {
    CURATED_VERBS: 0.8,
    "events/nouns.tsv": 0.7,
    "events/verb_patterns.tsv": 0.65,
    PETRARCH_VERBS: 0.5,
    CLAIMS_FILE: 0.6,
}
USER_ENTRY_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class EventOptions:
    require_source: bool = True
    # Violence and protest are often reported without a perpetrator ("a man was killed in
    # Baragoi", "protests in Kogony"); such an event is kept when its victim or its place
    # is named.
    sourceless_types: tuple[str, ...] = ("ASSAULT", "COERCE", "PROTEST")
    min_confidence: float = 0.45


@dataclass(frozen=True, slots=True)
class EventContext:
    """What event detection reads besides the Doc: the stage tables, loaded once."""

    lexicon: object
    issues: object
    modality_cues: dict
    claim_cues: dict
    reporting_lemmas: frozenset


@dataclass(slots=True)
class Candidate:
    trigger: object  # spaCy Token
    entry: object  # LexEntry
    source: Actor | None
    target: Actor | None
    issue_span: object | None  # spaCy Span
    rule_suffix: str = ""
    modality_token: object | None = None
    # Token range whose triggers this event absorbs, when narrower than the issue: a claim
    # absorbs only the act it qualifies ("illegally annexed"), not every event it reports.
    absorbs: tuple[int, int] | None = None


def find_events(doc, phrase_actors: PhraseActors, context: EventContext, options: EventOptions = EventOptions()) -> list[Event]:
    """All events in ``doc``; ids are "e1", "e2", ... in text order."""
    candidates: list[Candidate] = []
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    for token in _trigger_tokens(doc, context):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
            candidate = _verb_candidate(token, phrase_actors, context)
        elif token.pos_ in ("NOUN", "PROPN"):
            candidate = _noun_candidate(token, phrase_actors, context)
        else:
            candidate = None
        if candidate is not None:
            candidates.append(_joint_exercise_as_cooperation(_peacekeeping_as_aid(candidate, context), phrase_actors, context))
    candidates.extend(_reported_claims(doc, phrase_actors, context))
    candidates = _drop_nested(candidates)

    events: list[Event] = []
    for candidate in sorted(candidates, key=lambda c: c.trigger.i):
        event = _to_event(candidate, context, sentence_index)
        if event is None:
            continue
        # Without a perpetrator only a hand-checked trigger is trusted: PETRARCH's synonym
        # blocks read "irks" or "plagued" as protests.
        if options.require_source and event.source is None and not (
            event.type in options.sourceless_types and event.confidence > SOURCE_CONFIDENCE["events/verbs.tsv"]
            and (event.target is not None or _says_where(candidate.trigger))
        ):
            continue
        if event.confidence < options.min_confidence:
            continue
        events.append(event)
    events = _merge_duplicates(events)
    return [replace(e, id=f"e{i}") for i, e in enumerate(events, 1)]


# Dependents that start a clause of their own, whose places are not the trigger's.
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"}


def _says_where(trigger) -> bool:
    """Whether the trigger's own clause names the place it happened in ("killed in Watamu",
    "murdered a matatu operator in Nairobi", "clashes at Nchiru Market"), or, for an
    eventive noun that is a subject, its verb's clause does ("clashes erupted in Moyale",
    "protests were held in Nairobi"); a named person, group or people is no place
    ("attacks between Kikuyu and Maasai")."""
    prepositions = load_location_cues().prepositions
    # A subject noun's verb clause holds the noun's own phrase too.
    subject_noun = trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass")
    for prep in _clause(trigger.head if subject_noun else trigger):
        if prep.dep_ == "prep" and prep.lower_ in prepositions:
            for token in prep.subtree:
                if token.ent_type_ in PLACE_LABELS or (token.pos_ == "PROPN" and token.ent_type_ not in ACTOR_ENTITY_LABELS):
                    return True
                if _town_read_as_person(token, prep):
                    return True
    return False


def _town_read_as_person(token, prep) -> bool:
    """"protested in Langata": the small model tags many African towns as persons; a bare
    name right after a place preposition is a place ("in Obama's speech" is no place)."""
    return (token.ent_type_ == "PERSON" and token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.i == prep.i
            and not any(c.dep_ in ("case", "poss") for c in token.children))


def _clause(head):
    """``head`` and its dependents, without the clauses it governs."""
    stack = [head]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in node.children if child.dep_ not in CLAUSE_DEPS)


def _trigger_tokens(doc, context: EventContext):
    lemmas = context.lexicon.trigger_lemmas
    for token in doc:
        if token.pos_ == "PROPN" and token.ent_type_ in NAME_ENTITIES:
            continue  # "Amnesty International" and "Operation Protective Edge" name, not act
        if token.lemma_.lower() in lemmas or token.lower_ in lemmas:
            yield token


def _verb_candidate(trigger, phrase_actors: PhraseActors, context: EventContext) -> Candidate | None:
    lemma = trigger.lemma_.lower()
    particle = next((c.lower_ for c in trigger.children if c.dep_ == "prt"), None)
    obj = roles.find_object(trigger)
    object_lemmas = _phrase_lemmas(obj) if obj is not None else _passive_subject_lemmas(trigger)
    object_lemmas += _predicate_adjectives(trigger)
    prep_objects = roles.prepositional_objects(trigger)
    preps = {}
    for prep, pobj in prep_objects:
        if pobj.ent_type_ not in ("DATE", "TIME"):  # "called Erdogan on Monday" is no "call on"
            preps[prep] = preps.get(prep, ()) + _phrase_lemmas(pobj)
    entry = context.lexicon.lookup_verb(lemma, particle, object_lemmas, preps)
    if entry is None or entry.reporting:
        return None
    if lemma in context.reporting_lemmas:
        # Only a hand-checked row makes a speech verb an act ("declared a ceasefire"); the
        # PETRARCH synonym blocks would read "views the ceasefire" as observing one. A speech
        # verb's own default codes only a mandative clause: "insisted that Kyiv withdraw",
        # not "insisted its troops were not involved".
        if entry.source_file != CURATED_VERBS:
            return None
        if entry is context.lexicon.lookup_verb(lemma) and not is_mandative(roles.clausal_complement(trigger)):
            return None
    if entry.light:  # "launched airstrikes": the object noun is the trigger
        return None
    if obj is not None and _noun_modifier_overrules(obj, entry, context):
        return None  # "launched a scathing attack": the noun's own modified row is the act
    if not entry.type and not entry.negated_type:
        return None  # a statement ("issued a statement"), not an act; its content may hold one
    issue_span = None
    subject, passive = roles.find_subject(trigger)
    source = target = None
    if passive:
        agent = roles.find_agent(trigger)
        source = phrase_actors.for_token(agent) if agent is not None else None
        if source is None and entry.type == "COERCE":
            source = authority_of_place(prep_objects, phrase_actors)
        elif source is None and lemma in EXPULSION_LEMMAS:
            source = authority_of_place(prep_objects, phrase_actors, "from")
        target = phrase_actors.for_token(subject) if subject is not None else None
        if source is None and entry.type == "MOBILIZE" and target is not None and target.sector == "MIL":
            source, target = target, None  # "2,000 Russian soldiers were deployed": their force moves
    else:
        source = phrase_actors.for_token(subject) if subject is not None else None
        if source is None and trigger.dep_ == "acl":
            source = document_author(trigger.head, phrase_actors)
        if obj is not None:
            target = phrase_actors.for_token(obj) if is_actor_head(obj) and not _contained(obj) else None
            if target is not None and own_forces(obj, target, source):
                target = None  # "withdraw its troops from X": the troops are the source's own
            if target is not None and target.code is None and obj.ent_type_ in THING_ENTITIES:
                # "awarded the Freedom Order to Bill Clinton": a coded recipient over a named thing
                target = next((a for prep, pobj in prep_objects if prep == "to" and is_actor_head(pobj)
                               for a in [phrase_actors.for_token(pobj)] if a is not None and a.code), target)
            if target is None:
                issue_span = subtree(obj)
    if target is None:
        for prep, pobj in prep_objects:
            if prep in roles.TARGET_PREPS and is_actor_head(pobj):
                target = phrase_actors.for_token(pobj)
                if target is not None:
                    break
    if target is None:
        # "to the border with Ukraine", "from the cities of the West Bank"
        target = next((a for prep, pobj in prep_objects if prep in roles.TARGET_PREPS
                       for a in [actor_inside(subtree(pobj), phrase_actors, exclude=source)] if a), None)
    complement = roles.clausal_complement(trigger)
    if complement is None and entry.type == "AID":
        # What aid is for is part of the aid: "provided $1.7 billion to support Syrian refugees"
        complement = roles.purpose_clause(trigger)
    # An open complement is what the verb is about even beside an object the parser gave it
    # ("refused [his willingness] to meet with the envoy").
    if issue_span is None or (complement is not None and complement.dep_ in ("xcomp", "advcl")):
        if complement is not None:
            issue_span = subtree(complement)
            if target is None:
                target = complement_subject(complement, phrase_actors, source)
        else:
            for prep, pobj in prep_objects:
                if prep in ISSUE_PREPS and not is_actor_head(pobj):
                    issue_span = subtree(pobj)
                    break
    if target is None and issue_span is not None:
        target = actor_inside(issue_span, phrase_actors, exclude=source)
    if target is None and obj is not None and entry.source_file != PETRARCH_VERBS:
        target = owner_of(obj, phrase_actors)  # "approved a request from HHS"
    if target is None:
        target = recipient(trigger, phrase_actors, source, context.reporting_lemmas)
    if target is None and subject is not None and not passive and (entry.type in MUTUAL_TYPES or entry.cameo in MUTUAL_CAMEO):
        target = co_subject(subject, phrase_actors, source)
    if lemma in roles.RECEIVING_LEMMAS and not passive and obj is not None and phrase_actors.for_token(obj) is None:
        source, target = _giver(trigger, phrase_actors), source
    elif lemma in roles.VICTIM_SUBJECT_LEMMAS and not passive:
        source, target = None, source  # "a political prisoner died in captivity" names the victim
    return Candidate(trigger, entry, source, target, issue_span)


def _giver(verb, phrase_actors: PhraseActors) -> Actor | None:
    token = roles.giver(verb)
    return phrase_actors.for_token(token) if token is not None and is_actor_head(token) else None


def _noun_candidate(trigger, phrase_actors: PhraseActors, context: EventContext) -> Candidate | None:
    entry = context.lexicon.lookup_noun(trigger.lemma_.lower(), _modifier_lemmas(trigger))
    if entry is None or entry.reporting:
        return None
    source = target = None
    issue_span = None
    for child in trigger.children:
        if child.dep_ in NOUN_SOURCE_DEPS and child.i < trigger.i:
            source = phrase_actors.for_token(child)
            if source is not None and source.code is not None:
                break
            source = None
    for prep, pobj in roles.prepositional_objects(trigger):
        if prep == "between" and source is None and is_actor_head(pobj):
            # "talks between Russia and Ukraine", "clashes between police and protesters"
            source = phrase_actors.for_token(pobj)
            target = target or (co_subject(pobj, phrase_actors, source) if source is not None else None)
        elif source is None and prep in NOUN_SOURCE_PREPS and is_actor_head(pobj):
            source = phrase_actors.for_token(pobj)
        elif target is None and prep in roles.TARGET_PREPS and is_actor_head(pobj):
            target = phrase_actors.for_token(pobj)
        elif issue_span is None and prep in ISSUE_PREPS:
            issue_span = subtree(pobj)
    if source is None:
        subject = _predicate_noun_subject(trigger)
        source = phrase_actors.for_token(subject) if subject is not None else None
    holder = _container_of(trigger) or trigger  # "began a new round of joint exercises"
    while holder.dep_ == "conj" and holder.head.pos_ in ("NOUN", "PROPN"):
        holder = holder.head  # "is facing international isolation and economic sanctions"
    head = holder.head
    received = holder.dep_ in SUPPORT_VERB_DEPS and head.lemma_.lower() in roles.RECEIVING_LEMMAS
    light_head = holder.dep_ in SUPPORT_VERB_DEPS and head.lemma_.lower() in context.lexicon.light_verbs and not received
    if received:
        subject, passive = roles.find_subject(head)
        if not passive:
            source = source or _giver(holder, phrase_actors) or _giver(head, phrase_actors)
            target = phrase_actors.for_token(subject) if subject is not None else target
    elif light_head:
        # "Ukraine expressed openness to ...", "Iran announced the release of ...": the
        # verb's subject owns the noun.
        subject, passive = roles.find_subject(head)
        if source is None and subject is not None and not passive:
            source = phrase_actors.for_token(subject)
            if entry.type in MUTUAL_TYPES:  # "Jordan and the US began joint exercises"
                target = target or co_subject(subject, phrase_actors, source)
    elif trigger.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and entry.type in SPOKEN_TYPES:
        # "Putin's demands include Ukraine renouncing ...": the predicate is the content (of
        # a said act; "a war game predicted that an attack would kill ..." holds no content).
        content = roles.find_object(head) or roles.clausal_complement(head)
        if content is not None and content.i > head.i:
            issue_span = subtree(content)
    if issue_span is None:
        issue_span = noun_phrase(trigger)
    if target is None:
        target = actor_inside(issue_span, phrase_actors, exclude=source)
    if target is None:
        target = recipient(head if light_head else trigger, phrase_actors, source, context.reporting_lemmas)
    return Candidate(trigger, entry, source, target, issue_span, "",
                     modality_token=head if light_head or received else None)


COPULA_LEMMAS = {"be", "remain", "become"}
DOER_SUFFIXES = ("or", "er")  # donor, supplier, mediator


def _predicate_noun_subject(noun):
    """The subject of a copula whose predicate is a doer noun, the trigger or the noun it is the
    "of" object of: "The United States remains the largest donor (of humanitarian
    assistance)", "Germany is one of the largest donors"."""
    chain = [noun]
    for _ in range(2):
        node = chain[-1]
        if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in ("NOUN", "NUM"):
            chain.append(node.head.head)
    node = chain[-1]
    if node.dep_ != "attr" or node.head.lemma_.lower() not in COPULA_LEMMAS:
        return None
    # Only a doer noun makes its subject the doer: "Russia is a threat" is no threat made.
    if not any(n.lemma_.lower().endswith(DOER_SUFFIXES) for n in chain):
        return None
    return next((c for c in node.head.children if c.dep_ == "nsubj"), None)


def _reported_claims(doc, phrase_actors: PhraseActors, context: EventContext):
    """A reported clause can itself be an act of its speaker.

    "X stated that any agreement must reflect ..." is a demand (REQUEST) by X;
    "X maintains the territories were illegally annexed" is an accusation by X.
    """
    for cue in doc:
        if not roles.is_reporting_verb(cue, context.reporting_lemmas):
            continue
        complement = roles.clausal_complement(cue)
        if complement is None:
            continue
        subject, _ = roles.find_subject(cue)
        speaker = phrase_actors.for_token(subject) if subject is not None else None
        if speaker is None:
            continue
        content = subtree(complement)
        deontic = next((t for t in complement.children if t.dep_ == "aux" and context.modality_cues.get(t.lower_, ("",))[0] == "deontic"), None)
        if deontic is not None:
            entry = context.lexicon.lookup_verb("demand")
            if entry is not None:
                yield Candidate(deontic, entry, speaker, actor_inside(content, phrase_actors, exclude=speaker), content, "+reported:deontic")
            continue
        for token in content:
            hit = context.claim_cues.get(token.lemma_.lower())
            if hit is None or getattr(_reporting_governor(token, context), "i", None) != cue.i:
                continue
            type_, cameo, entry_id = hit
            entry = _claim_entry(context, type_, cameo, entry_id)
            target = agent_of(token, phrase_actors) or other_actor_in_sentence(cue.sent, phrase_actors, speaker)
            qualified = token.head if token.dep_ in ("advmod", "amod", "acomp", "neg") else token
            yield Candidate(token, entry, speaker, target, content, "+reported:claim",
                            absorbs=(qualified.i, qualified.i + 1))
            break


# CAMEO 074 "provide military protection or peacekeeping" is AID, not a deployment (154).
PEACEKEEPING_LEMMAS = {"peacekeeper", "peacekeeping", "peacekeepers"}
PEACEKEEPING_CAMEO = "074"


def _peacekeeping_as_aid(candidate: Candidate, context: EventContext) -> Candidate:
    """Troops sent or deployed as peacekeepers provide aid: "sent 200 troops ... to serve as
    a peacekeeping force", "the deployment of 230 troops ... on a peacekeeping mission"."""
    entry = candidate.entry
    if entry.type != "MOBILIZE":
        return candidate
    trigger = candidate.trigger
    clause = _carrying_verb(trigger)
    if not any(t.lemma_.lower() in PEACEKEEPING_LEMMAS for t in clause.subtree):
        return candidate
    return replace(candidate, entry=_recoded(entry, "+peacekeeping", PEACEKEEPING_CAMEO, context))


# CAMEO 062 "cooperate militarily": the manual's MOBILIZE is one side's show of force; an
# exercise two parties hold together ("Russia and Belarus held military exercises") is
# cooperation.
JOINT_MILITARY_CAMEO = "062"


def _joint_exercise_as_cooperation(candidate: Candidate, phrase_actors: PhraseActors, context: EventContext) -> Candidate:
    entry = candidate.entry
    if entry.type != "MOBILIZE" or entry.cameo != "150" or candidate.source is None or candidate.target is not None:
        return candidate
    subject, passive = roles.find_subject(_carrying_verb(candidate.trigger))
    partner = co_subject(subject, phrase_actors, candidate.source) if subject is not None and not passive else None
    if partner is None:
        return candidate
    return replace(candidate, entry=_recoded(entry, "+joint", JOINT_MILITARY_CAMEO, context), target=partner)


def _carrying_verb(trigger):
    """The verb whose object an eventive noun is ("announced *the deployment*"), else the trigger."""
    return trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in SUPPORT_VERB_DEPS else trigger


def _recoded(entry: LexEntry, suffix: str, cameo: str, context: EventContext) -> LexEntry:
    plover_type, mode, contexts = context.lexicon.plover_for_cameo(cameo)
    return replace(entry, id=entry.id + suffix, cameo=cameo, type=plover_type, mode=mode,
                   contexts=tuple(contexts or ()), negated_type=None)


def _reporting_governor(token, context: EventContext):
    """The nearest reporting verb above ``token``."""
    node = token
    while node.head is not node:
        node = node.head
        if roles.is_reporting_verb(node, context.reporting_lemmas):
            return node
    return None


def _claim_entry(context: EventContext, type_: str, cameo: str, entry_id: str) -> LexEntry:
    plover_type, mode, contexts = context.lexicon.plover_for_cameo(cameo)
    return LexEntry(entry_id, cameo, plover_type or type_, mode, tuple(contexts), CLAIMS_FILE,
                    negated_type=None, light=False, reporting=False)


def _drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """An event inside another event's issue is that event's content, not an event. Its
    target is the outer event's when that has none: "refused to meet with the envoy"."""
    spans = [(*(c.absorbs or (c.issue_span.start, c.issue_span.end)), c)
             for c in candidates if c.issue_span is not None]
    nested_targets: dict[int, Actor] = {}
    kept = []
    for candidate in candidates:
        i = candidate.trigger.i
        outer = [other for start, end, other in spans
                 if start <= i < end and other is not candidate and other.trigger.i != i]
        if not outer:
            kept.append(candidate)
            continue
        for other in outer:
            # A PETRARCH synonym-block default ("want", "go") is too loose to lend a target to.
            if (candidate.target is not None and other.entry.source_file != PETRARCH_VERBS
                    and not _same_actor(candidate.target, other.source)):
                nested_targets.setdefault(id(other), candidate.target)
    return [replace(c, target=nested_targets[id(c)]) if c.target is None and id(c) in nested_targets else c
            for c in kept]


def _same_actor(actor: Actor, other: Actor | None) -> bool:
    if other is None:
        return False
    if (actor.start, actor.end) == (other.start, other.end):
        return True
    return actor.code is not None and (actor.code, actor.sector) == (other.code, other.sector)


def _to_event(candidate: Candidate, context: EventContext, sentence_index: dict[int, int]) -> Event | None:
    entry = candidate.entry
    trigger = candidate.trigger
    reading = read_modality(candidate.modality_token or trigger, context.modality_cues)
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
    if reading.offer and not reading.negated and event_type not in ("AGREE", "REJECT"):
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
            cameo = next((THREAT_CAMEO[entry.cameo[:n]] for n in (4, 3, 2) if entry.cameo[:n] in THREAT_CAMEO),
                         THREAT_TYPES[entry.type])
        _, mode, contexts = context.lexicon.plover_for_cameo(cameo)
    issue = None
    if candidate.issue_span is not None:
        span = candidate.issue_span
        found = context.issues.find_key(span.text)
        if found is None:
            found = context.issues.find_key(span.sent.text) if event_type in ("REJECT", "AGREE", "REQUEST", "SUPPORT") else None
        issue = Issue(found[0] if found else None, span.text, span.start_char, span.end_char)
    else:
        found = context.issues.find_key(trigger.sent.text)
        if found is not None:
            issue = Issue(found[0], trigger.sent.text, trigger.sent.start_char, trigger.sent.end_char)
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


def _merge_duplicates(events: list[Event]) -> list[Event]:
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


def _passive_subject_lemmas(trigger) -> tuple[str, ...]:
    """A passive subject is the verb's object for the lexicon: "sanctions were imposed"."""
    subject = next((c for c in trigger.children if c.dep_ == "nsubjpass"), None)
    return _phrase_lemmas(subject) if subject is not None else ()


# Heads whose "of" phrase is what the verb acts on: "declared a state of emergency",
# "imposed a new round of sanctions", "handed over $4 million worth of medicines".
CONTAINER_NOUNS = {"state", "series", "round", "wave", "package", "set", "raft", "spate", "string",
                   "worth", "ton", "tonne", "shipment", "consignment", "batch", "campaign"}


def _contained(token) -> list:
    """The "of" objects of a container noun ("a state *of emergency*"); empty for other nouns."""
    if token.lemma_.lower() not in CONTAINER_NOUNS:
        return []
    return [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children if pobj.dep_ == "pobj"]


def _noun_modifier_overrules(obj, entry: LexEntry, context: EventContext) -> bool:
    """Whether a light verb's object noun, which made the verb's row ("launch" + "attack"),
    has a row for one of its modifiers that codes another type: "launched a scathing attack"
    is ACCUSE, "a cyber attack" COERCE."""
    bare = context.lexicon.lookup_verb(obj.head.lemma_.lower())
    if obj.head.pos_ != "VERB" or bare is None or not bare.light or bare is entry:
        return False
    lemma = obj.lemma_.lower()
    modified = context.lexicon.lookup_noun(lemma, _modifier_lemmas(obj))
    return (modified is not None and modified is not context.lexicon.lookup_noun(lemma)
            and bool(modified.type) and modified.type != entry.type)


def _container_of(noun):
    """The container noun whose "of" object this noun is ("a wave *of* airstrikes"), or None."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in CONTAINER_NOUNS:
        return prep.head
    return None


def _predicate_adjectives(verb) -> tuple[str, ...]:
    """Adjectives that say what the verb makes of its object: "found Barbarin guilty" (a small
    clause or an object predicate), "was found guilty". Not a subject's state ("remained
    committed"); a negated one ("not guilty") says the opposite."""
    has_object = any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
    return tuple(child.lemma_.lower() for child in verb.children
                 if child.pos_ == "ADJ" and child.dep_ in ("ccomp", "oprd", "acomp", "xcomp")
                 and (has_object or any(c.dep_ == "nsubj" for c in child.children))
                 and not any(c.dep_ == "neg" for c in child.children))


def _phrase_lemmas(token) -> tuple[str, ...]:
    lemmas = (token.lemma_.lower(), *(c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")))
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].head == token:
        lemmas += (doc[token.i - 2].lower_ + token.lower_,)  # "cease-fire" is tokenised cease, -, fire
    # A quantity reads through to what it counts: "returned dozens of artifacts".
    counted = partitive_members(token)
    inner = _contained(token) or ([counted] if counted is not None else [])
    return lemmas + tuple(lemma for pobj in inner for lemma in _phrase_lemmas(pobj))


def _modifier_lemmas(token) -> tuple[str, ...]:
    return tuple(c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod"))

