"""Who the parties of a candidate event are: recipients, co-subjects, authors, the subject
of a demanded clause, the target a claim is about. Read from the parse and the actors."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import ACTOR_ENTITY_LABELS, PhraseActors
from accord.events import roles
from accord.model import Actor

# Participles that name who asked for a thing: "an order *sought* by the ACLU".
ASKING_LEMMAS = {"seek", "request", "demand", "propose", "submit", "make", "put", "file", "table", "present"}
# Verbs that pass the event to their object noun: "made demands", "launched airstrikes".
SUPPORT_VERB_DEPS = {"dobj", "obj"}


def recipient(token, phrase_actors: PhraseActors, source: Actor | None, reporting_lemmas: frozenset) -> Actor | None:
    """The subject of the clause that embeds this one, when it is another actor and the
    embedding verb is not a report: "Ukraine has seen the U.S. resume aid" -> Ukraine."""
    if token.dep_ not in ("ccomp", "xcomp", "conj"):
        return None
    governor = token.head
    if governor.lemma_.lower() in reporting_lemmas or governor.pos_ not in ("VERB", "AUX"):
        return None
    subject, passive = roles.find_subject(governor)
    if subject is None or passive:
        return None
    actor = phrase_actors.for_token(subject)
    if actor is None or actor.code is None or (source is not None and actor.code == source.code):
        return None
    return actor


def own_forces(obj, target: Actor, source: Actor | None) -> bool:
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children)
    return owned and source is not None and target.code is not None and target.code == source.code


def active_subject(verb, phrase_actors: PhraseActors) -> Actor | None:
    """The party that is the verb's subject when the verb is active (a passive subject
    undergoes the act)."""
    subject, passive = roles.find_subject(verb)
    return phrase_actors.for_token(subject) if subject is not None and not passive else None


def document_author(noun, phrase_actors: PhraseActors) -> Actor | None:
    """"Amnesty put out a report accusing the army": the report's author acts."""
    if noun.pos_ != "NOUN" or noun.dep_ not in SUPPORT_VERB_DEPS or noun.head.pos_ != "VERB":
        return None
    return active_subject(noun.head, phrase_actors)


def is_mandative(complement) -> bool:
    """A bare-infinitive (subjunctive) clause: "that Ukraine withdraw its troops", "that the
    sanctions be lifted"."""
    if complement is None:
        return False
    if complement.tag_ == "VBN":  # a passive subjunctive: its auxiliary is the bare "be"
        passive = [c for c in complement.children if c.dep_ in ("aux", "auxpass")]
        return len(passive) == 1 and passive[0].lower_ == "be" and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in complement.children)
    if any(c.dep_ in ("aux", "auxpass") for c in complement.children):
        return False
    if complement.tag_ == "VBP":  # the tagger's present for a singular subject: "that Washington lift"
        subject = next((c for c in complement.children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.tag_ in ("NN", "NNP")
    return complement.tag_ == "VB"


def complement_subject(complement, phrase_actors: PhraseActors, source: Actor | None) -> Actor | None:
    """Who must act in a demanded clause: "demanded that the government resign"."""
    subject = next((c for c in complement.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    actor = phrase_actors.for_token(subject)
    if actor is None or (source is not None and actor.code is not None and actor.code == source.code
                         and actor.sector == source.sector):
        return None
    return actor


def authority_of_place(prep_objects, phrase_actors: PhraseActors, prep_lemma: str = "in") -> Actor | None:
    """"was arrested in Rwanda", "were expelled from North Korea" (prep_lemma "from"): an
    arrest, ban or expulsion with no agent is the act of the authorities of the country it
    happened in."""
    for prep, pobj in prep_objects:
        if prep == prep_lemma and pobj.ent_type_ == "GPE":
            place = phrase_actors.for_token(pobj)
            if place is not None and place.code is not None:
                return replace(place, sector=None, rule=f"{place.rule}+implicit:authorities-of-place")
    return None


def co_subject(subject, phrase_actors: PhraseActors, source: Actor | None) -> Actor | None:
    """The other party of a coordinated subject ("Iran and Oman met")."""
    for conjunct in subject.conjuncts:
        actor = phrase_actors.for_token(conjunct)
        if actor is not None and (source is None or actor.code is None or actor.code != source.code):
            return actor
    return None


def agent_of(token, phrase_actors: PhraseActors) -> Actor | None:
    """Who the claim word is about: the subject of the clause it sits in ("he has used the
    uprising as an excuse" -> he)."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    agent = roles.find_agent(verb)
    if agent is not None:
        return phrase_actors.for_token(agent)
    subject, passive = roles.find_subject(verb)
    if subject is not None and not passive:
        return phrase_actors.for_token(subject)
    return None


def other_actor_in_sentence(sent, phrase_actors: PhraseActors, speaker: Actor) -> Actor | None:
    """The main-clause actor other than the speaker ("Russia asserts ..., despite Ukraine maintaining ...")."""
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and is_actor_head(token):
            actor = phrase_actors.for_token(token)
            if actor is not None and actor.code and (actor.code, actor.sector) != (speaker.code, speaker.sector):
                return actor
    return None


def owner_of(noun, phrase_actors: PhraseActors) -> Actor | None:
    """Whose the noun is, when it names something asked for or held: "a request *from HHS*",
    "the demands *by protesters*", "an order sought *by the ACLU*"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            owners = [c for c in child.children if c.dep_ == "pobj" and is_actor_head(c)]
        elif child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in ASKING_LEMMAS:
            agent = roles.find_agent(child)
            owners = [agent] if agent is not None else []
        else:
            continue
        for owner in owners:
            actor = phrase_actors.for_token(owner)
            if actor is not None:
                return actor
    return None


def is_actor_head(token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "PRON") or token.ent_type_ in ACTOR_ENTITY_LABELS


def subtree(token):
    """The token's whole phrase, prepositional modifiers included ("the idea of a ceasefire")."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def actor_inside(span, phrase_actors: PhraseActors, exclude: Actor | None) -> Actor | None:
    for token in span:
        if token.ent_type_ in ACTOR_ENTITY_LABELS and token.ent_iob_ == "B":
            actor = phrase_actors.for_token(token)
            if actor is None or actor.code is None:
                continue
            if exclude is not None and actor.code == exclude.code:
                continue
            return actor
    return None
