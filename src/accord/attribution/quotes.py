"""Direct quotes: the words inside quotation marks, their cue and their speaker."""

from __future__ import annotations

import re
from dataclasses import replace

from accord.actors.context import written_again
from accord.actors.phrases import FIRST_PERSON_RULE, PhraseActors
from accord.attribution.indirect import find_reported_clauses
from accord.attribution.sources import article_credit, claim_channel
from accord.attribution.speakers import previous_sentence_speaker, speaker_of, speaker_token
from accord.attribution.tables import AttributionTables
from accord.events import roles
from accord.model import Actor, Quote, TextSpan
from accord.nlp import doc_text

OPENING_QUOTES = "\"“«„"
CLOSING_QUOTES = "\"”»“"
# A cue this far (in tokens, within these many characters) from the quote still
# attributes it: `," the minister told reporters`.
CUE_WINDOW = 8
CUE_CHARS = 80
# How many heads up the parse a partial quote may hang below its cue.
MAX_CLIMB = 10
# A quote without a cue continues the speaker of a quote that ended this close (in characters).
CONTINUATION_CHARS = 400
# A "he"/"she" speaker continues the person quoted last, up to this far (in characters).
SPEAKING_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"it", "they"})
PRONOUN_REACH = 600
DOCUMENT_ISSUER_RULE = "attribution/quotes:document-issuer-named-before"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Entities that can speak: a cue without a subject takes one written just before it.
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Complements that give a reporting verb words of its own to report.
CLAIM_DEPS = frozenset({"ccomp", "xcomp", "dobj"})


def _is_inch_mark(text: str, i: int) -> bool:
    """`6'2"`, `a 12" screen`: a straight double mark right after a digit closes nothing."""
    return text[i] == '"' and i > 0 and text[i - 1].isdigit() and (i + 1 == len(text) or not text[i + 1].isalpha())


def find_quote_spans(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Character spans of the text inside quotation marks, and warnings.

    Quotes pair within a paragraph; an unclosed quote at a paragraph end continues
    when the next paragraph opens with a quotation mark (the wire convention). An odd
    number of marks gives a warning, never an error.
    """
    text = text.replace("''", '" ')  # two apostrophes as one mark (NYT style); same length
    spans: list[tuple[int, int]] = []
    warnings: list[str] = []
    open_at: int | None = None
    offset = 0
    for number, paragraph in enumerate(text.split("\n"), 1):
        continues = open_at is not None and paragraph[:1] in OPENING_QUOTES
        if open_at is not None and not continues and paragraph.strip():
            warnings.append(f"unclosed_quote: quotation mark left open before paragraph {number}")
            open_at = None
        for i, ch in enumerate(paragraph):
            position = offset + i
            if (continues and i == 0) or _is_inch_mark(text, position):
                continue
            if open_at is None and ch in OPENING_QUOTES:
                open_at = position + 1
            elif open_at is not None and ch in CLOSING_QUOTES:
                if position > open_at:
                    spans.append((open_at, position))
                open_at = None
        if open_at is not None and offset + len(paragraph) > open_at:
            spans.append((open_at, offset + len(paragraph)))
            open_at = offset + len(paragraph) + 1
        offset += len(paragraph) + 1
    if open_at is not None and open_at < len(text):
        warnings.append("unclosed_quote: quotation mark left open at the end of the text")
    return _with_words(spans, text), warnings


def _with_words(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans that hold words (stray marks and quoted symbols dropped), edge spaces trimmed."""
    out = []
    for s, e in spans:
        if re.search(r"[^\W\d_]{2}", text[s:e]):
            inner = text[s:e]
            s += len(inner) - len(inner.lstrip())
            e -= len(inner) - len(inner.rstrip())
            out.append((s, e))
    return out


def find_quotes(doc, phrase_actors: PhraseActors, tables: AttributionTables) -> tuple[list[Quote], list[str]]:
    """Direct quotes (inside quotation marks) and reported clauses ("X said that ...")."""
    text = doc_text(doc)  # Doc.text joins every token on each access: read it once
    spans, warnings = find_quote_spans(text)
    credit = article_credit(doc, tables)
    quotes: list[Quote] = []
    for start, end in spans:
        quotes.append(_direct_quote(doc, text, start, end, quotes, phrase_actors, tables, credit))
    reported = list(find_reported_clauses(doc, phrase_actors, tables, quotes, credit))
    quotes.extend(_speaking_inside(q, quotes) for q in reported)
    quotes.sort(key=lambda q: q.start)
    quotes = [_issued_by(doc, q, phrase_actors, tables) for q in quotes]
    return _speakers_keep_their_channel(_pronouns_continue_the_quoted(doc, quotes)), warnings


def _speakers_keep_their_channel(quotes: list[Quote]) -> list[Quote]:
    """'Lavrov told Interfax that ... "We will respond," Lavrov said': a speaker quoted
    again soon after speaking through an outlet is still speaking through it."""
    out = []
    channels: dict[str, tuple[int, tuple[str, ...]]] = {}  # speaker name -> where last quoted, via what
    for quote in quotes:
        name = quote.speaker.name if quote.speaker is not None else None
        if name is not None:
            earlier = channels.get(name)
            if earlier is not None and quote.start - earlier[0] <= PRONOUN_REACH:
                quote = replace(quote, via=tuple(dict.fromkeys(earlier[1] + quote.via)))
            channels[name] = (quote.end, quote.via)
        out.append(quote)
    return out


def _issued_by(doc, quote: Quote, phrase_actors, tables: AttributionTables) -> Quote:
    """"A White House statement said", "according to a statement issued by Haniyeh", "The
    council's presidential statement called for": a document speaks for its issuer, named
    inside its noun phrase."""
    speaker = quote.speaker
    if speaker is None or speaker.code is not None or speaker.start is None:
        return quote
    span = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if span is None or span.root.lemma_.lower() not in tables.documents:
        return quote
    document = span.root
    issuer_words = []
    for token in document.subtree:
        inside_a_name = token.dep_ == "compound" and token.head.pos_ == "PROPN"  # "White" of "White House"
        if token.i == document.i or token.pos_ not in ("PROPN", "NOUN") or inside_a_name:
            continue
        issuer = phrase_actors.for_token(token)
        if issuer is not None and issuer.code is not None:
            return replace(quote, speaker=replace(speaker, name=issuer.name, code=issuer.code, sector=issuer.sector,
                                                  anonymous=issuer.anonymous))
        issuer_words.append(token.lower_)
    if not issuer_words or not _definite(document):
        return quote
    issuer = _issuer_named_before(doc, document, issuer_words, phrase_actors)
    if issuer is None:
        return quote
    # No antecedent: the document itself stays the source the article cites.
    return replace(quote, speaker=replace(speaker, name=issuer.name, code=issuer.code, sector=issuer.sector,
                                          rule=f"{speaker.rule}+{DOCUMENT_ISSUER_RULE}"))


def _definite(noun) -> bool:
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in noun.children)


