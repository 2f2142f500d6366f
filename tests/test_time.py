"""Date phrases resolved against a publication date (table-driven)."""

from __future__ import annotations

from datetime import date

import pytest

from accord.time import resolve_date_phrase

PUBLISHED = date(2025, 3, 13)  # a Thursday

CASES = [
    ("in December", False, "2024-12", "month"),
    ("In January", False, "2025-01", "month"),
    ("in March", False, "2025-03", "month"),
    ("in April", False, "2024-04", "month"),
    ("in April", True, "2025-04", "month"),
    ("on March 3", False, "2025-03-03", "day"),
    ("March 20", False, "2024-03-20", "day"),
    ("March 20", True, "2025-03-20", "day"),
    ("3 March 2025", False, "2025-03-03", "day"),
    ("on 12 February", False, "2025-02-12", "day"),
    ("Monday, March 10, 2025", False, "2025-03-10", "day"),
    ("2024-11-05", False, "2024-11-05", "day"),
    ("since February 2022", False, "2022-02", "month"),
    ("in September 2023", False, "2023-09", "month"),
    ("in 2014", False, "2014", "year"),
    ("2022", False, "2022", "year"),
    ("last Tuesday", False, "2025-03-11", "day"),
    ("on Tuesday", False, "2025-03-11", "day"),
    ("on Thursday", False, "2025-03-13", "day"),
    ("last Thursday", False, "2025-03-06", "day"),
    ("next Monday", False, "2025-03-17", "day"),
    ("on Monday", True, "2025-03-17", "day"),
    ("yesterday", False, "2025-03-12", "day"),
    ("today", False, "2025-03-13", "day"),
    ("tomorrow", False, "2025-03-14", "day"),
    ("last night", False, "2025-03-12", "day"),
    ("two days ago", False, "2025-03-11", "day"),
    ("10 days ago", False, "2025-03-03", "day"),
    ("three weeks ago", False, "2025-02-20", "day"),
    ("a week ago", False, "2025-03-06", "day"),
    ("two months ago", False, "2025-01", "month"),
    ("a year ago", False, "2024", "year"),
    ("earlier this month", False, "2025-03", "month"),
    ("this month", False, "2025-03", "month"),
    ("last month", False, "2025-02", "month"),
    ("next month", False, "2025-04", "month"),
    ("last year", False, "2024", "year"),
    ("this year", False, "2025", "year"),
    ("next year", False, "2026", "year"),
    ("next week", False, "2025-03-20", "day"),
    ("last week", False, "2025-03-06", "day"),
    ("in mid-January", False, "2025-01", "month"),
    ("late December", False, "2024-12", "month"),
]


@pytest.mark.parametrize("phrase,future,expected,precision", CASES)
def test_date_phrase_resolves(phrase, future, expected, precision):
    resolved = resolve_date_phrase(phrase, PUBLISHED, future=future)
    assert resolved is not None, phrase
    assert (resolved.value, resolved.precision) == (expected, precision)


@pytest.mark.parametrize("phrase", ["recent months", "the 30-day", "decades", "some time"])
def test_phrases_that_are_not_dates_resolve_to_nothing(phrase):
    assert resolve_date_phrase(phrase, PUBLISHED) is None


def test_without_publication_date_relative_phrases_stay_unresolved():
    assert resolve_date_phrase("last Tuesday", None) is None
    assert resolve_date_phrase("in 2014", None).value == "2014"
