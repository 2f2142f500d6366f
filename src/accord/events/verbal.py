"""Verbal triggers: a verb from the lexicon ("rejected", "would not accept"), its source
from the subject or by-agent, its target from the object or a prepositional object that is
an actor, its issue from the object, complement or prepositional phrase."""

from __future__ import annotations

from accord.actors.phrases import PhraseActors
from accord.events import roles
from accord.events.candidate import (
    CURATED_VERBS, ISSUE_PREPS, PETRARCH_VERBS, Candidate, EventContext, contained, giving_actor, modifier_lemmas,
    phrase_lemmas, recoded,
)
from accord.events.compound import MUTUAL_CAMEO, MUTUAL_TYPES
from accord.events.lexicon import LexEntry
from accord.events.parties import (
    actor_inside, authority_of_place, co_subject, complement_subject, document_author, is_actor_head, is_mandative,
    own_forces, owner_of, recipient, subtree,
)
from accord.model import Actor

# Named things a verb can hand to someone: "awarded the Freedom Order to Bill Clinton".
THING_ENTITIES = {"ORG", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC"}

# Verbs whose "from" place is the country that acts when no agent is named.
EXPULSION_LEMMAS = {"expel", "deport"}


# Types whose object is another party's act or statement, whose author is the target:
# "welcomed the North Korean announcement", "condemned Hamas' rocket attacks".
REACTION_TYPES = {"SUPPORT", "ACCUSE", "REJECT"}
AUTHOR_DEPS = {"poss", "compound", "amod", "nmod"}


def verb_candidate(trigger, phrase_actors: PhraseActors, context: EventContext) -> Candidate | None:
    lemma = trigger.lemma_.lower()
    particle = next((c.lower_ for c in trigger.children if c.dep_ == "prt"), None)
    obj = roles.find_object(trigger)
    object_lemmas = phrase_lemmas(obj) if obj is not None else _passive_subject_lemmas(trigger) or _relative_head_lemmas(trigger)
    object_lemmas += _predicate_adjectives(trigger)
    prep_objects = roles.prepositional_objects(trigger)
    preps = {}
    for prep, pobj in prep_objects:
        if pobj.ent_type_ not in ("DATE", "TIME"):  # "called Erdogan on Monday" is no "call on"
            preps[prep] = preps.get(prep, ()) + phrase_lemmas(pobj)
    entry = context.lexicon.lookup_verb(lemma, particle, object_lemmas, preps)
    if entry is None or entry.reporting or _carries_modality(trigger, context.modality_cues):
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
        if source is None and subject is not None:
            # "Israeli jets pounded", "Russian warplanes struck": the force's country acts
            source = _modifying_actor(subject, phrase_actors, None)
        if source is None and trigger.dep_ == "acl":
            source = document_author(trigger.head, phrase_actors)
        if obj is not None:
            target = phrase_actors.for_token(obj) if is_actor_head(obj) and not contained(obj) else None
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
    if target is None and obj is not None and entry.type in REACTION_TYPES:
        target = _modifying_actor(obj, phrase_actors, source)
    if target is None:
        target = recipient(trigger, phrase_actors, source, context.reporting_lemmas)
    if target is None and subject is not None and not passive and (entry.type in MUTUAL_TYPES or entry.cameo in MUTUAL_CAMEO):
        target = co_subject(subject, phrase_actors, source)
    if lemma in roles.RECEIVING_LEMMAS and not passive and obj is not None and phrase_actors.for_token(obj) is None:
        source, target = giving_actor(trigger, phrase_actors), source
    elif lemma in roles.VICTIM_SUBJECT_LEMMAS and not passive:
        source, target = None, source  # "a political prisoner died in captivity" names the victim
    if lemma in WARNING_LEMMAS and _warns_of_what_is(trigger, context):
        entry = recoded(entry, "+report", ACCUSE_CAMEO, context)
    return Candidate(trigger, entry, source, target, issue_span)


WARNING_LEMMAS = {"warn", "caution"}
ACCUSE_CAMEO = "112"
# What a warning foretells from its speaker's side: "warned Iran of serious consequences".
CONSEQUENCE_NOUNS = {"consequence", "repercussion", "retaliation", "response", "reprisal", "action", "measure",
                     "sanction", "cost", "price", "punishment", "force", "war", "attack", "strike"}
FORETELLING_MARKS = {"if", "unless", "otherwise"}


def _warns_of_what_is(verb, context: EventContext) -> bool:
    """Whether a warning reports what another party does or what is, an accusation ("NATO
    warned of Russia moving combat troops", "warned that Russia had sent artillery", "warned
    the deadline was not speedy enough"), rather than foretelling what will follow, a threat
    ("warned Iran of serious consequences", "warned that sanctions could be placed", "warned
    Iran not to misinterpret", "warned that if Russia invaded ...")."""
    told = roles.clausal_complement(verb)
    if told is not None and told.dep_ == "ccomp":
        said = list(told.subtree)
        foretold = any(t.dep_ == "aux" and context.modality_cues.get(t.lower_, ("",))[0] not in ("", "negate")
                       for t in said) or any(t.lower_ in FORETELLING_MARKS for t in said)
        return not foretold
    about = next((pobj for prep, pobj in roles.prepositional_objects(verb) if prep in ("of", "about")), None)
    if about is not None:
        return about.tag_ == "VBG" or (about.pos_ == "NOUN" and about.lemma_.lower() not in CONSEQUENCE_NOUNS
                                       and any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN"
                                               for c in about.children))
    return False


