"""Attaching quotes' speakers and outlets to the events they contain."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import FIRST_PERSON
from accord.model import Attribution, Event, Quote


def attribute_events(events: list[Event], quotes: list[Quote]) -> list[Event]:
    """Each event inside a quote or reported clause takes its speaker as attribution.

    A first-person source inside a direct quote ("We do not need ...") is the speaker.
    """
    out = []
    for event in events:
        quote = _innermost(quotes, event.trigger.start)
        if quote is None:
            out.append(event)
            continue
        attribution = Attribution(quote.speaker, quote.cue.text if quote.cue else None, quote.via)
        source = event.source
        if quote.direct and quote.speaker is not None and source is not None and source.text.lower() in FIRST_PERSON:
            speaker = quote.speaker
            source = replace(source, name=speaker.name, code=speaker.code, sector=speaker.sector, anonymous=speaker.anonymous)
        out.append(replace(event, attribution=attribution, source=source))
    return out


def _innermost(quotes: list[Quote], position: int) -> Quote | None:
    containing = [q for q in quotes if q.start <= position < q.end and q.speaker is not None]
    if not containing:
        return None
    return min(containing, key=lambda q: q.end - q.start)
