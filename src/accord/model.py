"""The records every stage shares.

Offsets are character offsets into ``Article.text``. Records are frozen:
a stage that enriches one returns ``dataclasses.replace(record, ...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

Modality = Literal["asserted", "hedged", "future", "hypothetical", "negated"]
DatePrecision = Literal["day", "month", "year", "unknown"]
SourceKind = Literal["outlet", "named", "anonymous", "document"]
StanceValue = Literal["support", "oppose", "conditional"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    text: str
    start: int
    end: int

    @classmethod
    def from_span(cls, span) -> "TextSpan":
        """A spaCy Span or Token -> character offsets into the doc text."""
        if hasattr(span, "idx"):  # Token
            return cls(span.text, span.idx, span.idx + len(span.text))
        return cls(span.text, span.start_char, span.end_char)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = "en"
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    # False when the reader made the id up from a file name (and line): such ids repeat
    # across folders and posts, so they never make a stored article count as an old version.
    id_given: bool = True


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    start: int | None
    end: int | None
    name: str | None
    code: str | None
    sector: str | None
    anonymous: bool = False
    rule: str | None = None
    # The earlier mention a pronoun or description was resolved to ("he" -> "Vladimir Putin").
    antecedent: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    key: str | None
    text: str
    start: int
    end: int
    rule: str | None = None  # what gave the key: a keyword row, or the article's main issue


@dataclass(frozen=True, slots=True)
class Location:
    text: str
    name: str
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    start: int | None = None
    end: int | None = None
    kind: str | None = None  # city | admin2 | admin1 | region | country
    rule: str | None = None  # the gazetteer entry read ("geonames:709717", "geo/aliases:donbas")


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: Actor | None
    cue: str | None
    via: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    source: Actor | None
    target: Actor | None
    trigger: TextSpan
    sentence: int
    start: int
    end: int
    confidence: float
    rule: str
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    cameo: str | None = None
    issue: Issue | None = None
    modality: str = "asserted"
    date: str | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    location: Location | None = None
    locations: tuple[Location, ...] = ()  # the places that locate the event, governing first
    attribution: Attribution | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    start: int
    end: int
    direct: bool
    speaker: Actor | None
    cue: TextSpan | None = None
    via: tuple[str, ...] = ()
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    text: str
    kind: str
    name: str | None
    code: str | None
    sector: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Stance:
    holder: Actor
    issue: str
    stance: str
    evidence: tuple[str, ...]
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodedArticle:
    article: Article
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()
    stances: tuple[Stance, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    # Acts whose acting party has no code ("a man was killed", "they agreed" with "they"
    # unresolved): kept for review and for where-and-what questions, never counted as events.
    unattributed_events: tuple[Event, ...] = ()
