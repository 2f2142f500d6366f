"""Pronoun and definite-description coreference over actor mentions.

Rules (most recent antecedent that ends before the anaphor):
  he/she/him/his/her...    -> a person mention (named, from people.tsv or NER)
  they/them/their          -> a plural mention (head noun tagged NNS/NNPS)
  its                      -> a non-person mention with a code (country, organisation, metonym)
  "the source", "the official" (anonymous role, no code) -> an anonymous mention
  "the minister", "the president", "the Kremlin spokesman" -> a person whose role matches
Keys are token indices: the pronoun, or the head noun of the description.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools

from accord.actors.context import ARTICLE_CONTEXT_RULES, HOME_COUNTRY_RULE, is_named_person, written_again
from accord.actors.tables import STATE_TABLES, load_actor_tables
from accord.deadline import NO_DEADLINE, Deadline
from accord.model import Actor
from accord.nlp import doc_text

PRONOUNS = {
    "person": ["he", "him", "his", "himself", "she", "her", "hers", "herself"],
    "plural": ["they", "them", "their", "theirs", "themselves"],
    "its": ["its"],
    "it": ["it"],
}


@functools.lru_cache(maxsize=4)
def _pronoun_matcher(vocab):
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    for label, words in PRONOUNS.items():
        matcher.add(label, [[{"LOWER": {"IN": words}, "POS": "PRON"}]])
    return matcher


def _role_of(actor: Actor, tables) -> str | None:
    """The office named by the rule entries that produced ``actor``."""
    for part in (actor.rule or "").split("+"):
        entry = tables.by_rule.get(part)
        if entry is not None and entry.role:
            if entry.kind == "person":
                return entry.at(None)[1]
            return entry.role
    return None


def _roles_match(wanted: str, held: str | None) -> bool:
    if not held:
        return False
    if wanted.startswith("spokes") and held.startswith("spokes"):
        return True
    return wanted in held or held in wanted


# "the country", "the nation": a bare state noun stands for the last country named.
COUNTRY_ROLE_RULE = "actors/roles.tsv:state"
# "the army", "the defence ministry": a national body named bare belongs to the country
# named in its sentence or the one before ("Israel has targeted 5,000 sites, the army said").
NATIONAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
# Verbs whose subject "it" is empty: "it is clear", "it seems", "it takes time".
EMPTY_IT_VERBS = frozenset({"be", "seem", "appear", "take", "remain", "happen", "matter", "mean", "look",
                            "become", "make", "cost", "depend", "go", "come", "get", "rain", "help"})
# The window in which "it" finds its country or organisation.
IT_WINDOW_SENTENCES = 2


def _subject_mentions(spans: dict) -> set[int]:
    """Starts of the mentions that are the subject of their clause."""
    return {start for start, span in spans.items() if span is not None and span.root.dep_ in ("nsubj", "nsubjpass")}


def _salient_person(before: list[Actor], subject_at: set[int], sentence_of, sentence: int) -> Actor | None:
    """"he" or "she": the person who was the subject of the sentence or the one before, over a
    person named since as an object ("Steinitz said Assad must go. He added ..."), else the
    nearest person named."""
    nearest = None
    for m in reversed(before):
        if not is_named_person(m):
            continue
        if sentence_of(m.start) < sentence - 1:
            break
        if m.start in subject_at:
            return m
        nearest = nearest or m
    return nearest


# Collective nouns that "they" can stand for: "the Taliban negotiating team met ... before
# they agreed".
COLLECTIVE_NOUNS = frozenset({"team", "delegation", "group", "council", "side", "leadership", "committee"})
CLAUSE_LINKS = frozenset({"ccomp", "advcl", "conj", "xcomp"})


def _governing_subject(pronoun, before: list[Actor], spans: dict, person: bool) -> Actor | None:
    """A pronoun subject (or the possessor of the subject) of a clause that a verb governs
    is that verb's subject when the two agree: "they" a plural or collective one ("The Israeli
    officials ... said they accepted", "Four members of the Taliban negotiating team met ...
    before they agreed"), "he" or "his" a singular person, named or by office ("a defiant
    Iranian admiral said his military stands ready"). Of a subject that names its party in an
    "of" phrase, that party ("members of the team")."""
    subject_of_clause = pronoun.head if pronoun.dep_ == "poss" else pronoun
    verb = subject_of_clause.head
    if subject_of_clause.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ not in CLAUSE_LINKS:
        return None
    subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    if person:
        agrees = subject.tag_ in ("NN", "NNP")
    else:
        agrees = subject.tag_ in ("NNS", "NNPS") or subject.lemma_.lower() in COLLECTIVE_NOUNS
    if not agrees:
        return None
    inside = [m for m in before if (span := spans.get(m.start)) is not None
              and subject.left_edge.i <= span.root.i <= subject.right_edge.i]
    if person:
        inside = [m for m in inside if spans[m.start].root == subject and m.code and not _is_country(m)
                  and (is_named_person(m) or "roles.tsv:" in (m.rule or ""))]
    coded = [m for m in inside if m.code]
    return (coded or inside or [None])[0]


def _titled(person: Actor, description: Actor) -> bool:
    """Whether the person was introduced with the description's head noun as a title: "The
    spokesman" after "Kenyan police spokesman Peter Otieno", whose table role is the police."""
    head = description.text.split()[-1].lower()
    return head in person.text.lower().split()[:-1]


