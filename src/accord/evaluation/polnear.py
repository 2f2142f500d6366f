"""Score coded quotes against PolNeAR attribution gold (BRAT standoff).

The gold folder holds ``text/<doc>.txt`` and ``attributions/<doc>.ann``; each
``E`` line of type ``Attribution`` (or ``Attribution-no-source``) ties a
Source, a Cue and a Content span. Coded records are joined to documents by
``article.id`` (``accord code`` names a ``.txt`` by its stem).

Each coded quote is one system attribution: its speaker's written mention is
the source, its cue the cue, its text the content. Quotes sharing a cue (a
quote split by "he said", or a reported clause and the partial quote inside
it) are one attribution whose content is the union of their spans, the way
PolNeAR marks a discontinuous content.

Spans are scored per document and role (source, cue, content), as sets:

- **exact**: same character spans once whitespace and punctuation (quotation
  marks, commas, full stops) are trimmed from the ends of every fragment;
- **overlap**: one-to-one pairs that share at least one word token, greedily
  taking the pairs with the most shared tokens first.

``speech`` restricts gold and system attributions to speech cues (say, tell,
according to), the cues most tools target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.ingest.text import normalise_text

ROLES = ("source", "cue", "content")
SCOPES = ("all", "speech")
MATCHES = ("exact", "overlap")
SPEECH_CUE_WORDS = frozenset({"say", "says", "said", "saying", "tell", "tells", "told", "telling", "according"})
_TRIM = " \t\n\"'“”‘’«»„,.;:!?()[]—–-―…"
_WORD = re.compile(r"\w+")

Span = tuple[tuple[int, int], ...]  # fragments, sorted and disjoint


@dataclass(frozen=True, slots=True)
class Triple:
    """One attribution: its source (None when unmarked), cue and content spans."""

    source: Span | None
    cue: Span | None
    content: Span | None
    speech: bool


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    id: str
    text: str
    attributions: tuple[Triple, ...]


@dataclass(frozen=True, slots=True)
class SpanScore:
    gold: int
    system: int
    right: int

    @property
    def precision(self) -> float | None:
        return self.right / self.system if self.system else None

    @property
    def recall(self) -> float | None:
        return self.right / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True, slots=True)
class PolnearSummary:
    documents: int
    coded: int  # documents with a coded record
    gold_attributions: int
    system_attributions: int
    scores: dict[str, SpanScore]  # "<scope>/<role>/<match>" -> counts


def is_polnear_gold(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and (path / "attributions").is_dir() and (path / "text").is_dir()


def read_polnear(path: str | Path) -> list[PolnearDoc]:
    """Every document of a PolNeAR split folder, with its attribution triples.

    Annotations are named ``<doc>_<annotator>.ann``; a document several annotators
    marked is scored once, against the first annotation by name. Gold offsets are
    carried over to the text as ``accord code`` normalises it (no-break spaces,
    control characters), so they point where the coded offsets do.
    """
    path = Path(path)
    docs = []
    seen = set()
    for ann in sorted((path / "attributions").glob("*.ann")):
        doc_id = ann.stem.rsplit("_", 1)[0]
        if doc_id in seen:
            continue
        seen.add(doc_id)
        text_file = path / "text" / f"{doc_id}.txt"
        try:
            raw = text_file.read_text(encoding="utf-8")
            standoff = ann.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{text_file}: cannot read the PolNeAR document ({err})") from err
        text, _ = normalise_text(raw)
        docs.append(PolnearDoc(doc_id, text, tuple(_parse_standoff(standoff, raw, text, ann))))
    if not docs:
        raise InputError(f"{path}: no attributions/*.ann files")
    return docs


def _offset_map(raw: str, text: str) -> list[int]:
    """Position in ``raw`` -> position in its normalised ``text``."""
    if len(raw) == len(text):
        return list(range(len(raw) + 1))
    positions = [0] * (len(raw) + 1)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, raw, text, autojunk=False).get_opcodes():
        for i in range(i1, i2 + 1):
            positions[i] = j1 + (i - i1) if op == "equal" else (j1 if i == i1 else j2)
    return positions


def _parse_standoff(standoff: str, raw: str, text: str, where: Path) -> Iterable[Triple]:
    moved = _offset_map(raw, text)
    spans: dict[str, Span] = {}
    relations = []
    for line_no, line in enumerate(standoff.splitlines(), 1):
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _kind, _, ranges = fields[1].partition(" ")
            try:
                fragments = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            except ValueError as err:
                raise InputError(f"{where}:{line_no}: bad span {fields[1]!r}") from err
            if any(len(f) != 2 or not 0 <= f[0] <= f[1] <= len(raw) for f in fragments):
                raise InputError(f"{where}:{line_no}: span {ranges!r} outside the text")
            spans[fields[0]] = _normalise([(moved[a], moved[b]) for a, b in fragments], text)
        elif line.startswith("E") and len(fields) >= 2:
            relations.append(fields[1].split())
    for parts in relations:
        if not parts or not parts[0].startswith("Attribution"):
            continue
        roles = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
        cue = spans.get(roles.get("Cue", ""))
        yield Triple(spans.get(roles.get("Source", "")), cue, spans.get(roles.get("Content", "")),
                     _is_speech(cue, text))


def _normalise(fragments, text: str) -> Span:
    """Fragments trimmed of edge whitespace and punctuation, merged where they touch."""
    out: list[list[int]] = []
    for start, end in sorted(fragments):
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if start == end:
            continue
        if out and not text[out[-1][1]:start].strip(_TRIM):
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def _is_speech(cue: Span | None, text: str) -> bool:
    return cue is not None and any(w.lower() in SPEECH_CUE_WORDS for s, e in cue for w in _WORD.findall(text[s:e]))


def system_triples(record: dict[str, Any], text: str) -> list[Triple]:
    """The coded record's quotes as attribution triples (quotes sharing a cue merged)."""
    by_cue: dict[Any, dict[str, list]] = {}
    for i, quote in enumerate(record.get("quotes") or []):
        cue = quote.get("cue")
        key = (cue["start"], cue["end"]) if cue else ("quote", i)
        slot = by_cue.setdefault(key, {"content": [], "source": []})
        slot["content"].append((quote["start"], quote["end"]))
        speaker = quote.get("speaker") or {}
        if speaker.get("start") is not None and speaker.get("end") is not None:
            slot["source"].append((speaker["start"], speaker["end"]))
    triples = []
    for key, slot in by_cue.items():
        cue = _normalise([key], text) if key[0] != "quote" else None
        source = _normalise(slot["source"][:1], text) if slot["source"] else None
        triples.append(Triple(source or None, cue or None, _normalise(slot["content"], text) or None,
                              _is_speech(cue, text)))
    return triples


