"""Event dates: date phrases resolved against the publication date, and the example article."""

from __future__ import annotations

from datetime import date

import pytest

from accord.time import resolve_date_phrase
from conftest import every_act

P = date(2025, 3, 13)  # a Thursday

# (phrase, publication date, future reading wanted, expected date, expected precision)
PHRASES = [
    ("in December", P, False, "2024-12", "month"),
    ("in January", P, False, "2025-01", "month"),
    ("in March", P, False, "2025-03", "month"),
    ("in April", P, False, "2024-04", "month"),
    ("in April", P, True, "2025-04", "month"),
    ("last Tuesday", P, False, "2025-03-11", "day"),
    ("on Tuesday", P, False, "2025-03-11", "day"),
    ("on Thursday", P, False, "2025-03-13", "day"),
    ("last Thursday", P, False, "2025-03-06", "day"),
    ("next Tuesday", P, False, "2025-03-18", "day"),
    ("on Monday", P, True, "2025-03-17", "day"),
    ("on March 3", P, False, "2025-03-03", "day"),
    ("on March 20", P, False, "2024-03-20", "day"),
    ("on March 20", P, True, "2025-03-20", "day"),
    ("March 3, 2024", P, False, "2024-03-03", "day"),
    ("3 March 2025", P, False, "2025-03-03", "day"),
    ("on 28 February", P, False, "2025-02-28", "day"),
    ("Feb. 24", P, False, "2025-02-24", "day"),
    ("earlier this month", P, False, "2025-03", "month"),
    ("this month", P, False, "2025-03", "month"),
    ("last month", P, False, "2025-02", "month"),
    ("next month", P, True, "2025-04", "month"),
    ("since February 2022", P, False, "2022-02", "month"),
    ("in February 2022", P, False, "2022-02", "month"),
    ("two days ago", P, False, "2025-03-11", "day"),
    ("three weeks ago", P, False, "2025-02-20", "day"),
    ("a week ago", P, False, "2025-03-06", "day"),
    ("two months ago", P, False, "2025-01", "month"),
    ("a year ago", P, False, "2024", "year"),
    ("in 2014", P, False, "2014", "year"),
    ("since 2014", P, False, "2014", "year"),
    ("last year", P, False, "2024", "year"),
    ("this year", P, False, "2025", "year"),
    ("next year", P, True, "2026", "year"),
    ("next week", P, True, "2025-03-20", "day"),
    ("last week", P, False, "2025-03-06", "day"),
    ("yesterday", P, False, "2025-03-12", "day"),
    ("today", P, False, "2025-03-13", "day"),
    ("tomorrow", P, True, "2025-03-14", "day"),
    ("last night", P, False, "2025-03-12", "day"),
    ("on Wednesday night", P, False, "2025-03-12", "day"),
    ("Monday morning", P, False, "2025-03-10", "day"),
    ("this weekend", P, True, "2025-03-15", "day"),
    ("in spring 2024", P, False, "2024", "year"),
    ("in late January", P, False, "2025-01", "month"),
    ("in mid-February", P, False, "2025-02", "month"),
    ("in early 2023", P, False, "2023", "year"),
    ("in the summer of 2023", P, False, "2023", "year"),
    ("on December 31 2019", date(2019,12,31), False, "2019-12-31", "day"),
    ("On 12 March 2020", date(2020,3,12), False, "2020-03-12", "day"),
    ("In mid-September", date(2008,1,20), False, "2007-09", "month"),
    ("on January 1", date(2025,1,3), False, "2025-01-01", "day"),
    ("in December", date(2025,1,3), False, "2024-12", "month"),
    ("two years ago", P, False, "2023", "year"),
    ("2024-11-05", P, False, "2024-11-05", "day"),
    ("last Friday", date(2025,3,14), False, "2025-03-07", "day"),
    ("this week", P, False, "2025-03-13", "day"),
    ("earlier this year", P, False, "2025", "year"),
    ("later this month", P, True, "2025-03", "month"),
    ("four days earlier", P, False, "2025-03-09", "day"),
    ("over the weekend", P, False, "2025-03-08", "day"),
    ("in the 1990s", P, False, None, None),
]


@pytest.mark.parametrize(("phrase", "published", "future", "expected", "precision"), PHRASES)
def test_date_phrase_resolves_against_publication_date(phrase, published, future, expected, precision):
    resolved = resolve_date_phrase(phrase, published, future=future)
    got = (resolved.value, resolved.precision) if resolved else (None, None)
    assert got == (expected, precision)


@pytest.mark.parametrize("phrase", ["recent months", "the 30-day", "decades", "some time"])
def test_phrases_that_are_not_dates_resolve_to_nothing(phrase):
    assert resolve_date_phrase(phrase, P) is None


def test_table_has_at_least_forty_phrases():
    assert len(PHRASES) >= 40


def test_without_publication_date_relative_phrases_stay_unresolved():
    assert resolve_date_phrase("two days ago", None) is None
    assert resolve_date_phrase("March 3, 2024", None).value == "2024-03-03"


def test_quoted_statement_takes_the_date_of_its_cue(coded_ceasefire):
    quoted = next(e for e in coded_ceasefire.events if "We do not need a ceasefire" in
                  coded_ceasefire.article.text[e.start:e.end] and e.type == "REJECT")
    assert (quoted.date, quoted.date_precision, quoted.date_text) == ("2024-12", "month", "in December")


def test_sentence_date_phrase_governs_its_event(coded_ceasefire):
    january = next(e for e in coded_ceasefire.events if "he reaffirmed" in coded_ceasefire.article.text[e.start:e.end])
    assert (january.date, january.date_precision) == ("2025-01", "month")


