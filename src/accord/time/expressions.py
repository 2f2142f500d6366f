"""Finding the date phrase that governs a token."""

from __future__ import annotations

# Entity labels of spaCy's English pipelines that can hold a calendar date.
DATE_LABELS = {"DATE"}
# Durations and ages are not dates of events ("30-day ceasefire", "two-year-old").
DURATION_SUFFIXES = ("-day", "-week", "-month", "-year", "-hour", "-old")


def _date_entity(token):
    if token.ent_type_ not in DATE_LABELS:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            if ent.text.lower().endswith(DURATION_SUFFIXES):
                return None
            return ent
    return None


def _attached_dates(head):
    """Date entities attached to ``head`` as modifiers ("in December", "last week")."""
    for child in head.children:
        if child.dep_ == "prep":
            for pobj in child.children:
                ent = _date_entity(pobj)
                if ent is not None:
                    yield child, ent
        elif child.dep_ in ("npadvmod", "tmod", "advmod", "obl"):
            ent = _date_entity(child)
            if ent is not None:
                yield None, ent


def governing_date_phrase(token, max_hops: int = 6):
    """(preposition token or None, date entity Span) nearest up the head chain, or None."""
    node = token
    for _ in range(max_hops):
        for found in _attached_dates(node):
            return found
        if node.head is node:
            return None
        node = node.head
    return None
