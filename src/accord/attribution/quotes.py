"""Direct and indirect quotes, their speakers and the outlets they came through."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from accord.actors.phrases import PhraseActors
from accord.errors import DataFileError
from accord.events import roles
from accord.model import Actor, Quote, TextSpan
from accord.resources import packaged_rows

CUES_FILE = "attribution/cues.tsv"
OUTLETS_FILE = "attribution/outlets.tsv"
OPENING_QUOTES = "\"“«„"
CLOSING_QUOTES = "\"”»“"
CUE_KINDS = {"speech", "belief", "according"}


@dataclass(frozen=True, slots=True)
class AttributionTables:
    cues: dict[str, tuple[str, str]]  # lemma -> (kind, entry id)
    outlet_names: dict[str, str]  # alias -> canonical outlet name
    outlet_pattern: re.Pattern

    @property
    def reporting_lemmas(self) -> frozenset[str]:
        return frozenset(lemma for lemma, (kind, _) in self.cues.items() if kind in ("speech", "belief"))


@functools.lru_cache(maxsize=1)
def load_attribution_tables() -> AttributionTables:
    cues = {}
    for line_no, (entry, lemma, kind) in packaged_rows(CUES_FILE, ("id", "lemma", "kind")):
        if kind not in CUE_KINDS:
            raise DataFileError(f"{CUES_FILE}:{line_no}: unknown cue kind {kind!r}; use one of {sorted(CUE_KINDS)}")
        cues[lemma] = (kind, entry)
    outlets = {}
    for _, (_entry, name, aliases) in packaged_rows(OUTLETS_FILE, ("id", "name", "aliases")):
        outlets[name] = name
        for alias in filter(None, aliases.split("|")):
            outlets[alias] = name
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(outlets, key=len, reverse=True)) + r")\b")
    return AttributionTables(cues, outlets, pattern)


def find_quote_spans(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Character spans of the text inside quotation marks, and warnings.

    Quotes pair within a paragraph; an unclosed quote at a paragraph end continues
    when the next paragraph opens with a quotation mark (the wire convention).
    """
    spans: list[tuple[int, int]] = []
    warnings: list[str] = []
    open_at: int | None = None
    offset = 0
    for number, paragraph in enumerate(text.split("\n"), 1):
        continues = open_at is not None and paragraph[:1] in OPENING_QUOTES
        if open_at is not None and not continues:
            warnings.append(f"unclosed_quote: quotation mark left open before paragraph {number}")
            open_at = None
        for i, ch in enumerate(paragraph):
            position = offset + i
            if continues and i == 0:
                continue
            if open_at is None and ch in OPENING_QUOTES:
                open_at = position + 1
            elif open_at is not None and ch in CLOSING_QUOTES:
                if position > open_at:
                    spans.append((open_at, position))
                open_at = None
        if open_at is not None and offset + len(paragraph) > open_at:
            spans.append((open_at, offset + len(paragraph)))
        offset += len(paragraph) + 1
    if open_at is not None:
        warnings.append("unclosed_quote: quotation mark left open at the end of the text")
    return _with_words(spans, text), warnings


