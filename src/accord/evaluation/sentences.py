"""Score coded sentences against PLV gold (a marked source and target per sentence).

Each gold record is one sentence; the coder codes it as an article whose id is
the record id, so coded records are joined by ``article.id``. The marked pair
is read from ``marked``: ``<s>..</s>`` spans are the source, ``<t>..</t>``
spans the target (either may repeat; a side with no tags, e.g. the implicit
"a recipient", has no span and is not required).

For each pair and each system event:

- *strict*: the event's source span (``source.start``..``end``) overlaps a
  marked source span and its target span overlaps a marked target span (a side
  without marked spans is ignored);
- *found* (the headline rate): the event's source overlaps a marked source
  span OR its target overlaps a marked target span;
- *any event*: the coder produced at least one event for the sentence.

The predicted type of the pair is the type of the best found event: strict
events first, then the higher ``confidence``, then source overlap before
target overlap, then document order. No found event predicts ``NONE``.

Metrics: accuracy = share of pairs whose predicted type is one of the gold
types. For per-type scores a pair's gold label is the predicted type when it
is in the gold list (CONCEDE/RETREAT are listed together), else the first
listed type. Macro-F1 is the mean F1 over the PLOVER types that occur as a
gold label or a prediction (``NONE`` is never a class of its own, but a
``NONE`` prediction is a miss for the gold type).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from accord.evaluation.load import all_acts
from accord.model import EVENT_TYPES

NONE = "NONE"
_TAG = re.compile(r"</?[st]>")


@dataclass(frozen=True, slots=True)
class MarkedPair:
    """Character spans of the marked source and target in the plain sentence text."""

    source: tuple[tuple[int, int], ...]
    target: tuple[tuple[int, int], ...]
    text: str  # the text with tags stripped


@dataclass(frozen=True, slots=True)
class SentenceResult:
    id: str
    gold: tuple[str, ...]
    predicted: str
    label: str  # the gold label used for per-type scores
    strict: bool
    found: bool
    any_event: bool
    event_id: str | None


@dataclass(frozen=True, slots=True)
class TypeScore:
    precision: float | None
    recall: float | None
    f1: float | None
    support: int  # pairs with this gold label
    predicted: int  # pairs predicted as this type


@dataclass(frozen=True, slots=True)
class SentenceSummary:
    pairs: int
    found: int
    strict: int
    any_event: int
    correct: int
    found_rate: float | None
    strict_rate: float | None
    any_event_rate: float | None
    accuracy: float | None
    macro_f1: float | None
    per_type: dict[str, TypeScore]
    confusion: dict[str, dict[str, int]]  # gold label -> predicted type -> count


def parse_marked(marked: str) -> MarkedPair:
    """Strip the ``<s>``/``<t>`` tags from ``marked`` and return the tagged spans."""
    spans: dict[str, list[tuple[int, int]]] = {"s": [], "t": []}
    opened: dict[str, int] = {}
    out: list[str] = []
    length = pos = 0
    for match in _TAG.finditer(marked):
        chunk = marked[pos:match.start()]
        out.append(chunk)
        length += len(chunk)
        tag = match.group()
        side = tag[-2]
        if tag.startswith("</"):
            if side in opened:
                spans[side].append((opened.pop(side), length))
        else:
            opened[side] = length
        pos = match.end()
    out.append(marked[pos:])
    return MarkedPair(tuple(spans["s"]), tuple(spans["t"]), "".join(out))


def _actor_spans(actor: Any) -> list[tuple[int, int]]:
    """Where the actor is written, and where its antecedent is when it was resolved from a
    pronoun: "they" resolved to "Teachers" marks the teachers."""
    if not isinstance(actor, dict):
        return []
    spans = []
    for where in (actor, actor.get("antecedent")):
        if isinstance(where, dict) and isinstance(where.get("start"), int) and isinstance(where.get("end"), int):
            spans.append((where["start"], where["end"]))
    return spans


def _overlaps(spans: list[tuple[int, int]], marked: tuple[tuple[int, int], ...]) -> bool:
    return any(span[0] < e and s < span[1] for span in spans for s, e in marked)


def score_sentence(gold: dict[str, Any], coded: dict[str, Any] | None) -> SentenceResult:
    pair = parse_marked(gold["marked"])
    types = tuple(gold["type"]) if isinstance(gold["type"], list) else (gold["type"],)
    # The type and the marked spans are scored, not the codes: an act whose source has no
    # code ("unattributed") is as much an answer here as a coded one.
    events = all_acts(coded)
    best_key, best = None, None
    strict_any = False
    for order, event in enumerate(events):
        src = _overlaps(_actor_spans(event.get("source")), pair.source)
        tgt = _overlaps(_actor_spans(event.get("target")), pair.target)
        if not (src or tgt):
            continue
        strict = (src or not pair.source) and (tgt or not pair.target)
        strict_any = strict_any or strict
        key = (strict, float(event.get("confidence") or 0.0), src, -order)
        if best_key is None or key > best_key:
            best_key, best = key, event
    predicted = str(best.get("type")) if best is not None else NONE
    return SentenceResult(
        id=str(gold["id"]), gold=types, predicted=predicted,
        label=predicted if predicted in types else types[0],
        strict=strict_any, found=best is not None, any_event=bool(events),
        event_id=None if best is None else best.get("id"),
    )


def ratio(num: int, den: int) -> float | None:
    """num/den, or None when den is 0."""
    return num / den if den else None


def f1_score(p: float | None, r: float | None) -> float | None:
    """Harmonic mean of precision and recall; None if either is undefined."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise_sentences(results: list[SentenceResult]) -> SentenceSummary:
    n = len(results)
    confusion: dict[str, Counter[str]] = {}
    for r in results:
        confusion.setdefault(r.label, Counter())[r.predicted] += 1
    labels = Counter(r.label for r in results)
    predictions = Counter(r.predicted for r in results)
    hits = Counter(r.label for r in results if r.label == r.predicted)
    per_type: dict[str, TypeScore] = {}
    for t in EVENT_TYPES:
        p, rec = ratio(hits[t], predictions[t]), ratio(hits[t], labels[t])
        if labels[t] or predictions[t]:
            # a type never predicted has precision 0 for macro purposes, likewise recall
            p, rec = p or 0.0, rec or 0.0
        per_type[t] = TypeScore(p, rec, f1_score(p, rec), labels[t], predictions[t])
    used = [s.f1 for t, s in per_type.items() if labels[t] or predictions[t]]
    correct = sum(r.predicted in r.gold for r in results)
    return SentenceSummary(
        pairs=n,
        found=sum(r.found for r in results),
        strict=sum(r.strict for r in results),
        any_event=sum(r.any_event for r in results),
        correct=correct,
        found_rate=ratio(sum(r.found for r in results), n),
        strict_rate=ratio(sum(r.strict for r in results), n),
        any_event_rate=ratio(sum(r.any_event for r in results), n),
        accuracy=ratio(correct, n),
        macro_f1=sum(used) / len(used) if used else None,
        per_type=per_type,
        confusion={g: dict(c) for g, c in sorted(confusion.items())},
    )