def _acting_it(token) -> bool:
    """"it" as the doer of a clause ("it opened fire", "it will restart talks"), not the
    empty subject of "it is clear that" or "it takes time"."""
    return (token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB"
            and token.head.lemma_ not in EMPTY_IT_VERBS)


def _thing_was_the_subject(doc, pronoun, mention_heads: set[int]) -> bool:
    """Whether the main clause before "it" (the previous sentence's, for a sentence-initial
    "it") has a thing for subject, a noun that names no party: "it" then most likely goes
    on about that thing, not about a country named in passing."""
    sent = pronoun.sent
    if sent.root.i < pronoun.i:
        root = sent.root
    elif sent.start > 0:
        root = doc[sent.start - 1].sent.root
    else:
        return False
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.pos_ == "NOUN" and subject.i not in mention_heads


def _says_whose(noun) -> bool:
    """"the government of Iraq", "the army's chief": the phrase names its owner itself."""
    return any(c.dep_ in ("prep", "poss") and (c.dep_ == "poss" or c.lower_ == "of") for c in noun.children)


def _is_country(actor: Actor) -> bool:
    rule = actor.rule or ""
    return rule.startswith(STATE_TABLES)


def _linked_names(mentions: list[Actor], spans: dict) -> dict[int, Actor]:
    """The head token of each mention that ``link_people`` read from the rest of the article
    -> that mention, so a phrase headed there resolves as the article says."""
    out = {}
    for m in mentions:
        span = spans[m.start]
        if span is not None and any(context in (m.rule or "") for context in ARTICLE_CONTEXT_RULES):
            out[span.root.i] = m
    return out


def _stated_code(mention: Actor) -> str | None:
    """The code the mention's own words give: not the article's state, which a named
    antecedent overrides ("The minister" after "Sergei Lavrov arrived in Ankara")."""
    return None if (mention.rule or "").endswith(HOME_COUNTRY_RULE) else mention.code


