"""Score the whole coder (rules + classifier) out of fold on the PLV train part.

    .venv/bin/python training/evaluate_out_of_fold.py [--synthetic-every 2] [--examples-cache F]

``train_classifier.py`` scores the classifier on gold pairs; what users get is the rules
and the classifier together (relabels, proposals, the gate by the rule's confidence). This
script fits one model per fold with the settings the last training run chose
(``training/metrics.json``), codes each PLV train record with the model of the folds that
never saw it, and prints the sentence scores of ``accord eval`` for the rules alone and
combined: four times as many pairs as dev, for choosing features and policies without
spending the dev split.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from examples import add_data_options, load_examples  # noqa: E402
from train_classifier import (  # noqa: E402
    CLASSES, NAME, VERSION, decision_thresholds, design, fit_temperature, fold_models, fold_of, out_of_fold_logits,
)

from accord.contract import to_contract  # noqa: E402
from accord.evaluation.sentences import score_sentence, summarise_sentences  # noqa: E402
from accord.events.classifier import EventClassifier, softmax  # noqa: E402
from accord.model import Article  # noqa: E402
from accord.pipeline import code_doc  # noqa: E402
from accord.resources import load_resources  # noqa: E402
from accord.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def fold_classifiers(examples, chosen: dict) -> dict[int, EventClassifier]:
    """One classifier per fold, trained without that fold's PLV records, with temperature and
    thresholds measured on the out-of-fold predictions as in train_classifier.py."""
    matrix, targets = design(examples)
    models = fold_models(examples, matrix, targets, chosen["l2"], chosen["synthetic_weight"], chosen["class_balance"])
    logits = out_of_fold_logits(examples, matrix, models)
    rows = [i for i, e in enumerate(examples) if e.origin == "plv"]
    plv_examples = [examples[i] for i in rows]
    temperature = fit_temperature(logits[rows], plv_examples)
    relabel, _, add, _ = decision_thresholds(softmax(logits[rows] / temperature), plv_examples)
    return {fold: EventClassifier(NAME, VERSION, CLASSES, w.astype(np.float32), b.astype(np.float32), temperature,
                                  relabel, add)
            for fold, (w, b) in models.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_options(parser)
    args = parser.parse_args()
    settings = Settings(use_model=False)
    resources = load_resources(settings)
    plv, _, examples = load_examples(args.shared, args.synthetic_every, args.examples_cache, resources)
    chosen = json.loads((ROOT / "training/metrics.json").read_text(encoding="utf-8"))["chosen"]
    classifiers = fold_classifiers(examples, chosen)
    articles = [Article(id=str(r["id"]), text=r["text"]) for r in plv]
    results: dict[str, list] = {"rules only": [], "combined": []}
    pairs = ((a.text, (a, r)) for a, r in zip(articles, plv))
    for doc, (article, record) in resources.nlp.pipe(pairs, as_tuples=True, batch_size=64):
        combined = replace(resources, classifier=classifiers[fold_of(article.id)])
        for name, res in (("rules only", resources), ("combined", combined)):
            results[name].append(score_sentence(record, to_contract(code_doc(doc, article, res, settings))))
    for name, scored in results.items():
        summary = summarise_sentences(scored)
        print(f"{name:10}  macro-F1 {summary.macro_f1:.4f}  accuracy {summary.accuracy:.4f}  "
              f"strict {summary.strict_rate:.4f}  found {summary.found_rate:.4f}  pairs {summary.pairs}")


if __name__ == "__main__":
    main()