def _issuer_named_before(doc, document, issuer_words: list[str], phrase_actors) -> Actor | None:
    """Who issued "the office statement", "the council's presidential statement": the
    coded subject of the two sentences before whose phrase holds the document's own issuer
    word ("the office of Israel's military spokesman said", "The Security Council urged").
    A bare "the statement" is not guessed: the subject before is as often whom it answers."""
    sent = document.sent
    earlier = []
    for _ in range(2):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        earlier.extend(sorted((t for t in sent if t.dep_ in ("nsubj", "nsubjpass")), key=lambda t: -t.i))
    for token in earlier:
        if any(word in (t.lower_ for t in token.subtree) for word in issuer_words):
            actor = phrase_actors.for_token(token)
            if actor is not None and actor.code is not None:
                return actor
    return None


def _pronouns_continue_the_quoted(doc, quotes: list[Quote]) -> list[Quote]:
    """"Tillerson said Russia had failed ... "So either ...," he said": in news a speaker
    written "he" or "she" is the person quoted last, not the person named last (who is
    often the subject of the quote: "... Trump's remarks ... "Our fears," he said"). Where
    the article has since made another person the subject of a sentence, the
    coreference found stands. An "it" or "they" that coreference left without a code is
    the body (ministry, officials, statement) quoted last."""
    out = []
    last: tuple[int, Actor] | None = None  # where the person quoted last was quoted, and who
    group: tuple[int, Actor] | None = None  # where the body quoted last (ministry, officials, document) was quoted
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.start is None:
            out.append(quote)
            continue
        if speaker.text.lower() in GROUP_PRONOUNS and speaker.code is None:
            if group is not None and speaker.start - group[0] <= PRONOUN_REACH:
                body = group[1]
                speaker = written_again(body, speaker.text, speaker.start, speaker.end)
                quote = replace(quote, speaker=speaker)
        elif speaker.text.lower() in SPEAKING_PRONOUNS:
            if (last is not None and speaker.start - last[0] <= PRONOUN_REACH
                    and not _newer_subject(doc, speaker, last)):
                person = last[1]
                speaker = written_again(person, speaker.text, speaker.start, speaker.end)
                quote = replace(quote, speaker=speaker)
            if speaker.antecedent is not None and _names_person(doc, speaker.antecedent.start, speaker.antecedent.end):
                last = (max(quote.end, speaker.end), speaker)
        elif speaker.name is not None and _names_person(doc, speaker.start, speaker.end):
            last = (max(quote.end, speaker.end), speaker)
        elif speaker.code is not None and speaker.text.lower() not in SPEAKING_PRONOUNS:
            group = (max(quote.end, speaker.end), speaker)
        out.append(quote)
    return out