def _with_words(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Keep only spans that hold words (drops inch marks and stray marks)."""
    return [(s, e) for s, e in spans if re.search(r"[A-Za-z]{2}", text[s:e])]


def find_quotes(doc, phrase_actors: PhraseActors, tables: AttributionTables) -> tuple[list[Quote], list[str]]:
    """Direct quotes (inside quotation marks) and indirect speech ("X said that ...")."""
    spans, warnings = find_quote_spans(doc.text)
    quotes: list[Quote] = []
    for start, end in spans:
        cue = _governing_cue(doc, start, end, tables) or _cue_near(doc, start, end, tables)
        speaker = _speaker_of(cue, phrase_actors) if cue is not None else _previous_speaker(quotes, doc, start)
        quotes.append(
            Quote(
                text=doc.text[start:end],
                start=start,
                end=end,
                direct=True,
                speaker=speaker,
                cue=TextSpan.from_span(cue) if cue is not None else None,
                via=_via(cue, doc, tables) if cue is not None else (),
                rule="attribution/quotes:direct" + (f"+cue:{tables.cues[cue.lemma_.lower()][1]}" if cue is not None else ""),
            )
        )
    quotes.extend(_indirect_quotes(doc, phrase_actors, tables, spans))
    quotes.sort(key=lambda q: q.start)
    return quotes, warnings


def _governing_cue(doc, start: int, end: int, tables: AttributionTables):
    """The reporting verb the quoted words hang from in the parse, outside the quote
    ('stating that Russia would not tolerate NATO troops "under any circumstances"')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    node = span.root
    for _ in range(10):
        if node.head is node:
            return None
        node = node.head
        if not start <= node.idx < end and roles.is_reporting_verb(node, tables.reporting_lemmas):
            return node
    return None


def _cue_near(doc, start: int, end: int, tables: AttributionTables):
    """The reporting verb after the quote (`," he said`) or before it (`He said: "`)."""
    after = doc.char_span(end, min(len(doc.text), end + 80), alignment_mode="expand")
    before = doc.char_span(max(0, start - 80), start, alignment_mode="expand")
    for span, reverse in ((after, False), (before, True)):
        if span is None:
            continue
        tokens = list(span)
        if reverse:
            tokens.reverse()
        for token in tokens[:8]:
            if token.text in OPENING_QUOTES + CLOSING_QUOTES and token.idx not in (end, start - 1):
                break
            if roles.is_reporting_verb(token, tables.reporting_lemmas):
                return token
    return None


def _speaker_of(cue, phrase_actors: PhraseActors) -> Actor | None:
    subject, _ = roles.find_subject(cue)
    if subject is None:
        return None
    return phrase_actors.for_token(subject)


def _previous_speaker(quotes: list[Quote], doc, start: int) -> Actor | None:
    """A quote with no cue of its own continues the previous speaker's words."""
    for quote in reversed(quotes):
        if quote.speaker is not None and start - quote.end < 400:
            return quote.speaker
    return None


def _via(cue, doc, tables: AttributionTables) -> tuple[str, ...]:
    """Outlets a claim passed through: "told Reuters", plus "as reported by Digi24" in the sentence."""
    outlets = []
    for child in cue.children:
        if child.dep_ in ("dative", "dobj") and child.text in tables.outlet_names:
            outlets.append(tables.outlet_names[child.text])
    reported = sentence_outlets(cue.sent, tables)
    return tuple(dict.fromkeys([*reported, *outlets]))


def sentence_outlets(sent, tables: AttributionTables) -> list[str]:
    """Outlets named as the channel of a whole sentence: "As reported by X", "according to X"."""
    outlets = []
    for match in tables.outlet_pattern.finditer(sent.text):
        before = sent.text[max(0, match.start() - 30) : match.start()].lower()
        if re.search(r"(reported by|according to|told|quoted by|cited by|said to|reports?|reported)\s*(the\s+)?$", before):
            outlets.append(tables.outlet_names[match.group(0)])
    return outlets


def _indirect_quotes(doc, phrase_actors: PhraseActors, tables: AttributionTables, direct_spans):
    for token in doc:
        lemma = "according" if token.lower_ == "according" else token.lemma_.lower()
        hit = tables.cues.get(lemma)
        if hit is None:
            continue
        kind, entry = hit
        if lemma == "according":
            content, speaker_token = _according_content(token)
        elif token.pos_ in ("VERB", "AUX") and kind in ("speech", "belief"):
            complement = roles.clausal_complement(token)
            if complement is None or complement.dep_ != "ccomp":
                continue
            content = doc[complement.left_edge.i : complement.right_edge.i + 1]
            subject, _ = roles.find_subject(token)
            speaker_token = subject
        else:
            continue
        if content is None or any(_covered(content, s, e) for s, e in direct_spans):
            continue
        speaker = phrase_actors.for_token(speaker_token) if speaker_token is not None else None
        text = content.text.strip(" ,.\"“”")
        start = content.start_char + content.text.find(text[:20]) if text else content.start_char
        yield Quote(
            text=text,
            start=start,
            end=start + len(text),
            direct=False,
            speaker=speaker,
            cue=TextSpan.from_span(token),
            via=_via(token, doc, tables),
            rule=f"attribution/quotes:indirect+cue:{entry}",
        )


def _covered(content, start: int, end: int) -> bool:
    """Most of the reported clause is inside this direct quote: it is that quote."""
    overlap = min(end, content.end_char) - max(start, content.start_char)
    return overlap > 0.8 * (content.end_char - content.start_char)


def _according_content(token):
    """"According to X, <clause>": the clause is the content, X the speaker."""
    prep = token.head if token.dep_ != "prep" else token
    speaker = None
    for child in prep.children:
        if child.dep_ == "pobj":
            speaker = child
    for descendant in prep.subtree:
        if descendant.dep_ == "pobj" and descendant.head.lower_ == "to":
            speaker = descendant
    clause = prep.head
    if clause is prep:
        return None, speaker
    sent = token.sent
    phrase_end = prep.right_edge.i + 1
    if prep.i < clause.i:
        content = token.doc[phrase_end : sent.end]
    else:
        content = token.doc[sent.start : prep.left_edge.i]
    return content, speaker
