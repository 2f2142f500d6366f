"""Who the article cites (outlets, named speakers, anonymous sources, documents) and
through which outlets each claim reached it (the ``via`` chain)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Token

from accord.attribution.speakers import UNRESOLVED_RULE, speaker_token
from accord.attribution.tables import AttributionTables
from accord.model import Actor, Quote, Source
from accord.nlp import doc_text

# "(Reuters) -" after a dateline: the story as a whole came through that agency.
WIRE_CREDIT = re.compile(r"^[^\n]{0,80}?\(([^()\n]{2,40})\)\s*(?:--|[-–—])")
# A short paragraph that credits the story: "Source: Digi24", "As reported by Digi24."
CREDIT_LINE = re.compile(r"^\W*(?:source|via|as reported by|reported by|according to|reporting by|"
                         r"(?:this (?:story|article) was )?(?:first |originally )?published by)\s*:?\s*(.+?)\W*$",
                         re.IGNORECASE)
# Words between a channel phrase and the outlet's name that describe the outlet
# ("according to Iran's state-run IRNA", "told the official news agency").
OUTLET_DESCRIPTION = (r"(?:(?:the|a|an|[A-Z][\w-]*'s|state|state-run|state-owned|official|semi-official|"
                      r"government|government-run|national|public|private|independent|news|agency|newspaper|"
                      r"television|TV|radio|broadcaster|channel|network|station|daily|weekly|tabloid|website|"
                      r"outlet)\s+){0,4}")
# Words before an outlet that make it the channel of its sentence.
CHANNEL_BEFORE = re.compile(r"(reported by|according to|told|quoted by|cited by|said to|reports? (?:by|from|in)|"
                            r"reported|report by|in an interview with|speaking to|in comments to|"
                            r"interview (?:on|in)|broadcast (?:on|by)|carried by|published by|"
                            r"interviews? with|asked by|"
                            r"(?:said|says|told|speaking|appearing|comments|remarks|wrote|writes|writing|op-ed|column|"
                            r"article|editorial)\b[^.;\"“”]{0,20}\b(?:on|in|to))"
                            r"\s*" + OUTLET_DESCRIPTION + "$", re.IGNORECASE)
# A sentence that opens on its outlet: "On national TV network Channel 1, Putin said ...".
OPENING_CHANNEL = re.compile(r"^\W*(?:on|in)\s+" + OUTLET_DESCRIPTION + "$", re.IGNORECASE)
# Words after an outlet that make it the channel of its sentence ("Yonhap news agency
# said", "RIA state news agency reported", "a Fox News report", "in a CNN interview").
CHANNEL_AFTER = re.compile(r"^(?:'s)?\s*(?:(?:state|state-run|official|news|agency|newspaper|television|TV|radio)\s+){0,3}"
                           r"(reported|reports?|said|says|quoted|cited|carried|broadcast|published|interview)\b",
                           re.IGNORECASE)
# How far before an outlet its channel phrase may start.
CHANNEL_CHARS = 60
# Characters of a credit around its outlet's name ("The", a full stop) that still leave it just that outlet.
CREDIT_SLACK = 4
# How far into the text the lead sentence that can credit the whole story may start.
LEAD_CHARS = 600
# Descriptions that point back to a cited source instead of naming a new one.
ANAPHORIC = re.compile(r"^(the|that|this|these|those|such)\s", re.IGNORECASE)
DEFINITE = re.compile(r"^the\s+", re.IGNORECASE)
# Children of a cue that belong to the citing words: auxiliaries, the addressee, the
# medium and the time of the telling ("told reporters", "in a statement", "on Sunday").
CITING_DEPS = frozenset({"aux", "auxpass", "neg", "dative", "dobj", "prep", "npadvmod", "advmod", "agent", "mark", "prt"})
# An object longer than this is what was said ("tweeted an image of ..."), not to whom.
ADDRESSEE_TOKENS = 4
# The longest "speaker ... cue" aside the citing words of a claim that holds it can be.
ASIDE_CHARS = 80
# Clauses of the telling itself ("speaking on condition of anonymity", "briefing reporters").
TELLING_VERBS = frozenset({"speak", "talk", "brief", "address", "appear", "testify"})
CITING_EDGES = " ,;:\"“”'‘’\n"
CUE_KIND = re.compile(r"\+cue:(\w+)\.")
# Prepositions that name who issued a document ("a statement from the ministry", "issued by X").
ISSUING_PREPS = frozenset({"from", "by"})
# Cue kinds only people use: saying, believing, judging ("analysts expressed alarm").
VOICING_KINDS = frozenset({"speech", "belief", "according", "verdict"})
INDEFINITE = frozenset({"a", "an", "one", "some", "several", "two", "three", "many", "few", "other", "another"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


class OutletMention(NamedTuple):
    start: int
    end: int
    written: str  # as the article names it, without a leading "the": what a via chain shows
    name: str  # the outlet table's name; the written form for an outlet known only by its form


def find_outlets(text: str, tables: AttributionTables) -> list[OutletMention]:
    """Outlets named in ``text``: table names and aliases, then names known by their form
    ("Palestine TV", "state media"). A form around a table name is that outlet written
    in full ("Yonhap News Agency") when capitalised, a description of it otherwise ("the
    IRNA news agency", "RIA state news agency")."""
    listed = [OutletMention(m.start(), m.end(), m.group(0), tables.outlet_names[m.group(0)])
              for m in tables.outlet_pattern.finditer(text)]
    found = list(listed)
    for match in tables.outlet_form_pattern.finditer(text):
        start, end = match.start(), match.end()
        near = [o for o in listed if o.start <= end + 1 and start <= o.end + 1]
        if not near:
            found.append(OutletMention(start, end, match.group(0), match.group(0)))
        elif (len(near) == 1 and start <= near[0].start and near[0].end <= end
              and match.group(0).split()[-1][0].isupper()):
            found[found.index(near[0])] = near[0]._replace(start=start, end=end, written=match.group(0))
    return sorted((_without_article(o) for o in found), key=lambda o: o.start)


def _without_article(outlet: OutletMention) -> OutletMention:
    article = DEFINITE.match(outlet.written)
    if article is None:
        return outlet
    return outlet._replace(start=outlet.start + article.end(), written=outlet.written[article.end():])


def _whole_outlet(text: str, tables: AttributionTables) -> str | None:
    """The outlet a credit names, when the credit is just that outlet ("Reuters", "The Associated Press.")."""
    outlets = find_outlets(text, tables)
    if len(outlets) != 1 or outlets[0].end - outlets[0].start < len(text.strip()) - CREDIT_SLACK:
        return None
    return outlets[0].written


def article_credit(doc, tables: AttributionTables) -> tuple[str, ...]:
    """Outlets the whole story came through: a wire credit ("MOSCOW (Reuters) -"), a
    credit line ("Source: Digi24"), or an outlet that frames the lead sentence
    ("As reported by Digi24, ...")."""
    text = doc_text(doc)
    credits = []
    wire = WIRE_CREDIT.match(text)
    if wire:
        credits.append(wire.group(1))
    for paragraph in text.split("\n"):
        credit = CREDIT_LINE.match(paragraph) if len(paragraph.split()) <= 8 else None
        if credit:
            credits.append(credit.group(1))
    outlets = [o for o in (_whole_outlet(c, tables) for c in credits) if o is not None]
    lead = next((s for s in doc.sents if len(s) > 6), None)
    if lead is not None and lead.start_char < LEAD_CHARS:
        outlets.extend(o.written for o in sentence_outlets(lead.text, tables))
    return tuple(dict.fromkeys(outlets))


def sentence_outlets(sentence: str, tables: AttributionTables) -> list[OutletMention]:
    """Outlets named as the channel of a sentence: "as reported by X", "X reported", "On
    national TV network X, ..." (offsets within ``sentence``)."""
    outlets = []
    for outlet in find_outlets(sentence, tables):
        before = sentence[max(0, outlet.start - CHANNEL_CHARS) : outlet.start]
        if (CHANNEL_BEFORE.search(before) or CHANNEL_AFTER.match(sentence[outlet.end:])
                or (outlet.start <= CHANNEL_CHARS and OPENING_CHANNEL.match(before))):
            outlets.append(outlet)
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
    named = sentence_outlets(sent.text, tables)
    outlets = list(credit) + [o.written for o in named]
    if cue is not None:
        addressed = [c for c in cue.children if c.dep_ in ("dative", "dobj", "prep")]
        speaker = speaker_token(cue)
        # An outlet that speaks ("the Global Times, a tabloid run by ..., said") is the
        # channel too: its name up to the noun, not what follows it.
        speaking = (speaker.left_edge.idx, speaker.idx + len(speaker)) if speaker is not None else (-1, -1)
        for outlet in find_outlets(sent.text, tables):
            start = sent.start_char + outlet.start
            if (any(c.left_edge.idx <= start < c.right_edge.idx + len(c.right_edge) for c in addressed)
                    or speaking[0] <= start < speaking[1]):
                outlets.append(outlet.written)
    return tuple(dict.fromkeys(outlets))


def find_sources(doc, quotes: list[Quote], mentions: list[Actor], tables: AttributionTables) -> list[Source]:
    """Each cited source once. A speaker written as a pronoun or a description ("the
    source", "the minister") that resolved to an earlier source is that source."""
    sources: dict[tuple, Source] = {}
    for outlet in find_outlets(doc_text(doc), tables):
        sources.setdefault(("outlet", outlet.name), Source(outlet.written, "outlet", outlet.name, None, "JRN",
                                                           outlet.start, outlet.end))
    for mention in mentions:
        if mention.anonymous and not ANAPHORIC.match(mention.text):
            sources.setdefault(("anonymous", mention.start), _source(mention, "anonymous"))
    for quote in sorted(quotes, key=lambda q: q.speaker.start if q.speaker and q.speaker.start is not None else q.start):
        speaker = quote.speaker
        if speaker is None or speaker.start is None:
            continue
        citing = _citing_phrase(doc, quote)
        for document in _documents_cited(doc, quote, tables):
            start, end = _covering((document.start_char, document.end_char), citing)
            sources.setdefault(("document", document.start_char), Source(
                doc_text(doc)[start:end], "document", _document_name(document, tables, speaker), speaker.code,
                speaker.sector, start, end))
        if speaker.antecedent is not None:
            # "the source", "he": the source is the earlier mention the words point back to.
            anchor = speaker.antecedent
            speaker = replace(speaker, text=anchor.text, start=anchor.start, end=anchor.end)
            citing = None
        written = speaker.text.lower()
        refers_back = written in PRONOUNS or ANAPHORIC.match(speaker.text) is not None
        if _is_document(doc, quote, speaker, tables):
            said = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
            document = replace(_source(speaker, "document"), name=_document_name(said, tables) if said else None)
            if said is not None and _issuer_inside(doc, quote, said, tables):
                document = replace(document, name=DEFINITE.sub("", speaker.text))
            cited = _cited_as(document, citing, doc)
            sources.setdefault(("document", cited.start), cited)
        elif speaker.anonymous or (speaker.name is None and not refers_back and _unnamed_someone(doc, quote, speaker)):
            if refers_back and _earlier_same(sources.values(), speaker):
                continue
            key = ("anonymous", speaker.start)
            known = sources.get(key)
            if known is None or (known.start, known.end) == (speaker.start, speaker.end):
                sources[key] = _cited_as(known or _source(speaker, "anonymous"), citing, doc)
        elif speaker.rule == UNRESOLVED_RULE:
            continue
        elif speaker.name and not refers_back:
            sources.setdefault(("named", speaker.name), _source(speaker, "named"))
        elif speaker.name and not any(s.name == speaker.name for s in sources.values()):
            sources.setdefault(("named", speaker.name), _source(speaker, "named"))
    return sorted(sources.values(), key=lambda s: (s.start is None, s.start))


def _cue_and_subject(doc, quote: Quote):
    """The quote's cue in the parse (its head token) and who speaks through it; None for
    either that is not there."""
    cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand") if quote.cue is not None else None
    if cue is None:
        return None, None
    return cue.root, speaker_token(cue.root)


def _unnamed_someone(doc, quote: Quote, speaker: Actor) -> bool:
    """"A senior U.S. military official told", "Russian experts say", "some analysts
    believe": people the article describes without naming, as an indefinite or plural
    common noun that says, believes or judges something (not "an agreement calling for",
    "exercises suspended to show"), as the cue's own subject."""
    span = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if span is None or span.root.pos_ != "NOUN" or span.root.ent_type_:
        return False
    cue_kind = CUE_KIND.search(quote.rule or "")
    if cue_kind is None or cue_kind.group(1) not in VOICING_KINDS:
        return False
    cue, subject = _cue_and_subject(doc, quote)
    if subject is None or not span.start <= subject.i < span.end or subject.head != cue:
        return False  # the cue's own subject, not one borrowed from the clause it hangs from
    return span.root.tag_ == "NNS" or span[0].lower_ in INDEFINITE


def _document_name(span, tables: AttributionTables, issuer: Actor | None = None) -> str | None:
    """What a cited document is known by: a platform by its name ("Twitter" in "said on
    Twitter"), a text by who issued it ("U.S. mission" in "the U.S. mission said in a
    statement") or, with no issuer, by its own words ("claims of responsibility", "video
    message")."""
    noun = next((t for t in span if t.lemma_.lower() in tables.documents), None)
    if noun is None:
        return None
    if noun.lemma_.lower() in tables.platforms:
        return noun.text
    if issuer is not None and issuer.text.lower() not in PRONOUNS:
        return DEFINITE.sub("", issuer.text)
    named = next((t for t in noun.subtree if t.dep_ == "pobj" and t.pos_ == "PROPN"
                  and t.head.lower_ in ISSUING_PREPS and t.head.head.i in (noun.i, *[c.i for c in noun.children])), None)
    if named is not None:
        # "A statement from Egypt's Foreign Ministry", "a statement issued by Haniyeh"
        return noun.doc[named.left_edge.i : named.i + 1].text
    compounds = [c for c in noun.lefts if c.dep_ == "compound"]
    of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    start = compounds[0].left_edge.i if compounds else noun.i
    end = of.right_edge.i + 1 if of is not None else noun.i + 1
    return noun.doc[start:end].text


def _issuer_inside(doc, quote: Quote, said, tables: AttributionTables) -> bool:
    """The speaker written is the issuer inside a document's noun phrase ("A statement
    from Egypt's Foreign Ministry said"), not the document itself."""
    _, subject = _cue_and_subject(doc, quote)
    return subject is not None and subject.lemma_.lower() in tables.documents and not said.start <= subject.i < said.end


def _is_document(doc, quote: Quote, speaker: Actor, tables: AttributionTables) -> bool:
    """"A White House statement said", "the poll found", "A statement from the ministry
    said": the speaker, or the noun its actor hangs from, names a document."""
    said = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if said is not None and said.root.pos_ == "PROPN":
        return False  # "the Washington Post reports": a name, not a post
    words = speaker.text.lower().split()
    if words and (words[-1] in tables.documents or words[-1].rstrip("s") in tables.documents):
        return True
    _, subject = _cue_and_subject(doc, quote)
    return (subject is not None and subject.lemma_.lower() in tables.documents
            and subject.left_edge.idx <= speaker.start < subject.right_edge.idx + len(subject.right_edge))


def _citing_phrase(doc, quote: Quote) -> tuple[int, int] | None:
    """The words that cite a claim's source: the speaker with its modifiers, the cue and
    what the cue says of the telling (to whom, in what, when), never the claim itself:
    "Hamas said in a statement Sunday", "said one European diplomat, speaking on condition
    of anonymity", "according to the unnamed official", "as some officials have suggested"."""
    if quote.cue is None or quote.speaker is None or quote.speaker.start is None:
        return None
    cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    said = doc.char_span(quote.speaker.start, quote.speaker.end, alignment_mode="expand")
    if cue is None or said is None:
        return None
    claim = (quote.start, quote.end)
    speaker = said.root if said.root.dep_ in ("nsubj", "nsubjpass", "pobj") else said
    if _overlaps((cue.start_char, cue.end_char), claim):
        # An aside inside the claim it reports ("That could include ..., one official said, as well as ..."):
        # the speaker and the cue alone.
        start, end = min(said.start_char, cue.start_char), max(said.end_char, cue.end_char)
        return (start, end) if end - start <= ASIDE_CHARS else None
    parts = [(cue.start_char, cue.end_char)]
    parts += [p for p in (_extent(speaker), _extent(said)) if not _overlaps(p, claim)][:1]
    parts += [_extent(c) for c in cue.root.children
              if (c.dep_ in CITING_DEPS or (c.dep_ == "advcl" and c.lemma_.lower() in TELLING_VERBS))
              and not (c.dep_ == "dobj" and len(list(c.subtree)) > ADDRESSEE_TOKENS)
              and not _overlaps(_extent(c), claim)]
    start, end = min(p[0] for p in parts), max(p[1] for p in parts)
    if start < claim[0] and claim[1] < end:
        start, end = (start, claim[0]) if cue.start_char < claim[0] else (claim[1], end)
    text = doc_text(doc)[start:end]
    stripped = text.strip(CITING_EDGES)
    start += len(text) - len(text.lstrip(CITING_EDGES))
    return start, start + len(stripped)


def _extent(tokens) -> tuple[int, int]:
    """Character span of a token's subtree, or of a span."""
    if isinstance(tokens, Token):
        first, last = tokens.left_edge, tokens.right_edge
    else:
        first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last)


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _covering(span: tuple[int, int], citing: tuple[int, int] | None) -> tuple[int, int]:
    if citing is None or not (citing[0] <= span[0] and span[1] <= citing[1]):
        return span
    return citing


def _cited_as(source: Source, citing: tuple[int, int] | None, doc) -> Source:
    """The source with the phrase that cites it as its span, where that phrase holds it."""
    start, end = _covering((source.start, source.end), citing)
    return replace(source, text=doc_text(doc)[start:end], start=start, end=end)


def _documents_cited(doc, quote: Quote, tables: AttributionTables):
    """"said in a statement", "wrote in a letter", "said on Twitter": the document or
    medium the cue names."""
    cue, _ = _cue_and_subject(doc, quote)
    if cue is None:
        return []
    found = []
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on"):
            for noun in child.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in tables.documents:
                    found.append(doc[noun.left_edge.i : noun.i + 1])
    return found


def _earlier_same(sources, speaker: Actor) -> bool:
    return any(s.kind == "anonymous" and s.code == speaker.code and s.sector == speaker.sector
               and s.start is not None and s.start < speaker.start for s in sources)


def _source(actor: Actor, kind: str) -> Source:
    return Source(actor.text, kind, actor.name, actor.code, actor.sector, actor.start, actor.end)
