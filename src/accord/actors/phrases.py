"""The actor a parsed noun phrase denotes, with pronouns resolved."""

from __future__ import annotations

import re
from dataclasses import replace

from accord.actors.context import HOME_COUNTRY_RULE, written_again
from accord.model import Actor
from accord.nlp import dateline_end, doc_text

# Clauses and asides that are not part of the noun phrase an actor is read from.
NP_CUT_DEPS = {"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "prep", "parataxis"}
# A proper noun or an entity of these kinds is an actor even when no table knows it.
ACTOR_ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
# "Sunday", "March", "$4 million" are proper nouns or entities but never actors.
NOT_ACTOR_ENTITY_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
FIRST_PERSON = {"i", "we", "us", "me", "our", "my"}
FIRST_PERSON_RULE = "actors:first-person"


def noun_phrase(token):
    """The token's phrase without relative clauses, appositions, coordination and the
    head's prepositional modifiers other than "of" ("the Kingdom of Saudi Arabia")."""
    keep = [token]
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            # A modifier's own prepositions stay: "sources close *to the Kremlin*".
            keeps_prep = child.dep_ == "prep" and (child.lower_ == "of" or node is not token)
            if child.dep_ in NP_CUT_DEPS and not keeps_prep:
                continue
            keep.append(child)
            stack.append(child)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    span = token.doc[start:end]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


ACRONYM = re.compile(r"[A-Z]{2,6}")


def _is_acronym(token) -> bool:
    """"ICE returned ...", "the ELN said": a capitalised abbreviation in running text names an
    organisation even where the tagger reads it as a common noun ("ice")."""
    if not ACRONYM.fullmatch(token.text) or token.pos_ not in ("NOUN", "PROPN"):
        return False
    doc = token.doc
    neighbours = (doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc))
    return not any(ACRONYM.fullmatch(n.text) for n in neighbours)  # "KEY POINTS" is a heading


PARTITIVE_NOUNS = {"dozen", "score", "hundred", "thousand", "million", "number", "couple", "handful", "majority",
                   "minority", "rest"}


def partitive_members(token):
    """The counted noun of a quantity head ("hundreds of banks"), or None."""
    if not (token.like_num or token.lemma_.lower() in PARTITIVE_NOUNS or token.pos_ == "NUM"):
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


# Roles whose "for" phrase is who they speak or act for; an envoy "for Syria" is about it.
SPEAKING_FOR_ROLES = {"spokesman", "spokeswoman", "spokesperson", "lawyer", "attorney", "adviser", "advisor",
                      "negotiator", "representative"}


class PhraseActors:
    """Resolves the noun phrase headed by a token to an Actor, once per token."""

    def __init__(self, doc, tables, date: str | None, coreference: dict[int, Actor], resolve_span):
        self.doc = doc
        self.tables = tables
        self.date = date
        self.coreference = coreference
        self._resolve_span = resolve_span
        self._dateline_end = dateline_end(doc_text(doc))
        self._cache: dict[int, Actor | None] = {}

    def for_token(self, token) -> Actor | None:
        if token.i not in self._cache:
            self._cache[token.i] = self._resolve(token)
        return self._cache[token.i]

    def _resolve(self, token) -> Actor | None:
        if token.idx < self._dateline_end:
            return None
        if token.i in self.coreference:
            linked = self.coreference[token.i]
            if not (linked.rule or "").endswith(HOME_COUNTRY_RULE):
                return linked
            # "the government of Iraq": the phrase's own country over the article's.
            own = self._resolve_span(noun_phrase(token), self.tables, self.date)
            return own if own is not None and own.code is not None else linked
        if token.lower_ in FIRST_PERSON and token.pos_ == "PRON":  # not "the US"
            # Resolved later from the quote's speaker ("We do not need ...," he said).
            return Actor(token.text, token.idx, token.idx + len(token.text), None, None, None, rule=FIRST_PERSON_RULE)
        if token.pos_ == "PRON":
            return self._reported_self(token)
        members = partitive_members(token)
        if members is not None:
            # "dozens of Russian peacekeepers": the actor is what is counted
            return self.for_token(members)
        span = noun_phrase(token)
        actor = self._resolve_span(span, self.tables, self.date)
        if actor is not None and actor.code is None and actor.name is None:
            named = self._named_in_apposition(token)
            if named is not None:
                return named
        if actor is not None and actor.code is None:
            owner = self._possessor(span)
            if owner is not None and owner.code is not None:
                # "Putin said his country ...": the code, and where it was read, are Putin's.
                actor = replace(actor, code=owner.code, name=actor.name or owner.name,
                                antecedent=owner.antecedent)
        if actor is not None and actor.code is None:
            origin = self._origin(token)
            if origin is not None:
                # "officials from Russia", "a delegation from Gaza": the party they come from.
                actor = replace(actor, code=origin.code, rule=f"{actor.rule}+{origin.rule}")
        if actor is None and token.ent_type_ not in NOT_ACTOR_ENTITY_LABELS and (
            token.pos_ == "PROPN" or token.ent_type_ in ACTOR_ENTITY_LABELS or _is_acronym(token)
        ):
            actor = Actor(span.text, span.start_char, span.end_char, span.text, None, None, rule="actors:unresolved-name")
        return actor

    def _named_in_apposition(self, token) -> Actor | None:
        """"its allies South Korea and Japan", "the rebel group, Hamas": a role noun with a
        coded name in apposition is that name."""
        for child in token.children:
            if child.dep_ == "appos":
                named = self.for_token(child)
                if named is not None and named.code is not None:
                    return named
        return None

    def _reported_self(self, token) -> Actor | None:
        """"Russia asserts *it* will ...", "Obama has said *he* will not ...": a pronoun
        subject of a reported clause is the reporting subject when that is a country or
        organisation (it, they) or a person (he, she) the coreference left unresolved."""
        if token.lower_ not in ("it", "they", "he", "she") or token.dep_ != "nsubj" or token.head.dep_ != "ccomp":
            return None
        governor = token.head.head
        subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON":
            return None
        actor = self.for_token(subject)
        if actor is None:
            return None
        person = (actor.rule or "").startswith("actors/people") or subject.ent_type_ == "PERSON"
        if person != (token.lower_ in ("he", "she")):
            return None  # a person is "he" or "she", not "it"
        counted = partitive_members(subject) or subject  # "a majority of the guards ... they"
        if actor.code is None and (token.lower_ == "they") != (counted.tag_ in ("NNS", "NNPS")):
            return None  # an uncoded group must agree in number: "the committee ... it", "guards ... they"
        return written_again(actor, token.text, token.idx, token.idx + len(token.text), "actors:reported-self")

    def _origin(self, token) -> Actor | None:
        """The coded party a role noun's "from" phrase names ("ministers from China, Russia and
        Japan": the first named), or the "for" phrase of one who speaks for another ("a
        spokesman for President Vladimir Putin", "a lawyer for the Kremlin")."""
        speaks_for = token.lemma_.lower() in SPEAKING_FOR_ROLES
        for child in token.children:
            if child.dep_ == "prep" and (child.lower_ == "from" or (speaks_for and child.lower_ == "for")):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                origin = self.for_token(pobj) if pobj is not None else None
                if origin is not None and origin.code is not None:
                    return origin
        return None

    def _possessor(self, span) -> Actor | None:
        """"its forces" takes its country from what "its" refers to."""
        for token in span:
            if token.dep_ == "poss" and token.i in self.coreference:
                return self.coreference[token.i]
        return None
