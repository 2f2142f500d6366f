"""Each party's stance on each issue, summarised from an article's events."""

from accord.stance.summarise import summarise_stances

__all__ = ["summarise_stances"]
