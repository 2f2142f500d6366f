"""Clauses of a parse: a clause's own words, and the clauses that tell one incident.
Event detection asks whether an act's clauses name its place; the locator takes the
place an act's own clauses name before one the sentence names for another act."""

from __future__ import annotations

from accord.events.roles import is_to_infinitive

CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"}


def clause_tokens(head):
    """``head`` and its dependents, without the clauses it governs."""
    stack = [head]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in node.children if child.dep_ not in CLAUSE_DEPS)


# Subordinators of a clause that tells when the main act happened: its place is the act's
# ("were killed when their vehicle ran over an IED in Wajir").
TIME_MARKERS = {"when", "as", "after", "while", "before", "until", "once"}


def incident_clauses(trigger):
    """The heads of the clauses that tell one incident with the trigger's: the clauses
    coordinated with it ("lynches and burns a thief in Mariani"), those it is the purpose
    or time of ("marched to protest ...", "gathered at the KICC before being dispersed by
    police"), and the time clauses under those ("were killed when their vehicle ran over
    an IED in Wajir"). Reported content, relative clauses and other adverbial clauses tell
    other acts ("Speaking in Warsaw, he said the violence must end": the place of the
    speaking is not that of the violence)."""
    def head_of(token):
        while token.dep_ not in CLAUSE_DEPS and token.dep_ != "ROOT" and token.head is not token:
            token = token.head
        return token

    def tied(clause) -> bool:
        return clause.dep_ in ("conj", "xcomp") or clause.dep_ == "advcl" and (
            any(child.dep_ in ("mark", "advmod") and child.lower_ in TIME_MARKERS for child in clause.children)
            or is_to_infinitive(clause))

    heads, stack = [], [head_of(trigger)]
    while stack:
        head = stack.pop()
        if head in heads:
            continue
        heads.append(head)
        if tied(head) and head.head is not head:
            stack.append(head_of(head.head))
        stack.extend(child for child in head.children if tied(child))
    return heads
