"""Resolving date phrases ("in December", "last Tuesday", "two days ago") to calendar dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3}
UNIT_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    value: str
    precision: str  # day | month | year


def _day(d: date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day")


def _month(year: int, month: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", "month")


def _shift_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + months
    return index // 12, index % 12 + 1


def _closest_month(month: int, published: date, future: bool) -> int:
    """The year of ``month`` nearest the publication date on the preferred side."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def resolve_date_phrase(text: str, published: date | None, future: bool = False,
                        anchor: date | None = None) -> ResolvedDate | None:
    """Resolve ``text`` against ``published``; past readings unless ``future`` is set. A
    phrase that counts from another day ("nine days later", "the next day") counts from
    ``anchor``, the day the text gave last, where there is one."""
    phrase = re.sub(r"\s+", " ", text.lower().strip(" ,.")).replace("the ", "")
    for _ in range(2):  # "in mid-January", "since early 2022"
        phrase = re.sub(r"^(?:(?:in|on|since|during|by|from|until|over|early|late|mid|earlier|later) |mid-)", "", phrase)
    # The time of day does not change the date: "Wednesday night", "Monday morning".
    phrase = re.sub(r"^((?:last |this |next )?\w+day|yesterday|tomorrow) (?:night|morning|afternoon|evening)$", r"\1", phrase)

    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", phrase)
    if m:
        return _day(date(int(m[1]), int(m[2]), int(m[3])))
    m = re.fullmatch(r"(?:(\w+) )?(\d{1,2})(?:st|nd|rd|th)?,? (\w+)(?:,? (\d{4}))?", phrase)
    if m and m[3] in MONTHS:  # "3 March 2025", "Monday 3 March"
        return _resolve_day_month(int(m[2]), MONTHS[m[3]], m[4], published, future)
    m = re.fullmatch(r"(?:\w+,? )?(\w+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", phrase)
    if m and m[1] in MONTHS:  # "March 3", "Monday, March 3, 2025"
        return _resolve_day_month(int(m[2]), MONTHS[m[1]], m[3], published, future)
    m = re.fullmatch(r"(\w+)\.?,? (\d{4})", phrase)
    if m and m[1] in MONTHS:
        return _month(int(m[2]), MONTHS[m[1]])
    m = re.fullmatch(r"(?:(?:spring|summer|autumn|fall|winter) (?:of )?)?(?:year )?(\d{4})", phrase)
    if m and 1900 < int(m[1]) < 2100:
        return ResolvedDate(m[1], "year")
    if phrase in MONTHS and published:
        month = MONTHS[phrase]
        return _month(_closest_month(month, published, future), month)
    counted = _resolve_counted(phrase, anchor) if anchor is not None else None
    if counted is not None or published is None:
        return counted
    return _resolve_relative(phrase, published, future)


def _resolve_counted(phrase: str, anchor: date) -> ResolvedDate | None:
    """Days counted from the day the text gave last ("nine days later", "the day before")."""
    if phrase in ("next day", "following day", "day after"):
        return _day(anchor + timedelta(days=1))
    if phrase in ("day before", "previous day", "eve"):
        return _day(anchor - timedelta(days=1))
    m = re.fullmatch(r"(a few|[\w-]+) (day|week)s? (earlier|before|later|after)", phrase)
    count = (NUMBERS.get(m[1]) or (int(m[1]) if m[1].isdigit() else None)) if m else None
    if count is None:
        return None
    sign = 1 if m[3] in ("later", "after") else -1
    return _day(anchor + timedelta(days=sign * count * UNIT_DAYS[m[2]]))


def _resolve_day_month(day: int, month: int, year: str | None, published: date | None, future: bool):
    if year:
        y = int(year)
    elif published:
        y = _closest_month(month, published, future)
        if not future and month == published.month and day > published.day:
            y -= 1
    else:
        return None
    try:
        return _day(date(y, month, day))
    except ValueError:
        return None


def _resolve_relative(phrase: str, published: date, future: bool) -> ResolvedDate | None:
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(published)
    if phrase in ("yesterday", "last night", "day before", "previous day"):
        return _day(published - timedelta(days=1))
    if phrase == "tomorrow":
        return _day(published + timedelta(days=1))
    m = re.fullmatch(r"(last|this|next|past|coming)? ?weekend", phrase)
    if m:  # the Saturday of the weekend meant: the one before, or with "next"/future the one after
        if m[1] in ("next", "coming") or (future and m[1] != "last"):
            return _day(published + timedelta(days=(5 - published.weekday()) % 7 or 7))
        return _day(published - timedelta(days=(published.weekday() - 5) % 7 or 7))
    m = re.fullmatch(r"(last|this|next|past)? ?(\w+)", phrase)
    if m and m[2] in WEEKDAYS:
        delta = (published.weekday() - WEEKDAYS[m[2]]) % 7
        if m[1] == "next" or (future and m[1] != "last"):
            ahead = (WEEKDAYS[m[2]] - published.weekday()) % 7 or 7
            return _day(published + timedelta(days=ahead))
        if m[1] == "last" and delta == 0:
            delta = 7
        return _day(published - timedelta(days=delta))
    m = re.fullmatch(r"(a few|[\w-]+) (day|week|month|year)s? (ago|earlier|before|later|from now)", phrase)
    if m:
        count = NUMBERS.get(m[1]) or (int(m[1]) if m[1].isdigit() else None)
        if count is None:
            return None
        sign = 1 if m[3] in ("later", "from now") else -1
        if m[2] in UNIT_DAYS:
            return _day(published + timedelta(days=sign * count * UNIT_DAYS[m[2]]))
        if m[2] == "month":
            return _month(*_shift_months(published, sign * count))
        return ResolvedDate(str(published.year + sign * count), "year")
    m = re.fullmatch(r"(last|this|next|past|coming|previous) (week|month|year)", phrase)
    if m:
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[m[1]]
        if m[2] == "week":
            return _day(published + timedelta(days=7 * step))
        if m[2] == "month":
            return _month(*_shift_months(published, step))
        return ResolvedDate(str(published.year + step), "year")
    # Loose spans that end at publication: the convention dates them to its month.
    if phrase in ("this month", "month", "recent days", "recent weeks", "past few days", "past few weeks"):
        return _month(published.year, published.month)
    return None
