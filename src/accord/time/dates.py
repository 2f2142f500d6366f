"""Giving each event the date of the phrase that governs it."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, timedelta

from accord.datafiles import packaged_rows
from accord.errors import DataFileError
from accord.model import Event, Quote
from accord.nlp import doc_text
from accord.time.expressions import DATE_LABELS, governing_date_phrase
from accord.time.resolve import ResolvedDate, resolve_date_phrase

FUTURE_MODALITIES = {"future"}
FUTURE_CUES_FILE = "time/future_cues.tsv"
FUTURE_AUXILIARIES = {"will", "shall", "'ll", "wo"}
# Clauses that take the tense of the verb they hang on: controlled ("pledged to suspend")
# and conjoined ("offered ... and pledged"); a reported demand takes its report's.
TENSE_SHARING_DEPS = {"xcomp", "conj"}
# PLOVER types of events made by saying: a demand, an accusation, a threat, an offer.
SPOKEN_TYPES = {"AGREE", "REQUEST", "SUPPORT", "ACCUSE", "REJECT", "THREATEN"}
REPORTED_DEPS = {"ccomp", "parataxis"}
MAX_TENSE_HOPS = 4
# The lead's day is the story's day when it is one of the days before publication: wire
# copy filed on Sunday about Saturday's news carries a Monday record date.
NEWS_DAY_WINDOW = timedelta(days=7)
# A lead is running text, not a headline, a byline or a caption credit.
LEAD_MIN_TOKENS = 15


@functools.lru_cache(maxsize=1)
def load_future_cues() -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {"governor": set(), "modifier": set(), "lead_in": set()}
    for line_no, (_, kind, word) in packaged_rows(FUTURE_CUES_FILE, ("id", "kind", "word")):
        if kind not in words:
            raise DataFileError(f"{FUTURE_CUES_FILE}:{line_no}: kind must be governor, modifier or lead_in, got {kind!r}")
        words[kind].add(word.strip().lower())
    return {kind: frozenset(found) for kind, found in words.items()}


def resolve_dates(events: list[Event], doc, published: str | None, quotes: list[Quote] = ()) -> list[Event]:
    """Events dated by their own date phrase, else by the clause that frames or reports
    them, else by their quote's cue ("he stated in December"). A past-tense event with no
    date of its own happened on the day its paragraph's previous sentence gives, or on the
    story's day when the lead dates its news to a day before publication ("said on
    Sunday" in a Monday record); any other event takes the publication date with
    ``date_text`` null."""
    pub = date.fromisoformat(published) if published else None
    dated: list[tuple[Event, ResolvedDate | None, str | None]] = []
    for event in events:
        token = _token_at(doc, event.trigger.start)
        found = governing_date_phrase(token) if token is not None else None
        if found is None:
            cue = _quote_cue(quotes, event.trigger.start, doc)
            found = governing_date_phrase(cue) if cue is not None else None
            # the cue's date is when the words were said, whatever they announce
            found = replace(found, own=False) if found is not None else None
        resolved = None
        if found is not None:
            future = found.own and (event.modality in FUTURE_MODALITIES or _future_clause(token))
            resolved = resolve_date_phrase(found.text, pub, future=future,
                                           anchor=_anchor(doc, found.entity.start_char, pub))
        dated.append((event, resolved, found.text if resolved is not None else None))

    news_day = _news_day(doc, pub)
    out = []
    for event, resolved, phrase in dated:
        if (resolved is None and event.modality not in FUTURE_MODALITIES | {"hypothetical"}
                and _past_tense(_token_at(doc, event.trigger.start), event.type in SPOKEN_TYPES)):
            resolved, phrase = _previous_sentence_date(doc, event, pub) or news_day or (None, None)
        if resolved is not None:
            out.append(replace(event, date=resolved.value, date_precision=resolved.precision, date_text=phrase))
        elif pub is not None:
            out.append(replace(event, date=pub.isoformat(), date_precision="day", date_text=None))
        else:
            out.append(replace(event, date=None, date_precision="unknown", date_text=None))
    return out


def _future_clause(token) -> bool:
    """Whether the trigger's clause looks forward beyond what its modality says: "is due
    to hold a summit", "the upcoming talks", "ahead of Friday's summit", or a purpose
    ("called a meeting to discuss it on Wednesday")."""
    if token is None:
        return False
    cues = load_future_cues()
    if any(child.lower_ in cues["modifier"] for child in token.children if child.dep_ in ("amod", "compound")):
        return True
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ in cues["lead_in"] or prep.lower_ == "of" and prep.head.lower_ in cues["lead_in"]:
            return True
    to_infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
    if to_infinitive and token.dep_ == "advcl":
        return True
    node = token
    while node.dep_ in ("xcomp", "acomp") and node.head is not node:
        node = node.head
        if node.lower_ in cues["governor"] or node.lemma_.lower() in cues["governor"]:
            return True
    return False


def _past_tense(token, spoken: bool) -> bool:
    """Whether the trigger's clause is in the simple past ("imposed", "was seized",
    "offered ... and pledged to suspend"); a nominal trigger takes the tense of the verb
    it depends on. A ``spoken`` event, a statement whose words a verb reports, happened
    when it was said ("said U.S. law must tie ...", "reiterated that Israel has a right
    to defend itself"); a reported act did not ("reported the measures are expected to
    hit Iranians hard")."""
    if token is None:
        return False
    node = token.head if token.dep_ in ("aux", "auxpass") else token
    sharing = TENSE_SHARING_DEPS | (REPORTED_DEPS if spoken else set())
    for _ in range(MAX_TENSE_HOPS):
        if node.pos_ in ("VERB", "AUX") and _simple_past(node):
            return True
        if node.head is node or (node.pos_ in ("VERB", "AUX") and node.dep_ not in sharing):
            return False
        node = node.head
    return False


def _simple_past(verb) -> bool:
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if auxiliaries:
        return all(aux.tag_ == "VBD" and aux.lemma_ != "have" for aux in auxiliaries)
    return verb.tag_ == "VBD"


def _paragraph_break(doc, start: int, end: int) -> bool:
    return "\n" in doc_text(doc)[start:end]


def _whole_paragraph(doc, sentence) -> bool:
    before = doc_text(doc).rfind("\n", 0, sentence.start_char)
    return not doc_text(doc)[before + 1:sentence.start_char].strip()


def _previous_sentence_date(doc, event: Event, pub: date | None):
    """(date, phrase) that dates the main clause of the sentence just before ``event``'s
    ("The war erupted on July 8. Israel launched ..."), in the same paragraph or in a
    paragraph of that one sentence (wire copy gives each sentence its own paragraph),
    unless that clause looks forward."""
    sentence = _sentence_of(doc, event.start)
    if sentence is None or sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    if _paragraph_break(doc, previous.end_char, sentence.start_char) and not _whole_paragraph(doc, previous):
        return None
    root = previous.root
    if _future_clause(root) or any(child.lower_ in FUTURE_AUXILIARIES for child in root.children):
        return None
    found = governing_date_phrase(root)
    if found is None:
        return None
    resolved = resolve_date_phrase(found.text, pub, anchor=_anchor(doc, found.entity.start_char, pub))
    return (resolved, found.text) if resolved is not None else None


def _news_day(doc, pub: date | None):
    """(date, phrase) of the lead's news day: the first date of the article's first
    paragraph of running text, when it is a day in the week before publication."""
    if pub is None:
        return None
    lead = next((sent for sent in doc.sents if len(sent) >= LEAD_MIN_TOKENS), None)
    if lead is None:
        return None
    paragraph_end = doc_text(doc).find("\n", lead.start_char)
    paragraph_end = len(doc_text(doc)) if paragraph_end < 0 else paragraph_end
    for ent in doc.ents:
        if ent.start_char < lead.start_char or ent.label_ not in DATE_LABELS:
            continue
        if ent.start_char >= paragraph_end:
            return None
        resolved = resolve_date_phrase(ent.text, pub)
        if resolved is None or resolved.precision != "day":
            continue
        day = date.fromisoformat(resolved.value)
        return (resolved, ent.text) if pub - NEWS_DAY_WINDOW <= day < pub else None
    return None


def _anchor(doc, char: int, pub: date | None) -> date | None:
    """The last day the text gives before ``char`` in its sentence or the one before:
    "nine days later", "the next day" count from it."""
    sentence = _sentence_of(doc, char)
    if sentence is None:
        return None
    since = doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
    for ent in reversed(doc.ents):
        if ent.end_char > char or ent.label_ not in DATE_LABELS:
            continue
        if ent.start_char < since:
            return None
        resolved = resolve_date_phrase(ent.text, pub)
        if resolved is not None and resolved.precision == "day":
            return date.fromisoformat(resolved.value)
    return None


def _sentence_of(doc, char: int):
    token = _token_at(doc, char)
    return token.sent if token is not None else None


def _token_at(doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _quote_cue(quotes, position: int, doc):
    for quote in quotes:
        if quote.start <= position < quote.end and quote.cue is not None:
            return _token_at(doc, quote.cue.start)
    return None
