"""Quotes, sources and the sourcing chain of each claim."""

from accord.attribution.attribute import attribute_events
from accord.attribution.quotes import find_quote_spans, find_quotes
from accord.attribution.sources import find_sources
from accord.attribution.tables import AttributionTables, load_attribution_tables

__all__ = ["AttributionTables", "attribute_events", "find_quote_spans", "find_quotes", "find_sources",
           "load_attribution_tables"]
