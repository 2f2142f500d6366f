"""The bundle of tables every article needs, assembled from the stages' loaders once per
process. The stages read their files through ``accord.datafiles``, never through here."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from accord.actors import load_actor_tables
from accord.attribution import AttributionTables, load_attribution_tables
from accord.events.claims import load_claim_cues
from accord.events.classifier import load_classifier, load_embedding_classifier
from accord.events.detect import EventContext
from accord.events.issues import load_issue_keywords
from accord.events.lexicon import load_credit_line_openings, load_lexicon
from accord.events.modality import load_modality_cues
from accord.geo import Gazetteer, load_gazetteer
from accord.nlp import load_nlp
from accord.settings import Settings


@dataclass(frozen=True)
class Resources:
    nlp: object
    actor_tables: object
    attribution: AttributionTables
    events: EventContext
    gazetteer: Gazetteer
    classifier: object | None = None  # events.classifier.EventClassifier, None when use_model is off


@functools.lru_cache(maxsize=4)
def load_resources(settings: Settings | None = None) -> Resources:
    settings = settings or Settings()
    attribution = load_attribution_tables()
    events = EventContext(
        lexicon=load_lexicon(),
        issues=load_issue_keywords(settings.issue_files),
        modality_cues=load_modality_cues(),
        claim_cues=load_claim_cues(),
        reporting_lemmas=attribution.reporting_lemmas,
        credit_line_openings=load_credit_line_openings(),
    )
    return Resources(
        nlp=load_nlp(settings.model),
        actor_tables=load_actor_tables(settings.actor_files),
        attribution=attribution,
        events=events,
        gazetteer=load_gazetteer(settings.geo_min_population, settings.geo_local_min_population),
        classifier=(None if not settings.use_model
                    else load_embedding_classifier() if settings.use_embedder else load_classifier()),
    )
