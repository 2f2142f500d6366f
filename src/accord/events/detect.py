"""Event detection: a trigger word from the lexicon, its roles from the parse.

Verbs ("rejected", "would not accept") and eventive nouns ("demands",
"airstrikes") trigger events. The parse gives the source (subject, possessor,
by-agent), the target (object or prepositional object that is an actor) and
the issue (the proposal or demand). Events nested in another event's issue
("refused *to withdraw*", "demands include Ukraine *withdrawing*") are part of
that event, not events of their own.

Each construction has its module (verbal, nominal, reported, compound); candidate
holds what they share and assemble turns candidates into coded events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from accord.actors.phrases import PhraseActors
from accord.events.assemble import drop_nested, merge_duplicates, peacekeeping_as_aid, pledged_harm_as_threats, says_where, to_event
from accord.events.candidate import SOURCE_CONFIDENCE, Candidate, EventContext
from accord.events.compound import joint_exercise_as_cooperation
from accord.events.nominal import noun_candidate, readiness_for_talks
from accord.events.reported import condemning_names, own_harm_foreseen_as_threats, reported_acts_as_accusations, reported_claims
from accord.events.verbal import verb_candidate
from accord.deadline import NO_DEADLINE, Deadline
from accord.model import Event
from accord.nlp import doc_text

NAME_ENTITIES = {"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "EVENT"}


@dataclass(frozen=True, slots=True)
class EventOptions:
    require_source: bool = True
    # Violence and protest are often reported without a perpetrator ("a man was killed in
    # Baragoi", "protests in Kogony"); such an event is kept when its place is named. A
    # victim alone is not enough: news background ("the war has killed 1,000 Palestinians")
    # names victims of acts no one is said to have done.
    sourceless_types: tuple[str, ...] = ("ASSAULT", "COERCE", "PROTEST")
    min_confidence: float = 0.45


def find_events(doc, phrase_actors: PhraseActors, context: EventContext, options: EventOptions = EventOptions(),
                deadline: Deadline = NO_DEADLINE) -> list[Event]:
    """All events in ``doc``; ids are "e1", "e2", ... in text order. Past ``deadline`` it
    raises ArticleTimeout."""
    candidates: list[Candidate] = []
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    for token in _trigger_tokens(doc, context):
        deadline.check()
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
            candidate = verb_candidate(token, phrase_actors, context)
        elif token.pos_ in ("NOUN", "PROPN"):
            candidate = noun_candidate(token, phrase_actors, context)
        else:
            candidate = None
        if candidate is not None:
            candidates.append(joint_exercise_as_cooperation(peacekeeping_as_aid(candidate, context), phrase_actors, context))
    deadline.check()
    candidates.extend(reported_claims(doc, phrase_actors, context))
    candidates.extend(condemning_names(doc, phrase_actors, context))
    candidates.extend(readiness_for_talks(doc, phrase_actors, context))
    candidates = own_harm_foreseen_as_threats(candidates, phrase_actors, context)
    candidates = drop_nested(pledged_harm_as_threats(candidates, context))
    # After nesting: an act a claim word already types ("illegally annexed") is accused there.
    candidates.extend(list(reported_acts_as_accusations(candidates, phrase_actors, context)))

    events: list[Event] = []
    credit_lines = credit_line_starts(doc, context.credit_line_openings)
    for candidate in sorted(candidates, key=lambda c: c.trigger.i):
        if candidate.trigger.sent.start in credit_lines:
            continue  # "Photo Netanyahu says Hamas violating its own cease-fire": a caption
        event = to_event(candidate, context, sentence_index)
        if event is None:
            continue
        # Without a perpetrator only a hand-checked trigger is trusted: PETRARCH's synonym
        # blocks read "irks" or "plagued" as protests.
        if options.require_source and event.source is None and not (
            event.type in options.sourceless_types and event.confidence > SOURCE_CONFIDENCE["events/verbs.tsv"]
            and says_where(candidate.trigger)
        ):
            continue
        if event.confidence < options.min_confidence:
            continue
        events.append(event)
    events = merge_duplicates(events)
    return [replace(e, id=f"e{i}") for i, e in enumerate(events, 1)]


def split_unattributed(events: list[Event]) -> tuple[list[Event], list[Event]]:
    """Events whose acting party has a code, and those whose party has none.

    A record of who did what to whom needs the who: PETRARCH and POLECAT drop an act whose
    source they cannot code, and most such acts are no news event of the article ("they
    agreed" with "they" unresolved, "a bombing" in passing). The uncoded ones stay in the
    record apart, for review and for where-and-what questions: an incident of unknown
    perpetrator still has a type and a place."""
    attributed = [e for e in events if e.source is not None and e.source.code]
    unattributed = [e for e in events if e.source is None or not e.source.code]
    return attributed, unattributed


def credit_line_starts(doc, openings: tuple[str, ...]) -> set[int]:
    """The first tokens of the sentences that belong to a credit line or caption. Such a line
    is one line of the text, which the parser may cut in sentences ("FILE PHOTO - | U.S.
    President Donald Trump speaks ..."): each is read from its line's start."""
    text = doc_text(doc)
    # A caption may also follow the story's last sentence on its line ("... in the past. | AP
    # Photo Netanyahu says ..."), so the sentence is read from its own start too.
    return {sent.start for sent in doc.sents
            if _is_credit_line(text[text.rfind("\n", 0, sent.start_char) + 1:sent.end_char], openings)
            or _is_credit_line(text[sent.start_char:sent.end_char], openings)}


def _trigger_tokens(doc, context: EventContext):
    lemmas = context.lexicon.trigger_lemmas
    for token in doc:
        if token.pos_ == "PROPN" and token.ent_type_ in NAME_ENTITIES:
            continue  # "Amnesty International" and "Operation Protective Edge" name, not act
        if token.lemma_.lower() in lemmas or token.lower_ in lemmas:
            yield token


def _is_credit_line(sentence: str, openings: tuple[str, ...]) -> bool:
    """"— With assistance by Chelsea Mes", "Reporting by ...; Editing by ...", "FILE PHOTO -
    ...": who made the story or the page around it, not what happened. An opening is a whole
    word ("Photo Netanyahu says ...", not "Photographs show ...")."""
    text = sentence.lstrip(" \n\t-—–•*").lower()
    return any(text.startswith(opening) and not text[len(opening):len(opening) + 1].isalpha() for opening in openings)
