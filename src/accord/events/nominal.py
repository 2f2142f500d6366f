"""Nominal triggers: eventive nouns ("demands", "airstrikes"), their source from a
possessor, a national modifier, a "by"/"from" phrase or the verb that carries them
("launched airstrikes"), their issue from the noun phrase or the predicate."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import PhraseActors, noun_phrase
from accord.events import roles
from accord.events.candidate import ISSUE_PREPS, NAMING_LEMMAS, SPOKEN_TYPES, Candidate, EventContext, container_of, giving_actor, modifier_lemmas, recoded
from accord.events.compound import MUTUAL_TYPES
from accord.events.verbal import REACTION_TYPES
from accord.events.parties import SUPPORT_VERB_DEPS, active_subject, actor_inside, co_subject, is_actor_head, recipient, subtree

# A possessor or a national modifier of an eventive noun is its source ("Russia's demands").
NOUN_SOURCE_DEPS = {"poss", "compound", "amod", "nmod"}
NOUN_SOURCE_PREPS = {"by", "from"}
# A withdrawal's "from" phrase is the place or deal left and its "of" phrase who leaves:
# "the withdrawal of all US troops from Afghanistan".
WITHDRAWAL_TYPES = {"RETREAT"}
# Prepositions that make a noun phrase the time or setting of something else: "before the
# NATO summit", "after his meeting with Poroshenko", "throughout his trip", "at their next
# regular meeting", "ahead of Tillerson's trip". The event is mentioned in passing, not
# reported (GOLD_FORMAT conventions: nominal mentions of background events are optional).
# Verbs whose object is an act reported as it is: answered ("punishing Moscow for the
# nerve-agent attack", "reacted to U.S. military strikes") or ordered ("ordered attacks").
ACT_REPORTING_LEMMAS = {"react", "respond", "retaliate", "punish", "avenge", "answer", "investigate", "order"}
# Prepositions that join a verb to what it acts on ("withdrew from the deal", "held off on
# implementing"), unlike those of time or condition ("pending Friday's talks").
ARGUMENT_PREPS = {"from", "on", "upon", "of", "with", "to", "against", "over", "for", "into", "about", "off", "out"}
FRAME_PREPS = {"before", "after", "during", "throughout", "amid", "since", "until", "following", "at", "ahead"}
# Nouns whose "of" object is the time or setting of something else: "on the eve of Pompeo's
# visit", "on the sidelines of the summit", "in the wake of the attack".
FRAME_NOUNS = {"eve", "sidelines", "margins", "wake", "aftermath", "run-up", "outset", "heels", "start", "end"}
# Nouns whose "of" object is only possible, not done: "the risk of a midair attack", "the
# prospect of talks", "fears of a new offensive".
POSSIBILITY_NOUNS = {"risk", "danger", "fear", "possibility", "prospect", "likelihood", "chance", "spectre", "specter"}


# A meeting that sets the scene of the sentence's act is itself news when it is new to the
# reader (no possessor, no definite article) and names the counterpart: "announced a
# cease-fire following a phone call with Putin", "said, after talks with Lavrov", "was in
# Jerusalem for talks with Netanyahu"; not "after his first meeting with Poroshenko" (told
# before) nor before or ahead of a meeting (not yet held).
MEETING_SCENE_PREPS = {"after", "following", "during", "in", "at", "for"}


def noun_candidate(trigger, phrase_actors: PhraseActors, context: EventContext) -> Candidate | None:
    entry = context.lexicon.lookup_noun(trigger.lemma_.lower(), modifier_lemmas(trigger))
    if entry is None and trigger.lemma_.lower() == "call" and _with_counterpart(trigger, phrase_actors):
        # "a call with Putin" is a phone call; a bare "call" is also an appeal ("calls for").
        entry = context.lexicon.lookup_noun("call", ("phone",))
    if entry is None or entry.reporting:
        return None
    scene_subject = _meeting_scene_subject(trigger, entry, phrase_actors)
    if scene_subject is None and _frames_another_act(container_of(trigger) or trigger):
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
        elif source is None and is_actor_head(pobj) and (
                prep in NOUN_SOURCE_PREPS if entry.type not in WITHDRAWAL_TYPES else prep == "of"):
            source = phrase_actors.for_token(pobj)
        elif target is None and prep in roles.TARGET_PREPS and is_actor_head(pobj):
            target = phrase_actors.for_token(pobj)
        elif issue_span is None and prep in ISSUE_PREPS:
            issue_span = subtree(pobj)
    told_in_relative = False
    if source is None:
        source, target = _relative_light_verb_parties(trigger, phrase_actors, context, target)
        told_in_relative = source is not None
    if source is None:
        subject = _predicate_noun_subject(trigger) or scene_subject
        source = phrase_actors.for_token(subject) if subject is not None else None
    holder = container_of(trigger) or trigger  # "began a new round of joint exercises"
    while holder.dep_ == "conj" and holder.head.pos_ in ("NOUN", "PROPN"):
        holder = holder.head  # "is facing international isolation and economic sanctions"
    head = holder.head
    received = holder.dep_ in SUPPORT_VERB_DEPS and head.lemma_.lower() in roles.RECEIVING_LEMMAS
    light_head = (holder.dep_ in SUPPORT_VERB_DEPS and head.lemma_.lower() in context.lexicon.light_verbs
                  and not received and not _names_it(head, holder))
    # A relative clause tells the act itself: "based on a phone conversation he had with Putin".
    background = not (received or light_head or told_in_relative) and _object_of_another_verb(holder, context)
    if (holder.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and not told_in_relative
            and trigger.lemma_.lower() not in DOER_NOUNS  # "Indonesia's donors said": a party, not an act
            and not _tells_the_act(head, holder.dep_ == "nsubjpass", context)
            and not (entry.type in SPOKEN_TYPES and head.lemma_.lower() in CONTENT_LEMMAS)):
        return None  # "Pompeo's visit has taken the first steps": what the sentence is about
    if received:
        subject, passive = roles.find_subject(head)
        if not passive:
            source = source or giving_actor(holder, phrase_actors) or giving_actor(head, phrase_actors)
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
                     modality_token=head if light_head or received else None, background=background)


# Verbs that tell what an act they have as subject did or how it went: "airstrikes killed
# 12", "the talks ended without a deal", "clashes erupted", "the attack left 3 dead".
ACT_OUTCOME_LEMMAS = {"kill", "wound", "injure", "destroy", "damage", "hit", "target", "strike", "leave", "claim",
                      "hurt", "cripple", "end", "erupt", "break", "occur", "happen", "fail", "collapse", "stall",
                      "succeed", "resume", "continue", "begin", "start", "intensify", "escalate", "last", "come",
                      "strengthen", "deepen", "expand", "grow", "increase", "improve"}


# Verbs that give the content of a said act: "Putin's demands include Ukraine renouncing
# NATO", "the proposal calls for a truce", "the plan envisages elections".
CONTENT_LEMMAS = {"include", "call", "envisage", "envision", "require", "demand", "propose", "stipulate",
                  "provide", "involve", "contain", "foresee", "seek", "ask", "urge", "say", "state"}


def _tells_the_act(verb, passive: bool, context: EventContext) -> bool:
    """Whether a verb whose subject is an eventive noun reports that act ("airstrikes killed
    12", "talks were held", "the call came a day before the summit") rather than says
    something about it ("the missile strike could make it impossible to improve
    relations", "the expected summit has raised hopes"). A light verb carries the act only
    in the passive ("sanctions were imposed"; "the strike made it impossible" is no act)."""
    lemma = verb.lemma_.lower()
    return lemma in ACT_OUTCOME_LEMMAS or (passive and lemma in context.lexicon.light_verbs)


def _names_it(verb, noun) -> bool:
    """Whether the verb gives the noun a name ("called the deal insane", "called the talks
    a waste of time"): a judgement of the act, not a light verb carrying it ("called talks")."""
    return verb.lemma_.lower() in NAMING_LEMMAS and any(
        c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and c.i > noun.i for c in verb.children)


def _with_counterpart(noun, phrase_actors: PhraseActors) -> bool:
    """Whether the noun names a party it is held with: "talks with Lavrov"."""
    return any(prep == "with" and is_actor_head(pobj) and phrase_actors.for_token(pobj) is not None
               for prep, pobj in roles.prepositional_objects(noun))


def _relative_light_verb_parties(trigger, phrase_actors: PhraseActors, context: EventContext, target):
    """The parties a light verb in a relative clause gives the noun: "a phone conversation he
    had with Putin", "the talks Iran held with the Europeans", and the agent of a passive
    participle: "new attacks launched by Israel", "sanctions imposed by the EU" (source,
    target)."""
    for child in trigger.children:
        lemma = child.lemma_.lower()
        if child.dep_ == "acl" and child.tag_ == "VBN" and lemma in context.lexicon.light_verbs:
            agent = roles.find_agent(child)
            source = phrase_actors.for_token(agent) if agent is not None and is_actor_head(agent) else None
            if source is not None:
                return source, target
            continue
        if child.dep_ != "relcl" or not (lemma in context.lexicon.light_verbs or lemma == "have"):
            continue
        source = active_subject(child, phrase_actors)
        partner = next((phrase_actors.for_token(pobj) for prep, pobj in roles.prepositional_objects(child)
                        if prep in roles.TARGET_PREPS and is_actor_head(pobj)), None)
        # "have" is light only with a counterpart: "the problems he had" is no act.
        if source is not None and (partner is not None or lemma != "have"):
            return source, target or partner
    return None, target


def _meeting_scene_subject(trigger, entry, phrase_actors: PhraseActors):
    """The subject of the act a meeting with a named counterpart is the scene of: Poroshenko
    in "Poroshenko announced a cease-fire following a phone call with Putin"."""
    if entry.type != "CONSULT" or trigger.dep_ != "pobj" or trigger.head.lower_ not in MEETING_SCENE_PREPS:
        return None
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ != "a" and c.lower_ != "an") for c in trigger.children):
        return None
    if not _with_counterpart(trigger, phrase_actors):
        return None
    verb = trigger.head.head
    if verb.pos_ == "ADJ" and verb.dep_ in ("ccomp", "oprd"):
        verb = verb.head  # "made it clear in a call with Putin"
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject, passive = roles.find_subject(verb)
    return None if passive else subject


def _object_of_another_verb(holder, context: EventContext) -> bool:
    """An eventive noun that a verb other than a light, receiving or reacting one takes as
    its object is what that verb is about, not an event reported of its own: "withdrew
    from the Iran nuclear deal", "held off on implementing the sanctions" (the light
    "launched airstrikes", the receiving "faces sanctions" and the reacting "condemned the
    airstrikes", "reacted to U.S. strikes on Syria" report the act)."""
    head = holder.head
    if holder.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ARGUMENT_PREPS:
        head = head.head
    elif holder.dep_ != "dobj":
        return False
    if head.pos_ != "VERB":
        return False
    entry = context.lexicon.lookup_verb(head.lemma_.lower())
    return not (entry is not None and entry.type in REACTION_TYPES) and head.lemma_.lower() not in ACT_REPORTING_LEMMAS


def _frames_another_act(noun) -> bool:
    """Whether the noun is the object of a framing preposition, directly or as the "of"
    object of its object ("on the eve of Pompeo's visit", "the start of a NATO summit"), or
    the "of" object of a noun of time or of mere possibility ("the risk of an attack")."""
    node = noun
    for _ in range(3):
        if node.dep_ != "pobj":
            return False
        prep = node.head
        if prep.lower_ in FRAME_PREPS:
            return True
        if prep.lower_ != "of":
            return False
        node = prep.head
        if node.lower_ in FRAME_PREPS or node.lemma_.lower() in FRAME_NOUNS | POSSIBILITY_NOUNS:
            return True
    return False


COPULA_LEMMAS = {"be", "remain", "become"}
DOER_SUFFIXES = ("or", "er")  # donor, supplier, mediator
# Eventive nouns that name the party doing the act, not the act.
DOER_NOUNS = {"donor", "supplier", "mediator", "guarantor", "sponsor", "backer"}


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


# Readiness for talks is an offer to meet (CAMEO 036, PLOVER AGREE): "Iranian officials say
# they are open to diplomacy", "North Korea is ready for talks with the U.S.".
READY_ADJECTIVES = {"open", "ready", "willing", "prepared", "eager"}
TALK_NOUNS = {"talk", "talks", "negotiation", "dialogue", "diplomacy", "meeting", "discussion", "summit"}
OFFER_TO_MEET_CAMEO = "036"


def readiness_for_talks(doc, phrase_actors: PhraseActors, context: EventContext):
    """Candidates for a party said to be open, ready or willing to talk."""
    entry = context.lexicon.lookup_verb("talk")
    if entry is None:
        return
    # Not ready for talks is a refusal to meet.
    offer = replace(recoded(entry, "+offer", OFFER_TO_MEET_CAMEO, context), negated_type="REJECT")
    for adjective in doc:
        if adjective.lemma_.lower() not in READY_ADJECTIVES or adjective.dep_ != "acomp":
            continue
        talks = next((pobj for prep, pobj in roles.prepositional_objects(adjective)
                      if prep in ("to", "for") and pobj.lemma_.lower() in TALK_NOUNS), None)
        if talks is None:
            continue
        source = active_subject(adjective.head, phrase_actors)
        if source is None:
            continue
        target = next((phrase_actors.for_token(pobj) for prep, pobj in roles.prepositional_objects(talks)
                       if prep == "with" and is_actor_head(pobj)), None)
        yield Candidate(talks, offer, source, target, subtree(talks), "+readiness",
                        modality_token=adjective, absorbs=(talks.i, talks.i + 1))
