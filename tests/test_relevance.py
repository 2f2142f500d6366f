"""The relevance gate: articles naming no political actor are stored unparsed, with no events."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from accord.model import Article
from accord.settings import Settings

WEATHER = "Heavy rain is expected across the region this weekend, with temperatures falling to 5C."
POLITICS = "Russia rejected the ceasefire proposal on Tuesday, the Kremlin said."


def _article(text: str, article_id: str) -> Article:
    return Article(id=article_id, text=text, date="2025-03-13", sha256=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def resources():
    from accord.resources import load_resources

    return load_resources(Settings())


@pytest.mark.parametrize("text, expected", [(WEATHER, False), (POLITICS, True), ("Moon Jae-in met Kim Jong Un.", True)])
def test_gate_sees_political_actors_in_tokens_alone(resources, text, expected):
    from accord.relevance import names_an_actor, tokenise

    assert names_an_actor(tokenise(resources.nlp, text), resources.actor_tables) is expected


def test_article_naming_no_actor_is_stored_unparsed_with_no_events():
    from accord.pipeline import code_articles

    weather, politics = code_articles([_article(WEATHER, "weather"), _article(POLITICS, "politics")])
    assert weather.article.id == "weather" and not weather.events
    assert any(w.startswith("not_parsed:") for w in weather.warnings)
    assert politics.article.id == "politics" and politics.events
    assert not any(w.startswith("not_parsed:") for w in politics.warnings)


@pytest.mark.parametrize("text", [
    # ACLED Kenya notes: an incident told with no party the actor tables list.
    "Violent electoral protests in Mathare between 9-13 Aug in Mathare",
    "2 killed in ongoing violence in Kaptembwa slum area, Nakuru town.",
])
def test_incident_naming_no_actor_is_parsed_and_coded(text):
    from accord.pipeline import code_articles

    (coded,) = code_articles([_article(text, "incident")])
    assert not any(w.startswith("not_parsed:") for w in coded.warnings)
    assert coded.unattributed_events  # an incident with no named perpetrator


def test_no_gate_parses_every_article():
    from accord.pipeline import code_articles

    (weather,) = code_articles([_article(WEATHER, "weather")], replace(Settings(), gate=False))
    assert not any(w.startswith("not_parsed:") for w in weather.warnings)


def test_gate_keeps_input_order_across_batches():
    from accord.pipeline import code_articles

    articles = [_article(WEATHER if i % 3 else POLITICS, f"a{i}") for i in range(7)]
    coded = list(code_articles(articles, replace(Settings(), batch_size=3, parse_batch=2)))
    assert [c.article.id for c in coded] == [a.id for a in articles]
    assert [bool(c.events) for c in coded] == [i % 3 == 0 for i in range(7)]
