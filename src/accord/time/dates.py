"""Giving each event the date of the phrase that governs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from accord.model import Event, Quote
from accord.time.expressions import governing_date_phrase
from accord.time.resolve import resolve_date_phrase

FUTURE_MODALITIES = {"future"}


def resolve_dates(events: list[Event], doc, published: str | None, quotes: list[Quote] = ()) -> list[Event]:
    """Events dated by their own date phrase, else by their quote's cue ("he stated in
    December"), else by the publication date with ``date_text`` null."""
    pub = date.fromisoformat(published) if published else None
    out = []
    for event in events:
        token = _token_at(doc, event.trigger.start)
        found = governing_date_phrase(token) if token is not None else None
        if found is None:
            cue = _quote_cue(quotes, event.trigger.start, doc)
            found = governing_date_phrase(cue) if cue is not None else None
        resolved = None
        if found is not None:
            prep, entity = found
            phrase = f"{prep.text} {entity.text}" if prep is not None else entity.text
            resolved = resolve_date_phrase(phrase, pub, future=event.modality in FUTURE_MODALITIES)
            if resolved is not None:
                out.append(replace(event, date=resolved.value, date_precision=resolved.precision, date_text=phrase))
                continue
        if pub is not None:
            out.append(replace(event, date=pub.isoformat(), date_precision="day", date_text=None))
        else:
            out.append(replace(event, date=None, date_precision="unknown", date_text=None))
    return out


def _token_at(doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _quote_cue(quotes, position: int, doc):
    for quote in quotes:
        if quote.start <= position < quote.end and quote.cue is not None:
            return _token_at(doc, quote.cue.start)
    return None
