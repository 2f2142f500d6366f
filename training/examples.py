"""Training examples for the event classifier, built the way the coder will meet them.

For each PLV sentence (train part only) and each synthetic story's lede sentence, the
accord pipeline parses the text and runs the rules (``find_events``); the examples are:

- ``marked``: the gold source/target pair, with the type the rules gave that pair;
- ``rule``: each rule event whose source or target overlaps the gold pair, with its own
  spans and type (what ``combine_events`` relabels);
- ``proposal``: the first pair ``candidate_pairs`` proposes that no rule event covers,
  when it overlaps the gold pair (what ``combine_events`` adds).

Synthetic stories carry a document label and no marked pair: their lede's rule events and
proposal take the story's type.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
from dataclasses import dataclass
from pathlib import Path

from accord.actors import build_coreference, find_actor_mentions, resolve_span
from accord.actors.phrases import PhraseActors
from accord.evaluation.load import plv_split
from accord.evaluation.sentences import parse_marked
from accord.events import find_events
from accord.events.classifier import _overlaps, _span, pair_features, pair_texts, silent_pair
from accord.model import Actor


SHARED = Path(__file__).resolve().parents[2] / "shared"


def data_files(shared: str) -> tuple[Path, Path]:
    """The PLV sentences and the synthetic stories in the shared folder."""
    return Path(shared) / "data/plv_train.jsonl", Path(shared) / "data/synthetic_events.jsonl.gz"


@dataclass
class Example:
    record: str  # the PLV or synthetic id, to keep a record's examples in one fold
    kind: str  # marked | rule | proposal
    origin: str  # plv | synthetic
    labels: tuple[str, ...]
    features: list[str]
    rule_type: str | None
    texts: tuple[str, str]  # what the optional embedding head reads (classifier.pair_texts)


def read_plv(path: str, part: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if plv_split(str(r["id"])) == part]


def read_synthetic(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _lede(text: str) -> str:
    """The first paragraph: synthetic stories state their event up front."""
    return text.strip().split("\n")[0][:600]


def _context(doc, resources):
    mentions = find_actor_mentions(doc, resources.actor_tables, None)
    actors = PhraseActors(doc, resources.actor_tables, None, build_coreference(doc, mentions), resolve_span)
    return actors, find_events(doc, actors, resources.events)


def _marked_actor(doc, spans) -> Actor | None:
    if not spans:
        return None
    start, end = spans[0]
    return Actor(doc.text[start:end], start, end, None, None, None)


def _examples_for(doc, resources, record_id: str, origin: str, labels: tuple[str, ...],
                  gold_source: Actor | None, gold_target: Actor | None) -> list[Example]:
    actors, events = _context(doc, resources)
    sents = list(doc.sents)
    found: list[Example] = []

    def hits(source, target) -> bool:
        if gold_source is None and gold_target is None:
            return True  # a document label covers every pair in its lede
        return _overlaps(source, gold_source) or _overlaps(target, gold_target)

    matched = [e for e in events if hits(e.source, e.target)]
    if gold_source is not None or gold_target is not None:
        # The rule type the evaluator would read for the pair: strict first, then confidence.
        best = max(matched, key=lambda e: (_overlaps(e.source, gold_source) and _overlaps(e.target, gold_target),
                                           e.confidence), default=None)
        sent = doc[:]
        source = doc.char_span(gold_source.start, gold_source.end, alignment_mode="expand") if gold_source else None
        target = doc.char_span(gold_target.start, gold_target.end, alignment_mode="expand") if gold_target else None
        anchor = source or target
        if anchor is not None:
            sent = anchor.sent
        rule_type = best.type if best else None
        found.append(Example(record_id, "marked", origin, labels,
                             pair_features(sent, source, target, rule_type, resources.events.lexicon), rule_type,
                             pair_texts(sent, source, target)))
    for event in matched:
        sent = sents[event.sentence]
        if origin == "synthetic" and event.sentence != 0:
            continue
        source, target = _span(doc, sent, event.source), _span(doc, sent, event.target)
        features = pair_features(sent, source, target, event.type, resources.events.lexicon)
        found.append(Example(record_id, "rule", origin, labels, features, event.type, pair_texts(sent, source, target)))
    for index, sent in enumerate(sents[:1] if origin == "synthetic" else sents):
        candidate = silent_pair(sent, [e for e in events if e.sentence == index], actors, resources.events)
        if candidate is not None and hits(candidate.source, candidate.target):
            source, target = _span(doc, sent, candidate.source), _span(doc, sent, candidate.target)
            features = pair_features(sent, source, target, None, resources.events.lexicon)
            found.append(Example(record_id, "proposal", origin, labels, features, None, pair_texts(sent, source, target)))
    return found


def build_examples(plv: list[dict], synthetic: list[dict], resources, batch_size: int = 64) -> list[Example]:
    examples: list[Example] = []
    texts = [(parse_marked(r["marked"]).text, ("plv", r)) for r in plv]
    texts += [(_lede(r["text"]), ("synthetic", r)) for r in synthetic]
    for doc, (origin, record) in resources.nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        if origin == "plv":
            pair = parse_marked(record["marked"])
            labels = tuple(record["type"]) if isinstance(record["type"], list) else (record["type"],)
            source, target = _marked_actor(doc, pair.source), _marked_actor(doc, pair.target)
        else:
            labels, source, target = (record["type"],), None, None
        examples.extend(_examples_for(doc, resources, str(record["id"]), origin, labels, source, target))
    return examples


def load_examples(shared: str, synthetic_every: int, cache: str | None,
                  resources) -> tuple[list[dict], list[dict], list[Example]]:
    """The PLV train records, every ``synthetic_every``-th synthetic story, and their
    examples; the examples are read from ``cache`` (a pickle) when it exists, and written
    there otherwise, so reruns skip parsing."""
    plv_path, synthetic_path = data_files(shared)
    plv = read_plv(str(plv_path), "train")
    synthetic = read_synthetic(str(synthetic_path))[::synthetic_every]
    if cache and Path(cache).exists():
        return plv, synthetic, pickle.loads(Path(cache).read_bytes())
    examples = build_examples(plv, synthetic, resources)
    if cache:
        Path(cache).write_bytes(pickle.dumps(examples))
    return plv, synthetic, examples


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """The options every training script takes to find and cache its examples."""
    parser.add_argument("--shared", default=str(SHARED), help="The shared folder with data/plv_train.jsonl.")
    parser.add_argument("--synthetic-every", type=int, default=1, help="Keep every Nth synthetic story (quicker runs).")
    parser.add_argument("--examples-cache", default=None,
                        help="Pickle of the built examples: read if present, else written (reruns skip parsing).")
