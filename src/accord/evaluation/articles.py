"""Score coded articles against article gold (``*.gold.json``).

Matching follows ``GOLD_FORMAT.md``:

- a system event matches a gold event when its evidence span
  (``text[start:end]``) contains the gold ``sentence_contains`` text, its
  ``type`` is one of the gold types and its source ``code`` equals the gold
  ``source``. Whitespace runs and curly/straight quote marks are normalised
  on both sides before the containment test; case is kept.
- each system event counts once: ``matched`` if it matches any required gold
  event, ``optional`` (left out of precision) if it matches only optional gold
  events, ``unmatched`` (a false positive) otherwise.
- a gold event is recalled when at least one system event matches it. Of its
  matching system events, the one with the most attributes right (then the
  higher confidence) is the one reported and scored.
- attribute accuracy counts required gold events that were matched, and only
  the attributes the gold gives. ``target: "*"`` accepts anything and is not
  scored. Optional gold events are listed with their checks but not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ATTRIBUTES = ("target", "source_sector", "issue", "modality", "date", "locations",
              "attribution_anonymous")
SPEAKER_FIELDS = ("code", "name", "anonymous", "via")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True, slots=True)
class Check:
    """One attribute (or speaker field) of one gold item: gold value, system value, verdict."""

    name: str
    gold: Any
    system: Any
    ok: bool


@dataclass(frozen=True, slots=True)
class EventSummary:
    """The system event shown against a gold event."""

    id: str | None
    type: str | None
    source: str | None
    sentence: str | None


@dataclass(frozen=True, slots=True)
class GoldEventResult:
    sentence_contains: str
    types: tuple[str, ...]
    source: str | None
    required: bool
    matched: bool
    n_matches: int
    system: EventSummary | None
    checks: tuple[Check, ...]


@dataclass(frozen=True, slots=True)
class SystemEventResult:
    id: str | None
    type: str | None
    source: str | None
    status: str  # "matched", "optional" or "unmatched"
    gold: tuple[int, ...]  # indexes of the gold events it matches
    sentence: str | None


@dataclass(frozen=True, slots=True)
class QuoteResult:
    contains: str
    direct: bool | None
    found: bool  # a system quote's text contains the gold text (or the reverse)
    matched: bool  # found and ``direct`` agrees
    system: str | None
    checks: tuple[Check, ...]


@dataclass(frozen=True, slots=True)
class SourceResult:
    gold: str  # the gold name or contains text
    kind: str | None
    found: bool
    kind_ok: bool | None
    system: str | None


@dataclass(frozen=True, slots=True)
class StanceResult:
    holder: str | None
    issue: str | None
    stances: tuple[str, ...]
    required: bool
    found: bool  # a system stance with this holder code and issue exists
    correct: bool  # ... and its stance is in the gold list
    system: str | None


@dataclass(frozen=True, slots=True)
class ArticleResult:
    gold_id: str
    coded_id: str | None
    events: tuple[GoldEventResult, ...]
    system_events: tuple[SystemEventResult, ...]
    quotes: tuple[QuoteResult, ...]
    sources: tuple[SourceResult, ...]
    stances: tuple[StanceResult, ...]
    warnings: tuple[str, ...]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _code(actor: Any) -> str | None:
    return actor.get("code") if isinstance(actor, dict) else None


def _snippet(text: str | None, width: int = 90) -> str | None:
    if text is None:
        return None
    text = _norm(text)
    return text if len(text) <= width else text[: width - 3] + "..."


def _evidence(event: dict[str, Any], text: str | None) -> str | None:
    """The evidence sentence of a system event: its span in the article, else its own fields."""
    start, end = event.get("start"), event.get("end")
    if text is not None and isinstance(start, int) and isinstance(end, int) and start < end:
        return text[start:end]
    for key in ("sentence_text", "evidence", "text"):
        if isinstance(event.get(key), str):
            return event[key]
    return None


# --- events ------------------------------------------------------------------

def _core_match(event: dict[str, Any], evidence: str | None, gold: dict[str, Any]) -> bool:
    if evidence is None or _norm(gold.get("sentence_contains", "")) not in _norm(evidence):
        return False
    if event.get("type") not in _as_list(gold.get("type")):
        return False
    return "source" not in gold or _code(event.get("source")) == gold["source"]


def _locations(event: dict[str, Any]) -> list[dict[str, Any]]:
    found = [event.get("location")] + list(event.get("locations") or [])
    return [loc for loc in found if isinstance(loc, dict)]


def _location_found(gold: dict[str, Any], system: list[dict[str, Any]]) -> bool:
    want = str(gold.get("text") or "").casefold()
    for loc in system:
        if gold.get("country") is not None and loc.get("country") != gold.get("country"):
            continue
        names = [str(loc.get(k) or "").casefold() for k in ("text", "name")]
        if any(want and want in name for name in names):
            return True
    return False


def _attribute_checks(event: dict[str, Any], gold: dict[str, Any]) -> list[Check]:
    checks: list[Check] = []
    if "target" in gold and gold["target"] != "*":
        value = _code(event.get("target"))
        checks.append(Check("target", gold["target"], value, value in _as_list(gold["target"])))
    if "source_sector" in gold:
        source = event.get("source")
        value = source.get("sector") if isinstance(source, dict) else None
        checks.append(Check("source_sector", gold["source_sector"], value,
                            value == gold["source_sector"]))
    if "issue" in gold:
        issue = event.get("issue")
        value = issue.get("key") if isinstance(issue, dict) else None
        checks.append(Check("issue", gold["issue"], value, value in _as_list(gold["issue"])))
    if "modality" in gold:
        value = event.get("modality")
        checks.append(Check("modality", gold["modality"], value, value in _as_list(gold["modality"])))
    if "date" in gold:
        value = event.get("date")
        want = gold["date"]
        ok = value is None if want is None else isinstance(value, str) and value.startswith(str(want))
        checks.append(Check("date", want, value, ok))
    if "locations" in gold:
        system = _locations(event)
        wanted = [loc for loc in gold["locations"] if isinstance(loc, dict)]
        shown = [f"{loc.get('name') or loc.get('text')}/{loc.get('country')}" for loc in system]
        ok = all(_location_found(loc, system) for loc in wanted)
        checks.append(Check("locations", wanted, shown, ok))
    if "attribution_anonymous" in gold:
        attribution = event.get("attribution")
        speaker = attribution.get("speaker") if isinstance(attribution, dict) else None
        value = bool(speaker.get("anonymous")) if isinstance(speaker, dict) else False
        checks.append(Check("attribution_anonymous", gold["attribution_anonymous"], value,
                            value == bool(gold["attribution_anonymous"])))
    return checks


def _summary(event: dict[str, Any], evidence: str | None) -> EventSummary:
    return EventSummary(event.get("id"), event.get("type"), _code(event.get("source")),
                        _snippet(evidence))


def score_events(gold_events: list[dict[str, Any]], events: list[dict[str, Any]],
                 text: str | None) -> tuple[tuple[GoldEventResult, ...], tuple[SystemEventResult, ...]]:
    evidence = [_evidence(e, text) for e in events]
    matches = [[g for g, gold in enumerate(gold_events) if _core_match(e, ev, gold)]
               for e, ev in zip(events, evidence)]
    system_results = []
    for event, ev, gold_ids in zip(events, evidence, matches):
        if any(gold_events[g].get("required", True) for g in gold_ids):
            status = "matched"
        else:
            status = "optional" if gold_ids else "unmatched"
        system_results.append(SystemEventResult(event.get("id"), event.get("type"),
                                                _code(event.get("source")), status,
                                                tuple(gold_ids), _snippet(ev)))
    gold_results = []
    for g, gold in enumerate(gold_events):
        candidates = [i for i, gold_ids in enumerate(matches) if g in gold_ids]
        best, checks = None, []
        for i in candidates:
            these = _attribute_checks(events[i], gold)
            key = (sum(c.ok for c in these), float(events[i].get("confidence") or 0.0))
            if best is None or key > best[0]:
                best, checks = (key, i), these
        gold_results.append(GoldEventResult(
            sentence_contains=gold.get("sentence_contains", ""),
            types=tuple(_as_list(gold.get("type"))),
            source=gold.get("source"),
            required=bool(gold.get("required", True)),
            matched=bool(candidates),
            n_matches=len(candidates),
            system=None if best is None else _summary(events[best[1]], evidence[best[1]]),
            checks=tuple(checks),
        ))
    return tuple(gold_results), tuple(system_results)


# --- quotes, sources, stances -----------------------------------------------

def _speaker_checks(quote: dict[str, Any], gold: dict[str, Any]) -> list[Check]:
    speaker = quote.get("speaker") if isinstance(quote.get("speaker"), dict) else {}
    checks = []
    if "speaker_code" in gold:
        value = speaker.get("code")
        checks.append(Check("code", gold["speaker_code"], value, value == gold["speaker_code"]))
    if "speaker_name" in gold:
        value, want = speaker.get("name"), gold["speaker_name"]
        ok = value is None if want is None else str(value or "").casefold() == str(want).casefold()
        checks.append(Check("name", want, value, ok))
    if "speaker_anonymous" in gold:
        value = bool(speaker.get("anonymous", False))
        checks.append(Check("anonymous", gold["speaker_anonymous"], value,
                            value == bool(gold["speaker_anonymous"])))
    if "via" in gold:
        value = [str(v) for v in quote.get("via") or []]
        have = {v.casefold() for v in value}
        checks.append(Check("via", gold["via"], value,
                            all(str(v).casefold() in have for v in gold["via"])))
    return checks


def score_quotes(gold_quotes: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> tuple[QuoteResult, ...]:
    results = []
    for gold in gold_quotes:
        want = _norm(str(gold.get("contains", "")))
        best = None
        for quote in quotes:
            have = _norm(str(quote.get("text") or ""))
            if not have or not (want in have or have in want):
                continue
            direct_ok = "direct" not in gold or quote.get("direct") == gold["direct"]
            checks = _speaker_checks(quote, gold)
            key = (direct_ok, sum(c.ok for c in checks))
            if best is None or key > best[0]:
                best = (key, quote, checks)
        results.append(QuoteResult(
            contains=gold.get("contains", ""), direct=gold.get("direct"), found=best is not None,
            matched=best is not None and best[0][0],
            system=None if best is None else _snippet(best[1].get("text")),
            checks=() if best is None else tuple(best[2]),
        ))
    return tuple(results)


def score_sources(gold_sources: list[dict[str, Any]], sources: list[dict[str, Any]],
                  text: str | None) -> tuple[SourceResult, ...]:
    results = []
    for gold in gold_sources:
        hits = []
        for source in sources:
            if "name" in gold:
                names = {str(source.get(k) or "").casefold() for k in ("name", "text")}
                hit = str(gold["name"]).casefold() in names
            else:
                span = str(source.get("text") or "")
                start, end = source.get("start"), source.get("end")
                if text is not None and isinstance(start, int) and isinstance(end, int):
                    span = text[start:end]
                hit = bool(gold.get("contains")) and _norm(gold["contains"]).casefold() in _norm(span).casefold()
            if hit:
                hits.append(source)
        best = next((s for s in hits if s.get("kind") == gold.get("kind")), hits[0] if hits else None)
        results.append(SourceResult(
            gold=str(gold.get("name") or gold.get("contains") or ""), kind=gold.get("kind"),
            found=best is not None,
            kind_ok=None if best is None or "kind" not in gold else best.get("kind") == gold["kind"],
            system=None if best is None else f"{best.get('name') or best.get('text')} ({best.get('kind')})",
        ))
    return tuple(results)


def score_stances(gold_stances: list[dict[str, Any]], stances: list[dict[str, Any]]) -> tuple[StanceResult, ...]:
    results = []
    for gold in gold_stances:
        wanted = tuple(_as_list(gold.get("stance")))
        hits = [s for s in stances
                if _code(s.get("holder")) == gold.get("holder") and s.get("issue") == gold.get("issue")]
        right = [s for s in hits if s.get("stance") in wanted]
        shown = right or hits
        results.append(StanceResult(
            holder=gold.get("holder"), issue=gold.get("issue"), stances=wanted,
            required=bool(gold.get("required", True)), found=bool(hits), correct=bool(right),
            system=shown[0].get("stance") if shown else None,
        ))
    return tuple(results)


def _offset_warnings(record: dict[str, Any], text: str) -> list[str]:
    """Trigger offsets that do not point at the trigger text: the text is not the coder's."""
    bad = 0
    for event in record.get("events") or []:
        trigger = event.get("trigger") or {}
        start, end = trigger.get("start"), trigger.get("end")
        if isinstance(start, int) and isinstance(end, int) and trigger.get("text") is not None:
            bad += _norm(text[start:end]) != _norm(str(trigger["text"]))
    return [f"offset_mismatch: {bad} event trigger(s) do not match the article text"] if bad else []


