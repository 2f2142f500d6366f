"""Packaged data files, read and validated in one place, and the bundle of tables every
article needs, loaded once per process."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from accord.errors import DataFileError

if TYPE_CHECKING:
    from accord.attribution import AttributionTables
    from accord.events.detect import EventContext
    from accord.geo.gazetteer import Gazetteer
    from accord.settings import Settings


def read_packaged_text(name: str) -> str:
    """The text of ``data/<name>`` inside the installed package."""
    return resources.files("accord.data").joinpath(name).read_text(encoding="utf-8")


def tsv_rows(name: str, text: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each row; blank lines and ``#`` comments are skipped and a
    row of the wrong width is a DataFileError naming file and line."""
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise DataFileError(
                f"{name}:{line_no}: expected {len(columns)} tab-separated fields "
                f"({', '.join(columns)}), got {len(fields)}"
            )
        yield line_no, fields


def packaged_rows(name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    return tsv_rows(name, read_packaged_text(name), columns)


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
    # Stage loaders are imported here: the stages themselves read their files through
    # this module, so a top-level import would be circular.
    from accord.actors import load_actor_tables
    from accord.attribution import load_attribution_tables
    from accord.events.claims import load_claim_cues
    from accord.events.classifier import load_classifier, load_embedding_classifier
    from accord.events.detect import EventContext
    from accord.events.issues import load_issue_keywords
    from accord.events.lexicon import load_lexicon
    from accord.events.modality import load_modality_cues
    from accord.geo import load_gazetteer
    from accord.nlp import load_nlp
    from accord.settings import Settings

    settings = settings or Settings()
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
        gazetteer=load_gazetteer(settings.geo_min_population, settings.geo_local_min_population),
        classifier=(None if not settings.use_model
                    else load_embedding_classifier() if settings.use_embedder else load_classifier()),
    )
