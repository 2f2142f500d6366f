"""Reported clauses: "X said (that) ...", "according to X, ...", "X warned ...", "X wants to ..."."""

from __future__ import annotations

from collections.abc import Iterator

from accord.actors.phrases import PhraseActors
from accord.attribution.sources import claim_channel, find_outlets
from accord.attribution.speakers import speaker_of, speaker_token
from accord.attribution.tables import CLAIM_KINDS, AttributionTables
from accord.model import Quote, TextSpan

# A reported claim ("warned that Russia would respond") and an aim or demand ("urged Iran
# to stop", "wants to win"): events inside a claim are attributed to its speaker.
INDIRECT_RULE = "attribution/quotes:indirect"
AIM_RULE = "attribution/quotes:aim"
# Which complements of a cue hold the claim, by cue kind.
CLAUSE_DEPS = {"ccomp"}
OPEN_DEPS = {"ccomp", "xcomp"}
OBJECT_DEPS = {"dobj", "oprd"}
CONTENT_PREPS = {"for", "on", "about", "against", "of", "to"}
CUE_MODIFIER_DEPS = {"aux", "auxpass", "neg"}
# Speech verbs whose noun object is the words or the addressee, never the claim ("said it",
# "told reporters", "wrote a letter").
BARE_SPEECH = frozenset({"say", "tell", "add", "write", "reply", "respond", "answer", "post", "tweet",
                         "comment", "remark", "testify", "joke", "assure", "remind", "counter"})
ADDRESSEE_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# The rule of a direct quote whose cue is an aside in the clause holding it: that cue
# reports the clause as well.
ASIDE_IN_CLAUSE = "+aside:"
# What someone does when an outlet reports it and only relays their words.
RELAYED_KINDS = frozenset({"speech", "belief", "act", "verdict"})
# A reported clause this much inside a direct quote is that quote, not a claim of its own.
COVERED_SHARE = 0.8


def find_reported_clauses(doc, phrase_actors: PhraseActors, tables: AttributionTables, direct: list[Quote],
                          credit: tuple[str, ...] = ()) -> Iterator[Quote]:
    """Claims reported without quotation marks. ``direct`` are the quotes already found:
    a clause they cover, or an aside cue (`," they said, "`) that introduces one, is theirs."""
    direct_spans = [(q.start, q.end) for q in direct]
    quoting_cues = {q.cue.start for q in direct if q.cue is not None and ASIDE_IN_CLAUSE not in (q.rule or "")}
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            content, speaker_at = _framed_clause(token, _according_speaker(token))
            cue = TextSpan.from_span(doc[token.i : token.i + 2])
            entry = tables.cues["according"][1]
        elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in tables.cues:
            kind, entry = tables.cues[token.lemma_.lower()]
            if kind == "narration":
                continue
            if _is_as_reported(token):
                content, speaker_at = _framed_clause(token, speaker_token(token))
            else:
                content, speaker_at = _complement(token, kind, token.idx in quoting_cues), speaker_token(token)
            cue = _cue_span(token, content)
        else:
            continue
        if content is None or speaker_at is None or any(_covered(content, s, e) for s, e in direct_spans):
            continue
        speaker_at = _relayed_speaker(speaker_at, content, tables) or speaker_at
        speaker = speaker_of(speaker_at, phrase_actors)
        if speaker is None:
            continue
        text = content.text.strip(" ,.;:\"“”\n")
        if len(text) < 2:
            continue
        start = content.start_char + content.text.find(text)
        claim = entry.split(".", 1)[0] in CLAIM_KINDS or any(
            c.dep_ == "ccomp" and content.start <= c.i < content.end for c in token.children)
        yield Quote(text, start, start + len(text), False, speaker, cue, claim_channel(doc, token, tables, credit=credit),
                    f"{INDIRECT_RULE if claim else AIM_RULE}+cue:{entry}")


