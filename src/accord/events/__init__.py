"""PLOVER events from a parsed article: triggers, roles, issue, modality."""

from accord.events.detect import EventOptions, find_events, split_unattributed

__all__ = ["EventOptions", "find_events", "split_unattributed"]
