"""Finding the date phrase that governs a token."""

from __future__ import annotations

from dataclasses import dataclass

# Entity labels of spaCy's English pipelines that can hold a calendar date.
DATE_LABELS = {"DATE"}
# Durations and ages are not dates of events ("30-day ceasefire", "two-year-old").
DURATION_SUFFIXES = ("-day", "-week", "-month", "-year", "-hour", "-old")
# A date modifying a noun dates what the noun names ("Friday's summit", "the March 4
# attack", "the 2013 deal"), not the verb whose object the noun is.
NOUN_DATE_DEPS = {"poss", "compound", "nummod", "nmod", "amod", "npadvmod"}
# Words the tagger leaves between a preverbal date and its verb ("Washington on Thursday
# unanimously sanctioned", "on Monday also said").
BETWEEN_DATE_AND_VERB = {"ADV", "AUX", "PART", "PUNCT"}
# How far after a trigger a date may stand with no verb between ("meeting in Brussels on
# Saturday", "agreed to a schedule in talks on Monday").
AFTER_WINDOW = 8
# Clauses reported by the verb they hang on: its date is when it was said, not when the
# reported act happens ("said on Monday that troops would withdraw").
REPORTED_DEPS = {"ccomp", "parataxis"}


@dataclass(frozen=True, slots=True)
class DatePhrase:
    prep: object | None  # spaCy Token ("on", "in") or None
    entity: object  # spaCy Span of the DATE entity
    own: bool  # in the trigger's own clause, not taken from a clause that frames it

    @property
    def text(self) -> str:
        return f"{self.prep.text} {self.entity.text}" if self.prep is not None else self.entity.text


def _date_entity(token):
    if token.ent_type_ not in DATE_LABELS:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            if ent.text.lower().endswith(DURATION_SUFFIXES):
                return None
            return ent
    return None


def _attached_dates(head, depth: int = 0):
    """Date entities attached to ``head`` as modifiers ("in December", "last week"), also
    inside its prepositional phrases ("in talks on Monday", "in a speech on Sunday")."""
    for child in head.children:
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                ent = _date_entity(pobj)
                if ent is not None:
                    yield child, ent
                elif depth < 1:
                    yield from _attached_dates(pobj, depth + 1)
        elif child.dep_ in ("npadvmod", "tmod", "advmod", "obl") and depth == 0:
            ent = _date_entity(child)
            if ent is not None:
                yield None, ent


def _noun_dates(trigger):
    """A nominal trigger's own date modifier ("Friday's summit", "the March 4 attack")."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return
    for child in trigger.children:
        if child.dep_ in NOUN_DATE_DEPS:
            ent = _date_entity(child)
            if ent is not None:
                yield None, ent


def _adjacent_date(trigger):
    """A date beside the trigger that the parser hung elsewhere: just before it
    ("Washington on Thursday sanctioned") or a few words after with no verb between
    ("leaders meeting in Brussels on Saturday shied away")."""
    doc = trigger.doc
    i = trigger.i - 1
    while i >= 0 and doc[i].pos_ in BETWEEN_DATE_AND_VERB and doc[i].text not in ",;:":
        i -= 1
    if i >= 0 and doc[i].ent_type_ in DATE_LABELS and doc[i].dep_ != "poss":
        ent = _date_entity(doc[i])
        if ent is not None:
            prep = doc[ent.start - 1] if ent.start > 0 and doc[ent.start - 1].pos_ == "ADP" else None
            return prep, ent
    for j in range(trigger.i + 1, min(len(doc), trigger.i + 1 + AFTER_WINDOW)):
        token = doc[j]
        if token.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ") or token.text in ",;:\"“”" or token.dep_ == "mark":
            return None
        if token.ent_type_ in DATE_LABELS and token.dep_ == "pobj":
            ent = _date_entity(token)
            if ent is not None:
                return token.head, ent
    return None


def _before_subject(ent, clause) -> bool:
    """Whether a date hung on a reported clause stands before that clause's subject, right
    after the verb that reports it ("said on Friday he would waive"): it dates the report."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    return bool(subjects) and clause.head.i < ent.start and ent.end <= subjects[0].left_edge.i


def _own_date(token) -> DatePhrase | None:
    for prep, ent in (*_attached_dates(token), *_noun_dates(token)):
        return DatePhrase(prep, ent, own=not (token.dep_ == "ccomp" and _before_subject(ent, token)))
    beside = _adjacent_date(token)
    return DatePhrase(*beside, own=True) if beside is not None else None


def _previous_conjunct(token):
    """The verb just before ``token`` in a series of acts ("sanctioned officials, expelled
    diplomats and shut down facilities"), which the parser may not have hung it on."""
    if token.dep_ != "conj" or token.pos_ != "VERB":
        return None
    for i in range(token.i - 1, token.head.i, -1):
        if token.doc[i].pos_ == "VERB" and token.doc[i].dep_ in ("conj", "advcl", "ROOT", "ccomp"):
            return token.doc[i]
    return None


def governing_date_phrase(token, max_hops: int = 6) -> DatePhrase | None:
    """The date phrase of ``token``'s own clause (attached to it, inside its prepositional
    phrases, beside it, or a nominal trigger's own modifier), else that of the act before
    it in a series, else the one nearest up the head chain: an event inherits a date from
    the clause that frames or reports it, not from other clauses of its sentence. A date
    is the event's ``own`` (read forward with it) unless it came across a reported clause's
    boundary or from a verb in the past tense."""
    found = _own_date(token)
    if found is not None:
        return found
    previous = _previous_conjunct(token)
    if previous is not None:
        found = _own_date(previous)
        if found is not None:
            return found
    node = token
    own = True
    for _ in range(max_hops):
        if node.head is node:
            return None
        own = own and node.dep_ not in REPORTED_DEPS
        node = node.head
        for prep, ent in _attached_dates(node):
            # a verb in the past tense dates what it tells, not what it calls for ("issued
            # a statement Friday ... and called for the committee to investigate")
            return DatePhrase(prep, ent, own=own and node.tag_ != "VBD")
    return None