def _relayed_speaker(speaker_at, content, tables: AttributionTables):
    """"Ryabkov called Trump's remarks "extremely negative", RIA reported": an outlet
    reporting what someone said relays it; the claim is the speaker's (the outlet stays in
    the via)."""
    start = speaker_at.sent.start_char
    named = (speaker_at.left_edge.idx, speaker_at.idx + len(speaker_at))  # "RIA state news agency"
    if not any(named[0] <= start + o.start < named[1] for o in find_outlets(speaker_at.sent.text, tables)):
        return None
    said = content.root
    if said.lemma_.lower() not in tables.cues or tables.cues[said.lemma_.lower()][0] not in RELAYED_KINDS:
        return None
    return speaker_token(said)


def _is_content_noun(token) -> bool:
    """"announced the arrest", "proposed new drones": an object that is a matter, not a
    person or party spoken to."""
    return token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ADDRESSEE_ENTITIES


def _complement(cue, kind: str, quotes_directly: bool = False):
    """The span of the cue's complements that state the claim, on one side of the cue."""
    deps = CLAUSE_DEPS if kind in ("speech", "belief", "according") else OPEN_DEPS
    parts = [c for c in cue.children if c.dep_ in deps]
    if not parts and kind in ("speech", "belief") and cue.dep_ == "parataxis" and not quotes_directly:
        return _around_aside(cue)
    objects = [c for c in cue.children if c.dep_ in OBJECT_DEPS]
    if kind == "speech" and not parts and cue.lemma_.lower() not in BARE_SPEECH:
        parts += [c for c in objects if _is_content_noun(c)]
    if kind not in ("speech", "belief", "according"):
        if objects and (kind in ("verdict", "evidence") or parts or any(c.dep_ == "oprd" for c in objects)
                        or all(_is_content_noun(c) for c in objects)):
            parts += objects
        parts += [c for c in cue.children if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS and any(
            g.dep_ in ("pobj", "pcomp") for g in c.children)]
    if not parts:
        return None
    after = [c for c in parts if c.i > cue.i]
    before = [c for c in parts if c.i < cue.i]
    side = after if after else before
    start = min(c.left_edge.i for c in side)
    end = max(c.right_edge.i for c in side) + 1
    if start <= cue.i < end:
        return None
    return cue.doc[start:end]


def _around_aside(cue):
    """"Acts of protest, Mr. Obama said, are acts of patriotism": the clause the
    parenthetical cue interrupts, from its first to its last word."""
    head = cue.head
    return cue.doc[head.left_edge.i : head.right_edge.i + 1]


def _cue_span(cue, content) -> TextSpan:
    """The cue with its auxiliaries and negation ("has said", "did not respond") and the
    particle or preposition that opens the claim ("called for")."""
    doc = cue.doc
    start = min([cue.i] + [c.i for c in cue.children if c.dep_ in CUE_MODIFIER_DEPS and c.i < cue.i])
    end = cue.i + 1
    for child in cue.children:
        if child.i == end and (child.dep_ == "prt" or (child.dep_ == "prep" and content is not None
                                                       and child.i == content.start)):
            end += 1
    return TextSpan.from_span(doc[start:end])


def _is_as_reported(token) -> bool:
    """"As reported by Digi24, ...", "as Reuters reported": the phrase frames its clause."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)


def _according_speaker(token):
    prep = token.head if token.dep_ != "prep" else token
    speaker = None
    for descendant in prep.subtree:
        if descendant.dep_ == "pobj" and descendant.head.lower_ == "to":
            speaker = descendant
            break
    return speaker


def _framed_clause(token, speaker):
    """The clause an "according to X" or "as reported by X" phrase frames: the rest of
    its sentence, on the side away from the phrase."""
    phrase = token.head if token.lower_ == "according" and token.dep_ != "prep" else token
    if phrase.head is phrase:
        return None, speaker
    sent = token.sent
    left, right = phrase.left_edge.i, phrase.right_edge.i + 1
    if left - sent.start >= sent.end - right:
        return token.doc[sent.start:left], speaker
    return token.doc[right:sent.end], speaker


def _covered(content, start: int, end: int) -> bool:
    overlap = min(end, content.end_char) - max(start, content.start_char)
    return overlap > COVERED_SHARE * (content.end_char - content.start_char)