def _words(span: Span, text: str) -> set[int]:
    return {s + m.start() for s, e in span for m in _WORD.finditer(text[s:e])}


def _overlap_matches(gold: set[Span], system: set[Span], text: str) -> int:
    gold_words = {g: _words(g, text) for g in gold}
    system_words = {s: _words(s, text) for s in system}
    pairs = sorted(((len(gw & sw), g, s) for g, gw in gold_words.items() for s, sw in system_words.items()
                    if gw & sw), reverse=True)
    used_gold: set[Span] = set()
    used_system: set[Span] = set()
    for _shared, g, s in pairs:
        if g not in used_gold and s not in used_system:
            used_gold.add(g)
            used_system.add(s)
    return len(used_gold)


def score_document(gold: list[Triple], system: list[Triple], text: str) -> dict[str, SpanScore]:
    scores = {}
    for scope in SCOPES:
        g_triples = [t for t in gold if scope == "all" or t.speech]
        s_triples = [t for t in system if scope == "all" or t.speech]
        for role in ROLES:
            g_spans = {getattr(t, role) for t in g_triples} - {None}
            s_spans = {getattr(t, role) for t in s_triples} - {None}
            scores[f"{scope}/{role}/exact"] = SpanScore(len(g_spans), len(s_spans), len(g_spans & s_spans))
            scores[f"{scope}/{role}/overlap"] = SpanScore(len(g_spans), len(s_spans),
                                                          _overlap_matches(g_spans, s_spans, text))
    return scores


def score_polnear(docs: list[PolnearDoc], coded: dict[str, dict]) -> tuple[PolnearSummary, list[str]]:
    """Micro totals over all documents; a document without a coded record counts as
    coded with nothing found."""
    totals: dict[str, list[int]] = {}
    warnings = []
    system_count = 0
    for doc in docs:
        record = coded.get(doc.id)
        if record is None:
            warnings.append(f"no_coded_record: {doc.id} was not coded (scored as finding nothing)")
        system = system_triples(record, doc.text) if record is not None else []
        system_count += len(system)
        for key, score in score_document(list(doc.attributions), system, doc.text).items():
            total = totals.setdefault(key, [0, 0, 0])
            total[0] += score.gold
            total[1] += score.system
            total[2] += score.right
    summary = PolnearSummary(
        documents=len(docs),
        coded=sum(doc.id in coded for doc in docs),
        gold_attributions=sum(len(doc.attributions) for doc in docs),
        system_attributions=system_count,
        scores={k: SpanScore(*v) for k, v in totals.items()},
    )
    return summary, warnings


def polnear_metrics(summary: PolnearSummary) -> dict[str, float | None]:
    """Flat headline numbers: ``polnear_<scope>_<role>_<match>_f1`` (and _precision, _recall)."""
    out = {}
    for key, score in summary.scores.items():
        name = "polnear_" + key.replace("/", "_")
        out |= {f"{name}_precision": score.precision, f"{name}_recall": score.recall, f"{name}_f1": score.f1}
    return out
