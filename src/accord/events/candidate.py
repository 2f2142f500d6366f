"""What the event constructions share: the stage tables, a candidate event before it is
checked and coded, how far each lexicon file is trusted, and the lemma views of a phrase
that the lexicon is looked up with."""

from __future__ import annotations

from dataclasses import dataclass, replace

from accord.actors.phrases import PhraseActors, partitive_members
from accord.events import roles
from accord.events.claims import CLAIMS_FILE
from accord.events.lexicon import LexEntry
from accord.events.parties import SUPPORT_VERB_DEPS, is_actor_head
from accord.model import Actor

ISSUE_PREPS = {"for", "on", "over", "to", "about", "of", "against"}

# Types whose act is said (a demand, a proposal, an accusation) and so can have content.
SPOKEN_TYPES = {"REQUEST", "AGREE", "REJECT", "ACCUSE", "THREATEN", "SUPPORT", "CONSULT", "CONCEDE"}

# Verbs that give something a name: "called Trump's policy dangerous", "described the
# sanctions as hostile", "branded the vote illegal".
NAMING_LEMMAS = {"call", "describe", "label", "brand", "term", "dub", "deem"}

# How far a lexicon file is trusted: curated rows were checked by hand; PETRARCH verb
# defaults code whole synonym blocks ("signal", "plan", "help", "join" as AGREE, AID,
# CONSULT) and in news articles are right about one time in five, under the default
# min_confidence: such a verb alone codes no event, and the classifier judges its pair.
CURATED_VERBS = "events/curated_verbs.tsv"
PETRARCH_VERBS = "events/verbs.tsv"
SOURCE_CONFIDENCE = {
    CURATED_VERBS: 0.8,
    "events/nouns.tsv": 0.7,
    "events/verb_patterns.tsv": 0.65,
    PETRARCH_VERBS: 0.4,
    CLAIMS_FILE: 0.6,
}
USER_ENTRY_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class EventContext:
    """What event detection reads besides the Doc: the stage tables, loaded once."""

    lexicon: object
    issues: object
    modality_cues: dict
    claim_cues: dict
    reporting_lemmas: frozenset
    credit_line_openings: tuple[str, ...] = ()


@dataclass(slots=True)
class Candidate:
    trigger: object  # spaCy Token
    entry: object  # LexEntry
    source: Actor | None
    target: Actor | None
    issue_span: object | None  # spaCy Span
    rule_suffix: str = ""
    modality_token: object | None = None
    # Token range whose triggers this event absorbs, when narrower than the issue: a claim
    # absorbs only the act it qualifies ("illegally annexed"), not every event it reports.
    absorbs: tuple[int, int] | None = None
    # A noun another verb acts on ("withdrew from the deal"): no event of its own, but the
    # party it names may still be the target of the event it is nested in.
    background: bool = False


def giving_actor(verb, phrase_actors: PhraseActors) -> Actor | None:
    token = roles.giver(verb)
    return phrase_actors.for_token(token) if token is not None and is_actor_head(token) else None


def carrying_verb(trigger):
    """The verb whose object an eventive noun is ("announced *the deployment*"), else the trigger."""
    return trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in SUPPORT_VERB_DEPS else trigger


def recoded(entry: LexEntry, suffix: str, cameo: str, context: EventContext) -> LexEntry:
    plover_type, mode, contexts = context.lexicon.plover_for_cameo(cameo)
    return replace(entry, id=entry.id + suffix, cameo=cameo, type=plover_type, mode=mode,
                   contexts=tuple(contexts or ()), negated_type=None)


# Heads whose "of" phrase is what the verb acts on: "declared a state of emergency",
# "imposed a new round of sanctions", "handed over $4 million worth of medicines".
CONTAINER_NOUNS = {"state", "series", "round", "wave", "package", "set", "raft", "spate", "string",
                   "worth", "ton", "tonne", "shipment", "consignment", "batch", "campaign", "array", "fleet"}


def contained(token) -> list:
    """The "of" objects of a container noun ("a state *of emergency*"); empty for other nouns."""
    if token.lemma_.lower() not in CONTAINER_NOUNS:
        return []
    return [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children if pobj.dep_ == "pobj"]


def container_of(noun):
    """The container noun whose "of" object this noun is ("a wave *of* airstrikes"), or None."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in CONTAINER_NOUNS:
        return prep.head
    return None


def phrase_lemmas(token) -> tuple[str, ...]:
    lemmas = (token.lemma_.lower(), *(c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")))
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].head == token:
        lemmas += (doc[token.i - 2].lower_ + token.lower_,)  # "cease-fire" is tokenised cease, -, fire
    # A quantity reads through to what it counts: "returned dozens of artifacts".
    counted = partitive_members(token)
    inner = contained(token) or ([counted] if counted is not None else [])
    return lemmas + tuple(lemma for pobj in inner for lemma in phrase_lemmas(pobj))


def modifier_lemmas(token) -> tuple[str, ...]:
    return tuple(c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod"))
