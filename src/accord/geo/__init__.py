"""Places: geocoding the place names that locate an article's events."""

from accord.geo.gazetteer import Gazetteer, Place, load_gazetteer
from accord.geo.locate import find_place_mentions, locate_events

__all__ = ["Gazetteer", "Place", "find_place_mentions", "load_gazetteer", "locate_events"]
