"""Attaching quotes' speakers and outlets to the events they contain."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import FIRST_PERSON
from accord.attribution.indirect import INDIRECT_RULE
from accord.model import Attribution, Event, Quote


def attribute_events(events: list[Event], quotes: list[Quote]) -> list[Event]:
    """Each event inside a quote or reported claim takes its speaker as attribution; an
    event stated in the article's own voice keeps none. Aims and demands ("wants to",
    "urged X to") are not claims: the events inside them stay unattributed.

    A first-person source inside a direct quote ("We do not need ...") is the speaker.
    """
    claims = [q for q in quotes if q.speaker is not None and (q.direct or (q.rule or "").startswith(INDIRECT_RULE))]
    out = []
    for event in events:
        quote = _innermost(claims, event.trigger.start)
        if quote is None:
            out.append(event)
            continue
        attribution = Attribution(quote.speaker, quote.cue.text if quote.cue else None, quote.via)
        source = event.source
        if quote.direct and source is not None and source.text.lower() in FIRST_PERSON:
            speaker = quote.speaker
            source = replace(source, name=speaker.name, code=speaker.code, sector=speaker.sector, anonymous=speaker.anonymous)
        out.append(replace(event, attribution=attribution, source=source))
    return out


def _innermost(quotes: list[Quote], position: int) -> Quote | None:
    containing = [q for q in quotes if q.start <= position < q.end]
    if not containing:
        return None
    return min(containing, key=lambda q: q.end - q.start)
