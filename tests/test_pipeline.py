"""The coder end to end on the example article: the events a reader expects."""

from __future__ import annotations

import json

from accord.contract import to_contract
from accord.evaluation import evaluate

from conftest import EXAMPLE_GOLD, needs


def _events(coded, type_, trigger=None):
    return [e for e in coded.events if e.type == type_ and (trigger is None or e.trigger.text == trigger)]


def test_putin_unlikely_to_accept_is_hedged_rejection_by_anonymous_sources(coded_ceasefire):
    (event,) = _events(coded_ceasefire, "REJECT", "accept")[:1]
    assert event.source.code == "RUS" and event.source.name == "Vladimir Putin"
    assert event.modality == "hedged"
    assert event.issue.key == "ceasefire"
    assert event.attribution.speaker.anonymous and event.attribution.speaker.code == "RUS"


def test_putin_quote_resolved_from_he_and_dated_december(coded_ceasefire):
    event = next(e for e in coded_ceasefire.events if e.trigger.text == "need" and e.type == "REJECT")
    assert event.source.code == "RUS"
    assert event.attribution.speaker.name == "Vladimir Putin"
    assert event.attribution.speaker.text == "he"
    assert (event.date, event.date_precision, event.date_text) == ("2024-12", "month", "in December")


def test_demands_include_nato_renunciation(coded_ceasefire):
    (event,) = _events(coded_ceasefire, "REQUEST", "demands")
    assert event.source.code == "RUS" and event.target.code == "UKR"
    assert event.issue.key == "nato_membership"


def test_reuters_and_digi24_carry_claims(coded_ceasefire):
    outlets = {s.name for s in coded_ceasefire.sources if s.kind == "outlet"}
    assert {"Reuters", "Digi24"} <= outlets
    via = {v for q in coded_ceasefire.quotes for v in q.via}
    assert {"Reuters", "Digi24"} <= via


def test_stance_table_russia_opposes_ukraine_supports_ceasefire(coded_ceasefire):
    stances = {(s.holder.code, s.issue): s.stance for s in coded_ceasefire.stances}
    assert stances[("RUS", "ceasefire")] in ("oppose", "conditional")
    assert stances[("UKR", "ceasefire")] == "support"
    assert stances[("RUS", "nato_membership")] == "oppose"


def test_example_meets_gold_bars(coded_ceasefire, tmp_path):
    coded = tmp_path / "ceasefire.jsonl"
    coded.write_text(json.dumps(to_contract(coded_ceasefire)) + "\n", encoding="utf-8")
    metrics = evaluate(str(needs(EXAMPLE_GOLD)), str(coded)).metrics
    assert metrics["event_recall"] == 1.0
    assert metrics["event_precision"] >= 0.8
    for attribute in ("target", "issue", "modality", "date", "source_sector"):
        assert metrics[f"attr_{attribute}"] == 1.0, attribute


def test_article_without_events_still_gets_a_record():
    from accord.pipeline import code_text

    coded = code_text("The weather was mild and the markets were closed for the holiday.", date="2025-01-01")
    assert coded.events == () and coded.article.date == "2025-01-01"


def test_article_over_the_time_limit_keeps_its_record_with_a_warning():
    from accord.pipeline import code_text
    from accord.settings import Settings

    from conftest import EXAMPLE_DATE, EXAMPLE_TEXT

    coded = code_text(EXAMPLE_TEXT.read_text(encoding="utf-8"), date=EXAMPLE_DATE,
                      settings=Settings(max_article_seconds=0.001))
    assert coded.events == ()
    assert any(w.startswith("limit: coding stopped after 0.001 s") for w in coded.warnings)
    again = code_text("Russia rejected the ceasefire \ud800 proposal.", date=EXAMPLE_DATE)
    assert "\ufffd" in again.article.text and not any(w.startswith(("error", "limit")) for w in again.warnings)


def _slow_stage(stage, cpu_seconds: float):
    """``stage`` after ``cpu_seconds`` of this thread's CPU time: a stage gone slow."""
    import time

    def slow(*args, **kwargs):
        until = time.thread_time() + cpu_seconds
        while time.thread_time() < until:
            pass
        return stage(*args, **kwargs)

    return slow


def test_time_limit_holds_in_a_worker_thread(monkeypatch):
    """Signals reach only the main thread; a server codes POSTed articles in worker threads."""
    from concurrent.futures import ThreadPoolExecutor

    import accord.pipeline as pipeline
    from accord.settings import Settings

    from conftest import EXAMPLE_DATE, EXAMPLE_TEXT

    monkeypatch.setattr(pipeline, "find_quotes", _slow_stage(pipeline.find_quotes, 0.6))
    text = EXAMPLE_TEXT.read_text(encoding="utf-8")
    with ThreadPoolExecutor(1) as thread:
        limited = thread.submit(pipeline.code_text, text, EXAMPLE_DATE, settings=Settings(max_article_seconds=0.3))
        unlimited = thread.submit(pipeline.code_text, text, EXAMPLE_DATE, settings=Settings(max_article_seconds=5))
    assert limited.result().events == ()
    assert any(w.startswith("limit: coding stopped after 0.3 s") for w in limited.result().warnings)
    assert unlimited.result().events and not any(w.startswith("limit") for w in unlimited.result().warnings)