def build_coreference(doc, mentions: list[Actor], deadline: Deadline = NO_DEADLINE) -> dict[int, Actor]:
    """Token index of an anaphor -> its antecedent, re-anchored on the anaphor's text. Past
    ``deadline`` it raises ArticleTimeout."""
    tables = load_actor_tables()
    strings = doc.vocab.strings
    anaphors: list[tuple[int, int, int, str, Actor | None]] = []  # start, end, key, kind, mention
    spans = {m.start: doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions}
    for key, start, end in _pronoun_matcher(doc.vocab)(doc):
        tok = doc[start]
        if strings[key] == "it" and not _acting_it(tok):
            continue
        anaphors.append((tok.idx, tok.idx + len(tok), start, strings[key], None))
    for m in mentions:
        if m.name is None and m.text.lower().startswith("the ") and m.rule and "roles.tsv:" in m.rule:
            span = spans[m.start]
            if span is not None and span.root.tag_ not in ("NNS", "NNPS"):
                kind = ("country" if m.rule == COUNTRY_ROLE_RULE
                        else "body" if _stated_code(m) is None and m.sector in NATIONAL_SECTORS and not m.anonymous
                        and _role_of(m, tables) is None and not _says_whose(span.root) else "description")
                anaphors.append((m.start, m.end, span.root.i, kind, m))
    anaphors.sort()
    out: dict[int, Actor] = _linked_names(mentions, spans)
    if not anaphors:
        return out
    plural = {start: span is not None and span.root.tag_ in ("NNS", "NNPS") for start, span in spans.items()}

    text = doc_text(doc)
    sentence_starts = [sent.start_char for sent in doc.sents]

    def sentence_of(char: int) -> int:
        return bisect.bisect_right(sentence_starts, char) - 1

    ends = [m.end for m in mentions]  # mentions are sorted and disjoint, so ends are sorted
    mention_heads = {span.root.i for span in spans.values() if span is not None}
    resolved: dict[int, Actor] = {}  # mention start -> what a description resolved to
    subject_at = _subject_mentions(spans)
    for a_start, a_end, key, kind, own in anaphors:
        deadline.check()
        before = mentions[:bisect.bisect_right(ends, a_start)]
        antecedent = (_governing_subject(doc[key], before, spans, person=kind == "person")
                      if kind in ("person", "plural") else None)
        if kind == "person" and antecedent is None:
            antecedent = _salient_person(before, subject_at, sentence_of, sentence_of(a_start))
        fallback = None
        for m in reversed(before if antecedent is None else []):
            m = resolved.get(m.start, m)
            if kind == "person" and is_named_person(m):
                antecedent = m
            elif kind == "its" and not is_named_person(m) and m.code and not m.anonymous:
                antecedent = m
            elif kind == "it" and not is_named_person(m) and m.code and not m.anonymous:
                if sentence_of(m.start) <= sentence_of(a_start) - IT_WINDOW_SENTENCES:
                    break  # too far back: "it" is about something else
                # The subject over a place or party named since ("The US military sent troops
                # to Syria after it pulls out"); the nearest when no subject is in reach.
                fallback = fallback or m
                if m.start in subject_at:
                    antecedent = m
            elif kind == "country" and _is_country(m) and m.code:
                antecedent = m
            elif kind == "body" and _is_country(m) and m.code:
                if sentence_of(m.start) < sentence_of(a_start) - 1:
                    break  # no country near: the body's country is not said
                antecedent = dataclasses.replace(m, sector=own.sector, rule=f"{own.rule}+{m.rule}")
            elif kind == "plural" and plural.get(m.start):
                antecedent = m
            elif kind == "description":
                if own.anonymous:
                    if m.anonymous and (m.code or m.name) and _stated_code(own) in (None, m.code):
                        antecedent = m
                else:
                    wanted = _role_of(own, tables)
                    if (wanted and is_named_person(m) and _stated_code(own) in (None, m.code)
                            and (_roles_match(wanted, _role_of(m, tables)) or _titled(m, own))):
                        antecedent = m
            if antecedent is not None:
                break
        if kind == "it" and antecedent is None and _thing_was_the_subject(doc, doc[key], mention_heads):
            fallback = None  # "The directive affects travellers from Yemen. It also bans ..."
        antecedent = antecedent or (fallback if kind == "it" else None)
        if antecedent is None:
            continue
        out[key] = written_again(antecedent, text[a_start:a_end], a_start, a_end)
        if own is not None:
            resolved[own.start] = antecedent
    return out
