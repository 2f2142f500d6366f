"""Train the event classifier shipped as src/accord/data/events/classifier.npz.

    .venv/bin/python training/train_classifier.py [--shared ../shared] [--out src/accord/data/events/classifier.npz]

Reproducible: fixed folds and seeds, numpy + scipy only (both runtime dependencies).
Data: PLV sentences outside the dev split (``plv_split(id) == "train"``; dev is never
read) and the synthetic stories. Steps:

1. build examples with the accord pipeline itself (``training/examples.py``);
2. pick the L2 strength, the synthetic weight and the class balance by 5-fold
   cross-validation over the PLV train records (macro-F1 of the marked pairs, out of fold);
3. fit a temperature on the out-of-fold logits (calibration; ECE before and after);
4. choose the relabel threshold (most right types gained) and the add threshold (a set
   precision) on the out-of-fold rule and proposal examples;
5. fit on everything and write the weights (float16) with their metadata, and
   ``training/metrics.json`` for the model card.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from examples import Example, add_data_options, data_files, load_examples  # noqa: E402

from accord.evaluation.load import record_hash  # noqa: E402
from accord.events.classifier import hash_features, softmax  # noqa: E402
from accord.model import EVENT_TYPES  # noqa: E402
from accord.resources import load_resources  # noqa: E402
from accord.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NAME, VERSION = "plover-lr", 1
DIM = 2 ** 16
FOLDS = 5
L2_GRID = (1.0,)
SYNTHETIC_WEIGHT_GRID = (0.15, 0.3)
# Examples of a type weigh (its share of the label mass)^-balance: macro-F1 counts the rare
# types (COOPERATE, MOBILIZE, PROTEST) as much as ASSAULT.
CLASS_BALANCE_GRID = (0.0, 0.5)
# A proposed event must name an accepted type this often out of fold.
ADD_PRECISION = 0.75
# Every PLV sentence holds an event, most news sentences do not, so out-of-fold precision
# flatters proposals: never propose a type the classifier gives less than even odds.
ADD_FLOOR = 0.5
CLASSES = tuple(EVENT_TYPES)


def design(examples: list[Example]) -> tuple[sparse.csr_matrix, np.ndarray]:
    rows, cols = [], []
    targets = np.zeros((len(examples), len(CLASSES)))
    for i, example in enumerate(examples):
        buckets = np.unique(hash_features(example.features, DIM))
        rows.append(np.full(len(buckets), i))
        cols.append(buckets)
        for label in example.labels:  # CONCEDE/RETREAT share a PLV label: split the mass
            targets[i, CLASSES.index(label)] = 1.0 / len(example.labels)
    data = np.ones(sum(len(c) for c in cols))
    matrix = sparse.csr_matrix((data, (np.concatenate(rows), np.concatenate(cols))), shape=(len(examples), DIM))
    return matrix, targets


def fit(matrix, targets, weights, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with soft targets, sample weights and L2, by L-BFGS."""
    n, k = targets.shape
    dim = matrix.shape[1]
    scale = weights / weights.sum()

    def loss(params):
        w = params[:-k].reshape(dim, k)
        b = params[-k:]
        logits = matrix @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1, keepdims=True))
        log_p = logits - log_norm
        value = -(scale[:, None] * targets * log_p).sum() + 0.5 * l2 / n * (w * w).sum()
        grad_logits = scale[:, None] * (np.exp(log_p) * targets.sum(axis=1, keepdims=True) - targets)
        grad_w = matrix.T @ grad_logits + l2 / n * w
        return value, np.concatenate([np.asarray(grad_w).ravel(), grad_logits.sum(axis=0)])

    result = optimize.minimize(loss, np.zeros(dim * k + k), jac=True, method="L-BFGS-B",
                               options={"maxiter": 200})
    return result.x[:-k].reshape(dim, k), result.x[-k:]


def sample_weights(examples: list[Example], targets: np.ndarray, synthetic_weight: float,
                   balance: float) -> np.ndarray:
    weights = np.array([synthetic_weight if e.origin == "synthetic" else 1.0 for e in examples])
    mass = (targets * weights[:, None]).sum(axis=0)
    type_weight = (np.where(mass > 0, mass, 1.0) / mass[mass > 0].mean()) ** -balance
    return weights * (targets @ type_weight)


