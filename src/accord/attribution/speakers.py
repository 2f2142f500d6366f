"""Who is speaking: the subject of a cue, resolved to an actor where possible."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import PhraseActors, noun_phrase
from accord.events import roles
from accord.model import Actor

UNRESOLVED_RULE = "attribution/speakers:unresolved"
RELATIVE_TAGS = frozenset({"WDT", "WP"})


def speaker_token(cue):
    """The token naming who speaks through ``cue``: its subject, the by-agent of a
    passive ("was told by aides"), or the one an outlet quotes "as saying"; None for a
    passive without one ("is expected to")."""
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as" and cue.head.dep_ == "prep":
        # "TASS quoted rebel officials as saying", "FARS reported a spokesman as saying":
        # the one quoted speaks, the outlet relays.
        quoted = next((c for c in cue.head.head.children if c.dep_ == "dobj"), None)
        if quoted is not None:
            return quoted
    subject, passive = roles.find_subject(cue)
    if passive:
        return roles.find_agent(cue)
    if subject is not None and subject.dep_ not in roles.SUBJECT_DEPS:
        # find_subject gives the noun a relative clause hangs from; the speaker as
        # written is the relative pronoun ("Democrats, who have argued ...").
        relative = next((c for c in roles.clause_head(cue).children
                         if c.dep_ in roles.SUBJECT_DEPS and c.tag_ in RELATIVE_TAGS), None)
        return relative or subject
    return subject


def speaker_of(token, phrase_actors: PhraseActors) -> Actor | None:
    """The actor behind ``token``; a phrase no table knows ("the poll", "critics",
    an unresolved "he") is kept as written, with no code, so the claim still has a source."""
    if token is None:
        return None
    if token.tag_ in RELATIVE_TAGS:
        if token.head.dep_ != "relcl":
            return None
        antecedent = speaker_of(token.head.head, phrase_actors)
        return None if antecedent is None else replace(
            antecedent, text=token.text, start=token.idx, end=token.idx + len(token.text))
    actor = phrase_actors.for_token(token)
    named = _named_in_apposition(token, phrase_actors)
    if named is not None:
        # "Iran's deputy foreign minister, Abbas Araghchi, said": the person named, with
        # the office's code where the name alone gives none.
        if actor is not None and named.code is None:
            named = replace(named, code=actor.code, sector=actor.sector)
        return named
    if actor is not None:
        return actor
    span = noun_phrase(token) if token.pos_ != "PRON" else token.doc[token.i : token.i + 1]
    if not any(t.is_alpha for t in span):
        return None
    return Actor(span.text, span.start_char, span.end_char, None, None, None, rule=UNRESOLVED_RULE)


def _named_in_apposition(token, phrase_actors: PhraseActors) -> Actor | None:
    """The person an apposition names beside a described speaker ("the minister, Abbas Araghchi")."""
    if token.ent_type_ == "PERSON":
        return None
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            actor = phrase_actors.for_token(child)
            if actor is not None and actor.name:
                return actor
    return None


def previous_sentence_speaker(doc, start: int, phrase_actors: PhraseActors) -> Actor | None:
    """"Lavrov was blunt. "We will never ..."": the quote's speaker is the subject of the
    sentence just before it, when that subject is a known actor."""
    here = doc.char_span(start, start, alignment_mode="expand")
    token_index = here.start if here is not None else None
    if token_index is None:
        token_index = next((t.i for t in doc if t.idx >= start), len(doc) - 1)
    sent = doc[min(token_index, len(doc) - 1)].sent
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    subject = next((t for t in previous.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    actor = phrase_actors.for_token(subject)
    return actor if actor is not None and (actor.code or actor.name) else None
