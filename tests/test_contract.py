"""Output validates against shared/contract/schema.json and round-trips."""

from __future__ import annotations

import json

import pytest

from accord.contract import from_contract, to_contract
from accord.pipeline import code_articles

from conftest import SHARED, needs


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(needs(SHARED / "contract" / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_example_validates_and_round_trips(coded_ceasefire, validator):
    record = json.loads(json.dumps(to_contract(coded_ceasefire)))
    validator.validate(record)
    assert from_contract(record, coded_ceasefire.article.text) == coded_ceasefire


def test_300_corpus_articles_validate_without_errors(corpus_articles, validator):
    count = events = 0
    for coded in code_articles(corpus_articles):
        record = json.loads(json.dumps(to_contract(coded)))
        validator.validate(record)
        assert not [w for w in coded.warnings if w.startswith("error:")], coded.warnings
        for event in coded.events:
            assert coded.article.text[event.trigger.start : event.trigger.end] == event.trigger.text
        count += 1
        events += len(coded.events)
    assert count == 300 and events > 300
