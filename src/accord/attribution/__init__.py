"""Quotes, sources and the sourcing chain of each claim."""

from accord.attribution.attribute import attribute_events
from accord.attribution.quotes import AttributionTables, find_quotes, load_attribution_tables
from accord.attribution.sources import find_sources

__all__ = ["AttributionTables", "attribute_events", "find_quotes", "find_sources", "load_attribution_tables"]
