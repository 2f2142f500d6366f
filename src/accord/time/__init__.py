"""Event dates: the phrase that governs an event, resolved against the publication date."""

from accord.time.dates import resolve_dates
from accord.time.expressions import governing_date_phrase
from accord.time.resolve import ResolvedDate, resolve_date_phrase

__all__ = ["ResolvedDate", "governing_date_phrase", "resolve_date_phrase", "resolve_dates"]
