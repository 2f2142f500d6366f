"""Actors: who a noun phrase denotes (country, government, person, group, anonymous source).

Codes follow PLOVER: ISO3 for states; UNO for the UN system (UN, IAEA, WHO...), EUR for the
EU and its bodies ("Brussels"), IGO for other intergovernmental bodies (NATO, OSCE, ICC),
NGO, IMG (transnational militarised groups: ISIS, al-Qaeda). Protesters are CVL; anonymous
"officials" are GOV, other anonymous "sources" UNK. News outlets are JRN.
"""

from __future__ import annotations

from accord.actors.coref import build_coreference
from accord.actors.resolve import find_actor_mentions, resolve_span
from accord.actors.tables import ActorTables, load_actor_tables
from accord.model import Actor

__all__ = [
    "ActorTables", "build_coreference", "find_actor_mentions", "load_actor_tables",
    "resolve_span", "resolve_text",
]


def resolve_text(text: str, date: str | None = None, extra_files: tuple[str, ...] = ()) -> Actor | None:
    """Parse ``text`` (one noun phrase, e.g. "Russian Foreign Minister Sergei Lavrov") and resolve it."""
    from accord.nlp import load_nlp

    doc = load_nlp()(text.strip())
    if not len(doc):
        return None
    return resolve_span(doc[:], load_actor_tables(tuple(extra_files)), date)