def _modifying_actor(noun, phrase_actors: PhraseActors, source: Actor | None) -> Actor | None:
    """The coded party that a possessor or national modifier makes the noun's author, other
    than the source ("the U.S.-Russia deal" welcomed by Israel is the USA's)."""
    for child in noun.children:
        if child.dep_ in AUTHOR_DEPS and child.i < noun.i:
            actor = phrase_actors.for_token(child)
            if actor is not None and actor.code is not None and (source is None or actor.code != source.code):
                return actor
    return None


# Verbs of deciding whose to-infinitive is the decided act: "voted to condemn", "decided to
# expel", "moved to impose sanctions".
DECIDING_LEMMAS = {"vote", "decide", "move", "opt", "choose", "resolve", "elect"}


def _carries_modality(verb, modality_cues: dict) -> bool:
    """Whether the verb only sets the modality of the act in its to-infinitive ("were set to
    meet", "plans to deploy", "failed to honour": the infinitive is the act, read with the
    cue; PETRARCH's "set" with the object "diplomats" would otherwise expel them) or decides
    on it ("the General Assembly voted to condemn")."""
    lemma = verb.lemma_.lower()
    return (lemma in modality_cues or lemma in DECIDING_LEMMAS) and roles.has_infinitive_complement(verb)


def _passive_subject_lemmas(trigger) -> tuple[str, ...]:
    """A passive subject is the verb's object for the lexicon: "sanctions were imposed"."""
    subject = next((c for c in trigger.children if c.dep_ == "nsubjpass"), None)
    return phrase_lemmas(subject) if subject is not None else ()


def _relative_head_lemmas(trigger) -> tuple[str, ...]:
    """The noun an object relative clause modifies is the verb's object for the lexicon: "the
    crimes it commits", "the sanctions Washington imposed"."""
    if trigger.dep_ != "relcl" or trigger.head.pos_ not in ("NOUN", "PROPN"):
        return ()
    subject = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ in ("WDT", "WP"):
        return ()  # "sanctions that hurt Russia": the noun is the subject
    return phrase_lemmas(trigger.head)


def _noun_modifier_overrules(obj, entry: LexEntry, context: EventContext) -> bool:
    """Whether a light verb's object noun, which made the verb's row ("launch" + "attack"),
    has a row for one of its modifiers that codes another type: "launched a scathing attack"
    is ACCUSE, "a cyber attack" COERCE."""
    bare = context.lexicon.lookup_verb(obj.head.lemma_.lower())
    if obj.head.pos_ != "VERB" or bare is None or not bare.light or bare is entry:
        return False
    lemma = obj.lemma_.lower()
    modified = context.lexicon.lookup_noun(lemma, modifier_lemmas(obj))
    return (modified is not None and modified is not context.lexicon.lookup_noun(lemma)
            and bool(modified.type) and modified.type != entry.type)


def _predicate_adjectives(verb) -> tuple[str, ...]:
    """Adjectives that say what the verb makes of its object: "found Barbarin guilty" (a small
    clause or an object predicate), "was found guilty". Not a subject's state ("remained
    committed"); a negated one ("not guilty") says the opposite."""
    has_object = any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
    predicates = [child for child in verb.children
                  if child.pos_ == "ADJ" and child.dep_ in ("ccomp", "oprd", "acomp", "xcomp")
                  and (has_object or any(c.dep_ == "nsubj" for c in child.children))]
    # The small model hangs an object predicate on the object's last noun: "leave insults of
    # this kind unanswered" (amod of "kind", after it).
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None:
        last = obj.doc[obj.right_edge.i]
        if last.pos_ == "ADJ" and last.dep_ == "amod" and last.head.i < last.i:
            predicates.append(last)
    return tuple(p.lemma_.lower() for p in predicates if not any(c.dep_ == "neg" for c in p.children))