def macro_f1(examples: list[Example], predicted: list[str]) -> float:
    """Per-type F1 as ``accord eval`` counts it: a prediction in the gold list is right."""
    tp, pred, gold = {}, {}, {}
    for example, p in zip(examples, predicted):
        label = p if p in example.labels else example.labels[0]
        gold[label] = gold.get(label, 0) + 1
        pred[p] = pred.get(p, 0) + 1
        tp[label] = tp.get(label, 0) + (label == p)
    scores = []
    for t in set(gold) | set(pred):
        prec = tp.get(t, 0) / pred[t] if pred.get(t) else 0.0
        rec = tp.get(t, 0) / gold[t] if gold.get(t) else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores)


def fold_of(record_id: str) -> int:
    """The cross-validation fold of a PLV record. The dev split is record_hash % 5 == 0 too,
    so the train part holds no record of fold 0."""
    return record_hash(record_id) % FOLDS


def _folds(examples: list[Example]) -> np.ndarray:
    return np.array([fold_of(e.record) if e.origin == "plv" else -1 for e in examples])


def fold_models(examples, matrix, targets, l2, synthetic_weight, balance) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """One model per fold, fitted without that fold's PLV records (synthetic examples always
    train); a fold that holds no PLV record gets none."""
    folds = _folds(examples)
    weights = sample_weights(examples, targets, synthetic_weight, balance)
    return {fold: fit(matrix[folds != fold], targets[folds != fold], weights[folds != fold], l2)
            for fold in range(FOLDS) if (folds == fold).any()}


def out_of_fold_logits(examples, matrix, models) -> np.ndarray:
    """Logits for each PLV example from the fold model that never saw its record."""
    folds = _folds(examples)
    logits = np.zeros((len(examples), len(CLASSES)))
    for fold, (w, b) in models.items():
        logits[folds == fold] = matrix[folds == fold] @ w + b
    return logits


def fit_temperature(logits: np.ndarray, examples: list[Example]) -> float:
    gold = np.array([[label in e.labels for label in CLASSES] for e in examples])

    def nll(t):
        p = softmax(logits / t)
        return -np.log((p * gold).sum(axis=1) + 1e-12).mean()

    return float(optimize.minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)


def calibration(probs: np.ndarray, examples: list[Example], bins: int = 10) -> dict:
    """Expected calibration error and the reliability table of the top prediction."""
    top = probs.max(axis=1)
    right = np.array([CLASSES[i] in e.labels for i, e in zip(probs.argmax(axis=1), examples)])
    table, ece = [], 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        inside = (top >= lo) & (top < lo + 1 / bins)
        if inside.any():
            gap = abs(top[inside].mean() - right[inside].mean())
            ece += inside.mean() * gap
            table.append({"bin": f"{lo:.1f}-{lo + 1 / bins:.1f}", "n": int(inside.sum()),
                          "confidence": round(float(top[inside].mean()), 3),
                          "accuracy": round(float(right[inside].mean()), 3)})
    return {"ece": round(float(ece), 4), "reliability": table}


def add_threshold(probs, examples, precision: float) -> tuple[float, dict]:
    """The lowest probability at which a proposed event names an accepted type
    ``precision`` of the time out of fold."""
    top, right = probs.max(axis=1), _right(probs, examples)
    for threshold in np.arange(0.3, 0.96, 0.05):
        chosen = top >= threshold
        if chosen.sum() >= 5 and right[chosen].mean() >= precision:
            return round(float(threshold), 2), {"acted": int(chosen.sum()), "right": round(float(right[chosen].mean()), 3)}
    return 0.99, {"acted": 0, "right": None}


def relabel_threshold(probs, examples, rule_types) -> tuple[float, dict]:
    """The probability above which overruling the rule type gains the most right types out
    of fold (relabels that turn a right rule type wrong count against)."""
    top, best = probs.max(axis=1), probs.argmax(axis=1)
    disagree = np.array([CLASSES[b] != r for b, r in zip(best, rule_types)])
    clf_right = _right(probs, examples)
    rule_right = np.array([r in e.labels for r, e in zip(rule_types, examples)])
    chosen_threshold, chosen_gain, stats = 0.99, 0, {"acted": 0, "gain": 0}
    for threshold in np.arange(0.3, 0.96, 0.05):
        acting = disagree & (top >= threshold)
        gain = int(clf_right[acting].sum() - rule_right[acting].sum())
        if gain > chosen_gain:
            chosen_threshold, chosen_gain = round(float(threshold), 2), gain
            stats = {"acted": int(acting.sum()), "gain": gain, "classifier_right": int(clf_right[acting].sum()),
                     "rule_right": int(rule_right[acting].sum())}
    return chosen_threshold, stats


