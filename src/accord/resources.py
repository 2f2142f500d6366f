"""The packaged tables every article needs, loaded once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from accord.actors import load_actor_tables
from accord.attribution import AttributionTables, load_attribution_tables
from accord.events.detect import EventContext
from accord.events.issues import load_issue_keywords
from accord.events.lexicon import load_lexicon
from accord.events.modality import load_modality_cues
from accord.nlp import load_nlp
from accord.settings import Settings
from accord.events.claims import load_claim_cues


@dataclass(frozen=True)
class Resources:
    nlp: object
    actor_tables: object
    attribution: AttributionTables
    events: EventContext


@functools.lru_cache(maxsize=4)
def load_resources(settings: Settings = Settings()) -> Resources:
    attribution = load_attribution_tables()
    events = EventContext(
        lexicon=load_lexicon(),
        issues=load_issue_keywords(settings.issue_files),
        modality_cues=load_modality_cues(),
        claim_cues=load_claim_cues(),
        reporting_lemmas=attribution.reporting_lemmas,
    )
    return Resources(
        nlp=load_nlp(settings.model),
        actor_tables=load_actor_tables(settings.actor_files),
        attribution=attribution,
        events=events,
    )
