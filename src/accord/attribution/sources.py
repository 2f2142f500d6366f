"""Who the article cites (outlets, named speakers, anonymous sources, documents) and
through which outlets each claim reached it (the ``via`` chain)."""

from __future__ import annotations

import re
from dataclasses import replace

from accord.attribution.speakers import UNRESOLVED_RULE
from accord.attribution.tables import AttributionTables
from accord.model import Actor, Quote, Source

# "(Reuters) -" after a dateline: the story as a whole came through that agency.
WIRE_CREDIT = re.compile(r"^[^\n]{0,80}?\(([^()\n]{2,40})\)\s*(?:--|[-–—])")
# A short paragraph that credits the story: "Source: Digi24", "As reported by Digi24."
CREDIT_LINE = re.compile(r"^\W*(?:source|via|as reported by|reported by|according to|reporting by|"
                         r"(?:this (?:story|article) was )?(?:first |originally )?published by)\s*:?\s*(.+?)\W*$",
                         re.IGNORECASE)
# Words before an outlet that make it the channel of its sentence.
CHANNEL_BEFORE = re.compile(r"(reported by|according to|told|quoted by|cited by|said to|reports? (?:by|from|in)|"
                            r"reported|report by|in an interview with|speaking to|in comments to)\s*(the\s+)?$",
                            re.IGNORECASE)
CHANNEL_AFTER = re.compile(r"^\s*(reported|reports|said|says|quoted|cited)\b")
# How far into the text the lead sentence that can credit the whole story may start.
LEAD_CHARS = 600
# Descriptions that point back to a cited source instead of naming a new one.
ANAPHORIC = re.compile(r"^(the|that|this|these|those|such)\s", re.IGNORECASE)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


def article_credit(doc, tables: AttributionTables) -> tuple[str, ...]:
    """Outlets the whole story came through: a wire credit ("MOSCOW (Reuters) -"), a
    credit line ("Source: Digi24"), or an outlet that frames the lead sentence
    ("As reported by Digi24, ...")."""
    text = doc.text
    outlets = []
    wire = WIRE_CREDIT.match(text)
    if wire and wire.group(1) in tables.outlet_names:
        outlets.append(tables.outlet_names[wire.group(1)])
    for paragraph in text.split("\n"):
        credit = CREDIT_LINE.match(paragraph) if len(paragraph.split()) <= 8 else None
        if credit and credit.group(1) in tables.outlet_names:
            outlets.append(tables.outlet_names[credit.group(1)])
    lead = next((s for s in doc.sents if len(s) > 6), None)
    if lead is not None and lead.start_char < LEAD_CHARS:
        outlets.extend(sentence_outlets(lead.text, tables))
    return tuple(dict.fromkeys(outlets))


def sentence_outlets(sentence: str, tables: AttributionTables) -> list[str]:
    """Outlets named as the channel of a sentence: "as reported by X", "X reported"."""
    outlets = []
    for match in tables.outlet_pattern.finditer(sentence):
        before = sentence[max(0, match.start() - 30) : match.start()]
        if CHANNEL_BEFORE.search(before) or CHANNEL_AFTER.match(sentence[match.end():]):
            outlets.append(tables.outlet_names[match.group(0)])
    return outlets


def claim_channel(doc, cue, tables: AttributionTables, position: int | None = None,
                  credit: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The outlets a claim passed through, outermost first: the article's credit, then
    outlets framing its sentence, then the outlet its speaker spoke to ("told Reuters")."""
    if cue is not None:
        sent = cue.sent
    else:
        span = doc.char_span(position, position, alignment_mode="expand") if position is not None else None
        token = doc[span.start] if span is not None and span.start < len(doc) else None
        if token is None:
            return credit
        sent = token.sent
    outlets = list(credit) + sentence_outlets(sent.text, tables)
    if cue is not None:
        for child in cue.children:
            if child.dep_ in ("dative", "dobj", "prep") and child.text in tables.outlet_names:
                outlets.append(tables.outlet_names[child.text])
    return tuple(dict.fromkeys(outlets))


def find_sources(doc, quotes: list[Quote], mentions: list[Actor], tables: AttributionTables) -> list[Source]:
    """Each cited source once. A speaker written as a pronoun or a description ("the
    source", "the minister") that resolved to an earlier source is that source."""
    sources: dict[tuple, Source] = {}
    for match in tables.outlet_pattern.finditer(doc.text):
        name = tables.outlet_names[match.group(0)]
        sources.setdefault(("outlet", name), Source(match.group(0), "outlet", name, None, "JRN", match.start(), match.end()))
    for mention in mentions:
        if mention.anonymous and not ANAPHORIC.match(mention.text):
            sources.setdefault(("anonymous", mention.start), _source(mention, "anonymous"))
    for quote in sorted(quotes, key=lambda q: q.speaker.start if q.speaker and q.speaker.start is not None else q.start):
        speaker = quote.speaker
        if speaker is None or speaker.start is None:
            continue
        for document in _documents_cited(doc, quote, tables):
            sources.setdefault(("document", document.start_char), Source(
                document.text, "document", None, speaker.code, speaker.sector, document.start_char, document.end_char))
        if speaker.antecedent is not None:
            # "the source", "he": the source is the earlier mention the words point back to.
            anchor = speaker.antecedent
            speaker = replace(speaker, text=anchor.text, start=anchor.start, end=anchor.end)
        written = speaker.text.lower()
        refers_back = written in PRONOUNS or ANAPHORIC.match(speaker.text) is not None
        if speaker.rule == UNRESOLVED_RULE:
            head = written.split()[-1] if written.split() else ""
            if head in tables.documents or head.rstrip("s") in tables.documents:
                sources.setdefault(("document", written), _source(speaker, "document"))
        elif speaker.anonymous:
            if refers_back and _earlier_same(sources.values(), speaker):
                continue
            sources.setdefault(("anonymous", speaker.start), _source(speaker, "anonymous"))
        elif speaker.name and not refers_back:
            sources.setdefault(("named", speaker.name), _source(speaker, "named"))
        elif speaker.name and not any(s.name == speaker.name for s in sources.values()):
            sources.setdefault(("named", speaker.name), _source(speaker, "named"))
    return sorted(sources.values(), key=lambda s: (s.start is None, s.start))


def _documents_cited(doc, quote: Quote, tables: AttributionTables):
    """"said in a statement", "wrote in a letter": the document the cue names."""
    if quote.cue is None:
        return []
    cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if cue is None:
        return []
    found = []
    for child in cue.root.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for noun in child.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in tables.documents:
                    found.append(doc[noun.left_edge.i : noun.i + 1])
    return found


def _earlier_same(sources, speaker: Actor) -> bool:
    return any(s.kind == "anonymous" and s.code == speaker.code and s.sector == speaker.sector
               and s.start is not None and s.start < speaker.start for s in sources)


def _source(actor: Actor, kind: str) -> Source:
    return Source(actor.text, kind, actor.name, actor.code, actor.sector, actor.start, actor.end)
