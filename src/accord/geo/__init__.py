"""Places: geocoding the place names that locate an article's events."""

from accord.geo.gazetteer import Gazetteer, Place, load_gazetteer
from accord.geo.locate import locate_events
from accord.geo.mentions import find_place_mentions

__all__ = ["Gazetteer", "Place", "find_place_mentions", "load_gazetteer", "locate_events"]