def _names_person(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ == "PERSON" for t in span)


def _newer_subject(doc, speaker: Actor, last: tuple[int, Actor]) -> bool:
    """The pronoun's antecedent is another person, made a sentence subject after the
    person quoted last."""
    antecedent = speaker.antecedent
    if antecedent is None or antecedent.start < last[0] or speaker.name == last[1].name:
        return False
    span = doc.char_span(antecedent.start, antecedent.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in SUBJECT_DEPS


def _direct_quote(doc, text: str, start: int, end: int, earlier: list[Quote], phrase_actors, tables, credit) -> Quote:
    cue = _governing_cue(doc, start, end, tables) or _cue_near(doc, text, start, end, tables)
    if cue is not None:
        entry = tables.cues[cue.lemma_.lower()][1]
        speaker = speaker_of(speaker_token(cue) or _named_before_cue(doc, end, cue), phrase_actors)
        # An aside in the quote's clause reports the whole clause too ("The community, he said, was giving ...").
        how = "aside" if cue.dep_ == "parataxis" and cue.head.idx < start else "cue"
        return Quote(text[start:end], start, end, True, speaker, TextSpan.from_span(cue),
                     claim_channel(doc, cue, tables, credit=credit), f"attribution/quotes:direct+{how}:{entry}")
    cue = _sentence_cue(doc, start, end, tables)
    if cue is not None:
        entry = tables.cues[cue.lemma_.lower()][1]
        return Quote(text[start:end], start, end, True, speaker_of(speaker_token(cue), phrase_actors),
                     TextSpan.from_span(cue), claim_channel(doc, cue, tables, credit=credit),
                     f"attribution/quotes:direct+sentence-cue:{entry}")
    marked = _dash_or_colon(doc, text, start, end, phrase_actors)
    if marked is not None:
        mark, speaker, rule = marked
        return Quote(text[start:end], start, end, True, speaker, mark,
                     claim_channel(doc, None, tables, start, credit), rule)
    if not _opens_sentence(text, start):
        holder = _clause_subject_actor(doc, start, end, phrase_actors)
        if holder is not None:
            return Quote(text[start:end], start, end, True, holder, None,
                         claim_channel(doc, None, tables, start, credit), "attribution/quotes:direct+clause-subject")
    previous = _continued_quote(earlier, start)
    if previous is not None:
        return Quote(text[start:end], start, end, True, previous.speaker, None, previous.via,
                     "attribution/quotes:direct+continues")
    speaker = previous_sentence_speaker(doc, start, phrase_actors) if _opens_sentence(text, start) else None
    return Quote(text[start:end], start, end, True, speaker, None, claim_channel(doc, None, tables, start, credit),
                 "attribution/quotes:direct" + ("+previous-sentence" if speaker is not None else ""))


def _speaking_inside(quote: Quote, direct: list[Quote]) -> Quote:
    """"I think ..." inside a direct quote: "I" is the quoted speaker (the written word stays)."""
    speaker = quote.speaker
    if speaker is None or speaker.rule != FIRST_PERSON_RULE:
        return quote
    outer = next((d for d in direct if d.start <= quote.start < d.end and d.speaker is not None), None)
    if outer is None:
        return quote
    known = outer.speaker
    return replace(quote, speaker=replace(known, text=speaker.text, start=speaker.start, end=speaker.end))


def _heads_above(doc, start: int, end: int):
    """The heads above the quoted words' root in the parse, nearest first (MAX_CLIMB at most)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return
    node = span.root
    for _ in range(MAX_CLIMB):
        if node.head is node:
            return
        node = node.head
        yield node


def _governing_cue(doc, start: int, end: int, tables: AttributionTables):
    """The reporting verb the quoted words hang from in the parse, outside the quote
    ('stating that Russia would not tolerate NATO troops "under any circumstances"').
    A narration verb attributes only the quote beside it (`," he continued`): as a head
    ('If Russia continues "escalating the situation," ...') it is the quote's content. An
    aside cue interrupting the clause the quote sits in speaks it ('The international
    community, he said, was giving Hamas "a tremendous victory"')."""
    for node in _heads_above(doc, start, end):
        if (not start <= node.idx < end and roles.is_reporting_verb(node, tables.quoting_lemmas)
                and tables.cues[node.lemma_.lower()][0] != "narration"):
            return node
        aside = next((c for c in node.children if c.dep_ == "parataxis" and not start <= c.idx < end
                      and roles.is_reporting_verb(c, tables.quoting_lemmas)), None)
        if aside is not None:
            return aside
    return None


def _named_before_cue(doc, end: int, cue):
    """'"...," Yelena Suponina, a Moscow-based expert, said': a cue the parse left without
    a subject is spoken by the first name between the quote and it."""
    entity = next((e for e in doc.ents if end <= e.start_char and e.end_char <= cue.idx
                   and e.label_ in SPEAKER_ENTITIES), None)
    return entity.root if entity is not None else None


def _sentence_cue(doc, start: int, end: int, tables: AttributionTables):
    """'"Sanctions are not an end in themselves," but are a way to ..., Barroso said
    before the summit': the reporting verb that heads the quote's sentence, or one later
    in it with no complement of its own, when it is too far from the quote for the words
    beside it to show it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span[0].sent
    bare_after = [t for t in sent if t.idx >= end and not any(c.dep_ in CLAIM_DEPS for c in t.children)]
    for verb in [sent.root] + bare_after:
        if start <= verb.idx < end or not roles.is_reporting_verb(verb, tables.quoting_lemmas):
            continue
        subject = speaker_token(verb)
        if subject is not None and not start <= subject.idx < end and tables.cues[verb.lemma_.lower()][0] != "narration":
            return verb
    return None


def _clause_subject_actor(doc, start: int, end: int, phrase_actors):
    """'Kim made a broad commitment in Singapore to "work toward denuclearization"': a
    quote inside a sentence with no reporting verb gives the words of the subject of the
    clause it sits in, when that subject is a known actor."""
    for node in _heads_above(doc, start, end):
        if start <= node.idx < end or node.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        actor = speaker_of(subject, phrase_actors) if not start <= subject.idx < end else None
        return actor if actor is not None and (actor.code or actor.name) else None
    return None


def _cue_near(doc, text: str, start: int, end: int, tables: AttributionTables):
    """The reporting verb after the quote (`," he said`) or before it (`He said: "`)."""
    after = doc.char_span(end, min(len(text), end + CUE_CHARS), alignment_mode="expand")
    before = doc.char_span(max(0, start - CUE_CHARS), start, alignment_mode="expand")
    for span, reverse in ((after, False), (before, True)):
        if span is None:
            continue
        tokens = list(span)
        if reverse:
            tokens.reverse()
        for token in tokens[:CUE_WINDOW]:
            if "\n" in token.text and not (reverse and text[:token.idx].rstrip().endswith(":")):
                break
            if token.text in OPENING_QUOTES + CLOSING_QUOTES and token.idx not in (end, start - 1):
                break
            if roles.is_reporting_verb(token, tables.quoting_lemmas):
                return token
    return None


def _dash_or_colon(doc, text: str, start: int, end: int, phrase_actors):
    """`"...." — Sergei Lavrov` (the speaker after a dash) or `Lavrov's answer: "..."`
    (the subject of the clause before a colon)."""
    after = re.match(r"[\"”»]?\s*([—–―]|--)\s*", text[end:end + 6])
    if after:
        name = doc.char_span(end + after.end(), min(len(text), end + after.end() + 60), alignment_mode="expand")
        head = next((t for t in name or () if t.pos_ == "PROPN"), None) if name is not None else None
        if head is not None and head.i - name.start < 2:
            while head.dep_ == "compound" and head.head.i > head.i:
                head = head.head
            actor = speaker_of(head, phrase_actors)
            dash_at = end + after.start(1)
            return TextSpan(text[dash_at:dash_at + len(after.group(1))], dash_at, dash_at + len(after.group(1))), actor, "attribution/quotes:direct+dash"
    before = re.search(r":\s*[\"“«„]$", text[max(0, start - 4):start])
    if before:
        colon_at = text.rfind(":", 0, start)
        token = doc.char_span(colon_at, colon_at + 1, alignment_mode="expand")
        if token is not None:
            sent = token[0].sent
            subject = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < token.start), None)
            if subject is None and sent.start > 0 and token.start == sent.start:
                return None
            actor = speaker_of(subject, phrase_actors) if subject is not None else None
            if actor is not None and (actor.code or actor.name):
                return TextSpan(":", colon_at, colon_at + 1), actor, "attribution/quotes:direct+colon"
    return None


def _continued_quote(earlier: list[Quote], start: int) -> Quote | None:
    """A quote with no cue of its own continues the words of a speaker quoted just before."""
    for quote in reversed(earlier):
        if quote.direct and quote.speaker is not None and start - quote.end < CONTINUATION_CHARS:
            return quote
    return None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start - 1].rstrip(" ")
    return not before or before[-1] in ".!?\n:"