def decision_thresholds(probs, examples) -> tuple[float, dict, float, dict]:
    """(relabel threshold, its statistics, add threshold, its statistics), measured on the
    calibrated out-of-fold probabilities of the PLV examples: the rule examples for
    relabelling, the proposals for adding (never under ADD_FLOOR)."""
    kinds = np.array([e.kind for e in examples])
    rule_rows, proposal_rows = np.flatnonzero(kinds == "rule"), np.flatnonzero(kinds == "proposal")
    relabel, relabel_stats = relabel_threshold(probs[rule_rows], [examples[i] for i in rule_rows],
                                               [examples[i].rule_type for i in rule_rows])
    add, add_stats = add_threshold(probs[proposal_rows], [examples[i] for i in proposal_rows], ADD_PRECISION)
    return relabel, relabel_stats, max(add, ADD_FLOOR), add_stats


def _right(probs, examples) -> np.ndarray:
    return np.array([CLASSES[b] in e.labels for b, e in zip(probs.argmax(axis=1), examples)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_options(parser)
    parser.add_argument("--out", default=str(ROOT / "src/accord/data/events/classifier.npz"))
    parser.add_argument("--metrics", default=str(ROOT / "training/metrics.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    plv_path, synthetic_path = data_files(args.shared)
    plv, synthetic, examples = load_examples(args.shared, args.synthetic_every, args.examples_cache,
                                             load_resources(Settings(use_model=False)))
    print(f"{len(plv)} PLV train records, {len(synthetic)} synthetic stories -> {len(examples)} examples "
          f"({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    matrix, targets = design(examples)
    plv_rows = [i for i, e in enumerate(examples) if e.origin == "plv"]
    marked_rows = [i for i in plv_rows if examples[i].kind == "marked"]

    search = []
    for l2, synthetic_weight, balance in itertools.product(L2_GRID, SYNTHETIC_WEIGHT_GRID, CLASS_BALANCE_GRID):
        logits = out_of_fold_logits(examples, matrix,
                                    fold_models(examples, matrix, targets, l2, synthetic_weight, balance))
        predicted = [CLASSES[i] for i in logits[marked_rows].argmax(axis=1)]
        score = macro_f1([examples[i] for i in marked_rows], predicted)
        search.append({"l2": l2, "synthetic_weight": synthetic_weight, "class_balance": balance,
                       "oof_marked_macro_f1": round(score, 4), "logits": logits})
        print(f"l2={l2} synthetic_weight={synthetic_weight} class_balance={balance}: "
              f"out-of-fold marked macro-F1 {score:.4f}", file=sys.stderr)
    chosen = max(search, key=lambda s: s["oof_marked_macro_f1"])
    logits = chosen["logits"][plv_rows]
    for entry in search:
        del entry["logits"]
    plv_examples = [examples[i] for i in plv_rows]
    temperature = fit_temperature(logits, plv_examples)
    probs = softmax(logits / temperature)
    relabel, relabel_stats, add, add_stats = decision_thresholds(probs, plv_examples)

    weights, bias = fit(matrix, targets, sample_weights(examples, targets, chosen["synthetic_weight"], chosen["class_balance"]),
                        chosen["l2"])
    meta = {
        "name": NAME, "version": VERSION, "classes": list(CLASSES), "dim": DIM,
        "temperature": round(temperature, 4), "relabel_threshold": relabel, "add_threshold": add,
        "trained": dt.date.today().isoformat(),
        "data": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (plv_path, synthetic_path)},
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, weights=weights.astype(np.float16), bias=bias.astype(np.float32),
                        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8))
    Path(args.out).write_bytes(buffer.getvalue())
    metrics = {
        **meta, "examples": {k: int((np.array([e.kind for e in examples]) == k).sum()) for k in ("marked", "rule", "proposal")},
        "plv_train_records": len(plv), "synthetic_stories": len(synthetic), "search": search, "chosen": chosen,
        "calibration_before": calibration(softmax(logits), plv_examples),
        "calibration_after": calibration(probs, plv_examples),
        "relabel": relabel_stats, "add": add_stats, "seconds": round(time.perf_counter() - started),
    }
    Path(args.metrics).write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: metrics[k] for k in ("temperature", "relabel_threshold", "add_threshold", "relabel", "add")}),
          file=sys.stderr)
    print(f"ECE {metrics['calibration_before']['ece']} -> {metrics['calibration_after']['ece']}; wrote {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