def score_article(gold: dict[str, Any], coded: dict[str, Any] | None, text: str | None) -> ArticleResult:
    """Compare one gold article with its coded record (None: the coder produced nothing for it)."""
    warnings: list[str] = []
    record = coded or {"article": {}, "events": [], "quotes": [], "sources": [], "stances": []}
    gold_id = str(gold.get("id"))
    if coded is None:
        warnings.append(f"no_coded_record: nothing coded for gold article {gold_id!r}")
    article = record.get("article") or {}
    if isinstance(article.get("text"), str):
        text = article["text"]
    if text is None:
        warnings.append(f"no_text: article text for {gold_id!r} not found; event spans cannot be read")
    elif coded is not None:
        warnings.extend(_offset_warnings(record, text))
    events, system_events = score_events(list(gold.get("events") or []),
                                         list(record.get("events") or []), text)
    return ArticleResult(
        gold_id=gold_id,
        coded_id=None if coded is None else str(article.get("id")),
        events=events,
        system_events=system_events,
        quotes=score_quotes(list(gold.get("quotes") or []), list(record.get("quotes") or [])),
        sources=score_sources(list(gold.get("sources") or []), list(record.get("sources") or []), text),
        stances=score_stances(list(gold.get("stances") or []), list(record.get("stances") or [])),
        warnings=tuple(warnings),
    )