@pytest.mark.parametrize(("sentence", "published", "expected", "date_text"), [
    ("Two days ago, Russia rejected the proposal.", "2025-03-13", "2025-03-11", "Two days ago"),
    ("Ukraine will accept the truce next week.", "2025-03-13", "2025-03-20", "next week"),
    ("Russia has occupied Crimea since February 2014.", "2025-03-13", "2014-02", "since February 2014"),
])
def test_date_phrase_in_a_sentence_dates_its_event(sentence, published, expected, date_text):
    from accord.pipeline import code_text

    coded = code_text(sentence, date=published)
    dated = [(e.date, e.date_text) for e in coded.events if e.date_text]
    assert (expected, date_text) in dated or not coded.events and pytest.fail(f"no event in {sentence!r}")


def test_event_without_date_phrase_takes_publication_date(coded_ceasefire):
    undated = [e for e in coded_ceasefire.events if e.date_text is None]
    assert undated and all(e.date == "2025-03-13" and e.date_precision == "day" for e in undated)


@pytest.mark.parametrize(("text", "published", "trigger", "expected"), [
    # The date of a report is not that of the reported act, and a future reading belongs
    # to the reported clause only ("said on Friday he would waive" is Friday's decision).
    ("Russia said on Monday that its troops had withdrawn from the border last week.", "2025-03-13",
     "withdrawn", "2025-03-06"),
    ("Trump said on Friday he would waive nuclear sanctions on Iran for the last time.", "2018-01-14",
     "waive", "2018-01-12"),
    # An act takes the date of its own clause, not of another clause of the sentence.
    ("Lavrov earlier Friday called for the expulsion of 35 U.S. diplomats after Washington on Thursday "
     "sanctioned Russian intelligence officials, expelled 35 Russian diplomats and shut down two Russian "
     "compounds.", "2016-12-30", "expelled", "2016-12-29"),
    ("Lavrov earlier Friday called for the expulsion of 35 U.S. diplomats after Washington on Thursday "
     "sanctioned Russian intelligence officials.", "2016-12-30", "called", "2016-12-30"),
    # A date inside the event's prepositional phrase, or after it with no verb between.
    ("In a speech on Sunday in Vietnam, Pompeo urged North Korea to follow the example of Vietnam.",
     "2018-07-09", "urged", "2018-07-08"),
    ("EU leaders meeting in Brussels on Saturday shied away from imposing tougher sanctions.", "2014-08-31",
     "meeting", "2014-08-30"),
    # Scheduled acts and purposes look forward.
    ("North Korean leader Kim Jong Un is due to hold a summit with South Korean President Moon Jae-in "
     "on Friday.", "2018-04-24", "hold", "2018-04-27"),
    ("The U.S. has called a meeting of the International Atomic Energy Agency to discuss the situation "
     "with Iran on Wednesday in Vienna.", "2019-07-06", "discuss", "2019-07-10"),
    ("The army suspended the offensive pending Friday's talks between the two sides.",
     "2018-04-24", "talks", "2018-04-27"),
    # A quote's cue dates what the quote announces: the day it was said.
    ("\"We will send more troops to the border,\" Lavrov said on Tuesday.", "2025-03-13", "send", "2025-03-11"),
    # An undated past act takes the day of the sentence before it in its paragraph.
    ("Trump said on Friday he would waive sanctions for the last time. Washington also imposed sanctions "
     "on the head of Iran's judiciary.", "2018-01-14", "imposed", "2018-01-12"),
])
def test_event_takes_the_date_of_its_own_clause(text, published, trigger, expected):
    from accord.pipeline import code_text
    from accord.settings import Settings

    # Dates are read whether or not the acting party has a code ("the two sides").
    events = every_act(code_text(text, date=published, settings=Settings(use_model=False)))
    dates = {e.date for e in events if e.trigger.text == trigger}
    assert dates == {expected}, [(e.trigger.text, e.date, e.date_text) for e in events]


def test_lead_day_dates_undated_past_events_of_a_later_record():
    from accord.pipeline import code_text
    from accord.settings import Settings

    text = ("SEOUL (Reuters) - South Korea on Monday halted the propaganda broadcasts it blares across the "
            "border with North Korea, ahead of the first summit in a decade between their leaders.\n\n"
            "The defense ministry said North Korea had agreed to allow South Korean reporters to cover "
            "the event.\n\nSouth Korea will resume the broadcasts if talks fail, the ministry said.")
    events = code_text(text, date="2018-04-24", settings=Settings(use_model=False)).events
    past = [e for e in events if e.trigger.text in ("halted", "agreed")]
    assert past and all(e.date == "2018-04-23" for e in past)
    assert all(e.date == "2018-04-24" for e in events if e.modality == "future")


@pytest.mark.parametrize(("phrase", "anchor", "expected"), [
    ("nine days later", date(2014, 7, 8), "2014-07-17"),
    ("the next day", date(2014, 7, 8), "2014-07-09"),
    ("the day before", date(2014, 7, 8), "2014-07-07"),
    ("two weeks earlier", date(2014, 7, 8), "2014-06-24"),
])
def test_counted_days_count_from_the_last_day_the_text_gave(phrase, anchor, expected):
    assert resolve_date_phrase(phrase, date(2014, 8, 10), anchor=anchor).value == expected


def test_recent_days_are_the_publication_month():
    assert resolve_date_phrase("in recent days", P) == resolve_date_phrase("this month", P)
