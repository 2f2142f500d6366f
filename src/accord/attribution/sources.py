"""Who the article cites: outlets, named speakers, anonymous sources."""

from __future__ import annotations

from accord.attribution.quotes import AttributionTables
from accord.model import Actor, Quote, Source


def find_sources(doc, quotes: list[Quote], mentions: list[Actor], tables: AttributionTables) -> list[Source]:
    sources: dict[tuple, Source] = {}
    for match in tables.outlet_pattern.finditer(doc.text):
        name = tables.outlet_names[match.group(0)]
        sources.setdefault(("outlet", name), Source(match.group(0), "outlet", name, None, "JRN", match.start(), match.end()))
    for mention in mentions:
        # "the source", "the officials" point back to a source already cited.
        if mention.anonymous and not mention.text.lower().startswith("the "):
            sources.setdefault(("anonymous", mention.start), _source(mention, "anonymous"))
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.start is None:
            continue
        if speaker.anonymous:
            sources.setdefault(("anonymous", speaker.start), _source(speaker, "anonymous"))
        elif speaker.name and speaker.text.lower() not in PRONOUNS:
            sources.setdefault(("named", speaker.name), _source(speaker, "named"))
    return sorted(sources.values(), key=lambda s: (s.start is None, s.start))


PRONOUNS = {"he", "she", "they", "it", "we", "i", "the source", "the official"}


def _source(actor: Actor, kind: str) -> Source:
    return Source(actor.text, kind, actor.name, actor.code, actor.sector, actor.start, actor.end)
