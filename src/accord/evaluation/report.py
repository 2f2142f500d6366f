"""The evaluation report: totals over articles, terminal tables and plain JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from accord.evaluation.articles import ATTRIBUTES, SPEAKER_FIELDS, ArticleResult
from accord.evaluation.geo import GeoSummary, format_geo, geo_metrics
from accord.evaluation.polnear import MATCHES, ROLES, SCOPES, PolnearSummary, SpanScore, polnear_metrics
from accord.evaluation.sentences import SentenceResult, SentenceSummary
from accord.evaluation.sentences import f1_score as _f1
from accord.evaluation.sentences import ratio as _ratio


@dataclass(frozen=True, slots=True)
class Count:
    """right out of total, with the ratio (None when total is 0)."""

    right: int
    total: int

    @property
    def ratio(self) -> float | None:
        return _ratio(self.right, self.total)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """Micro totals over all gold articles."""

    articles: int
    system_events: int  # all system events of the scored articles
    matched_events: int  # system events matching a required gold event
    optional_events: int  # matching only optional gold events: left out of precision
    required_gold: int
    recalled_gold: int
    optional_gold: int
    optional_recalled: int
    precision: float | None
    recall: float | None
    f1: float | None
    attributes: dict[str, Count]  # over matched required gold events
    attributes_all: Count  # every attribute check of matched required gold events together
    quotes_found: Count
    quotes_matched: Count  # found and ``direct`` agrees
    direct_agreement: Count  # matched out of found
    speaker: dict[str, Count]  # over found quotes
    sources_found: Count
    stances_required: Count  # correct (holder, issue and stance) out of required
    stances_required_found: Count  # holder and issue present
    stances_optional: Count


def summarise_articles(results: list[ArticleResult]) -> ArticleSummary:
    system = [s for r in results for s in r.system_events]
    gold = [g for r in results for g in r.events]
    matched = sum(s.status == "matched" for s in system)
    optional = sum(s.status == "optional" for s in system)
    required = [g for g in gold if g.required]
    recalled = sum(g.matched for g in required)
    precision = _ratio(matched, len(system) - optional)
    recall = _ratio(recalled, len(required))
    attributes = {}
    for name in ATTRIBUTES:
        checks = [c for g in required if g.matched for c in g.checks if c.name == name]
        attributes[name] = Count(sum(c.ok for c in checks), len(checks))
    attributes_all = Count(sum(c.right for c in attributes.values()), sum(c.total for c in attributes.values()))
    quotes = [q for r in results for q in r.quotes]
    found = [q for q in quotes if q.found]
    speaker = {}
    for name in SPEAKER_FIELDS:
        checks = [c for q in found for c in q.checks if c.name == name]
        speaker[name] = Count(sum(c.ok for c in checks), len(checks))
    sources = [s for r in results for s in r.sources]
    stances = [s for r in results for s in r.stances]
    required_stances = [s for s in stances if s.required]
    optional_stances = [s for s in stances if not s.required]
    return ArticleSummary(
        articles=len(results),
        system_events=len(system),
        matched_events=matched,
        optional_events=optional,
        required_gold=len(required),
        recalled_gold=recalled,
        optional_gold=len(gold) - len(required),
        optional_recalled=sum(g.matched for g in gold if not g.required),
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        attributes=attributes,
        attributes_all=attributes_all,
        quotes_found=Count(len(found), len(quotes)),
        quotes_matched=Count(sum(q.matched for q in quotes), len(quotes)),
        direct_agreement=Count(sum(q.matched for q in found), len(found)),
        speaker=speaker,
        sources_found=Count(sum(s.found for s in sources), len(sources)),
        stances_required=Count(sum(s.correct for s in required_stances), len(required_stances)),
        stances_required_found=Count(sum(s.found for s in required_stances), len(required_stances)),
        stances_optional=Count(sum(s.correct for s in optional_stances), len(optional_stances)),
    )


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything ``accord eval`` found. ``kind`` says which of the two parts is filled."""

    kind: str  # "articles", "sentences", "polnear" or "acled"
    gold_path: str
    coded_path: str
    split: str | None
    articles: tuple[ArticleResult, ...] = ()
    article_summary: ArticleSummary | None = None
    sentences: tuple[SentenceResult, ...] = ()
    sentence_summary: SentenceSummary | None = None
    polnear: PolnearSummary | None = None
    geo: GeoSummary | None = None
    warnings: tuple[str, ...] = ()

    @property
    def metrics(self) -> dict[str, float | None]:
        """Headline numbers by stable name (what accuracy floors refer to)."""
        if self.article_summary is not None:
            s = self.article_summary
            out = {"event_precision": s.precision, "event_recall": s.recall, "event_f1": s.f1}
            out |= {f"attr_{k}": v.ratio for k, v in s.attributes.items()}
            out["attr_all"] = s.attributes_all.ratio
            out |= {"quote_recall": s.quotes_found.ratio, "quote_direct_agreement": s.direct_agreement.ratio,
                    "source_recall": s.sources_found.ratio, "stance_recall": s.stances_required.ratio,
                    "stance_holder_issue_recall": s.stances_required_found.ratio}
            out |= {f"speaker_{k}": v.ratio for k, v in s.speaker.items()}
            return out
        if self.sentence_summary is not None:
            s = self.sentence_summary
            return {"plv_found_rate": s.found_rate, "plv_strict_rate": s.strict_rate,
                    "plv_accuracy": s.accuracy, "plv_macro_f1": s.macro_f1}
        if self.polnear is not None:
            return polnear_metrics(self.polnear)
        if self.geo is not None:
            return geo_metrics(self.geo)
        return {}


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-serialisable data (lists, dicts, str, numbers, None)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Count):
            return {"right": value.right, "total": value.total, "ratio": value.ratio}
        if isinstance(value, SpanScore):
            return {"gold": value.gold, "system": value.system, "right": value.right,
                    "precision": value.precision, "recall": value.recall, "f1": value.f1}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    out = plain(report)
    out["metrics"] = report.metrics
    return out


# --- terminal tables -----------------------------------------------------------

def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _count(c: Count) -> str:
    return f"{c.right}/{c.total}"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    """Columns padded to their widest cell; text left, numbers right."""
    cells = [[str(h) for h in headers]] + [["-" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_looks_numeric(row[i]) for row in cells[1:]) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(row, widths, numeric)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(r) for r in cells[1:]])


def _looks_numeric(value: str) -> bool:
    return value in ("-", ".", "") or value.replace(".", "", 1).replace("/", "", 1).isdigit()


def _format_articles(report: EvalReport) -> list[str]:
    s = report.article_summary
    assert s is not None
    parts = [
        f"articles: {s.articles}   system events: {s.system_events} "
        f"({s.matched_events} matched, {s.optional_events} optional-only, "
        f"{s.system_events - s.matched_events - s.optional_events} unmatched)",
        _table(["measure", "right/total", "score"], [
            ["event precision", f"{s.matched_events}/{s.system_events - s.optional_events}", _num(s.precision)],
            ["event recall (required)", f"{s.recalled_gold}/{s.required_gold}", _num(s.recall)],
            ["event F1", "", _num(s.f1)],
            ["optional gold events found", f"{s.optional_recalled}/{s.optional_gold}",
             _num(_ratio(s.optional_recalled, s.optional_gold))],
            ["quotes found", _count(s.quotes_found), _num(s.quotes_found.ratio)],
            ["quotes found, direct agrees", _count(s.direct_agreement), _num(s.direct_agreement.ratio)],
            *[[f"quote speaker {k}", _count(v), _num(v.ratio)] for k, v in s.speaker.items() if v.total],
            ["sources found", _count(s.sources_found), _num(s.sources_found.ratio)],
            ["stances right (required)", _count(s.stances_required), _num(s.stances_required.ratio)],
            ["stances holder+issue found (required)", _count(s.stances_required_found),
             _num(s.stances_required_found.ratio)],
            ["stances right (optional)", _count(s.stances_optional), _num(s.stances_optional.ratio)],
        ]),
        "attribute accuracy (matched required gold events)",
        _table(["attribute", "right/total", "accuracy"],
               [[k, _count(v), _num(v.ratio)] for k, v in s.attributes.items()]
               + [["all attributes", _count(s.attributes_all), _num(s.attributes_all.ratio)]]),
    ]
    for article in report.articles:
        rows = []
        for g in article.events:
            wrong = [f"{c.name}={c.system!r}" for c in g.checks if not c.ok]
            sys = g.system
            rows.append([
                "req" if g.required else "opt", "/".join(g.types), g.source,
                g.sentence_contains[:40],
                "yes" if g.matched else "NO",
                "" if sys is None else f"{sys.id} {sys.type} {sys.source}",
                ("" if not g.matched else "all ok" if not wrong else "; ".join(wrong)),
            ])
        parts.append(f"article {article.gold_id}: gold events")
        parts.append(_table(["", "type", "src", "sentence contains", "found", "system event", "attributes"], rows))
        false_pos = [e for e in article.system_events if e.status == "unmatched"]
        if false_pos:
            parts.append(f"article {article.gold_id}: unmatched system events")
            parts.append(_table(["id", "type", "src", "evidence"],
                                [[e.id, e.type, e.source, e.sentence] for e in false_pos]))
    return parts


def _format_sentences(report: EvalReport) -> list[str]:
    s = report.sentence_summary
    assert s is not None
    parts = [
        _table(["measure", "count", "score"], [
            ["pairs", s.pairs, ""],
            ["found (source or target overlaps)", s.found, _num(s.found_rate)],
            ["strict (source and target overlap)", s.strict, _num(s.strict_rate)],
            ["any event in the sentence", s.any_event, _num(s.any_event_rate)],
            ["accuracy (predicted type accepted)", s.correct, _num(s.accuracy)],
            ["macro-F1", "", _num(s.macro_f1)],
        ]),
        "per type",
        _table(["type", "support", "predicted", "precision", "recall", "F1"],
               [[t, v.support, v.predicted, _num(v.precision), _num(v.recall), _num(v.f1)]
                for t, v in s.per_type.items() if v.support or v.predicted]),
    ]
    columns = sorted({p for row in s.confusion.values() for p in row} | set(s.confusion))
    columns = [c for c in columns if c != "NONE"] + (["NONE"] if any("NONE" in r for r in s.confusion.values()) else [])
    short = [c[:4] for c in columns]
    parts.append("confusion (rows gold, columns predicted)")
    parts.append(_table(["gold"] + short,
                        [[g] + [row.get(c, 0) or "." for c in columns] for g, row in s.confusion.items()]))
    return parts


def _format_polnear(report: EvalReport) -> list[str]:
    s = report.polnear
    assert s is not None
    rows = []
    for scope in SCOPES:
        for role in ROLES:
            for match in MATCHES:
                v = s.scores[f"{scope}/{role}/{match}"]
                rows.append([scope, role, match, v.gold, v.system, v.right,
                             _num(v.precision), _num(v.recall), _num(v.f1)])
    return [
        f"documents: {s.documents} ({s.coded} coded)   gold attributions: {s.gold_attributions}   "
        f"system attributions: {s.system_attributions}",
        _table(["cues", "span", "match", "gold", "system", "right", "precision", "recall", "F1"], rows),
    ]


def format_report(report: EvalReport) -> str:
    """Human-readable tables for the terminal."""
    head = f"accord eval: {report.kind} gold {report.gold_path} vs {report.coded_path}"
    if report.split:
        head += f" (split {report.split})"
    parts = [head]
    if report.article_summary is not None:
        parts += _format_articles(report)
    if report.sentence_summary is not None:
        parts += _format_sentences(report)
    if report.polnear is not None:
        parts += _format_polnear(report)
    if report.geo is not None:
        parts += format_geo(report.geo)
    if report.warnings:
        parts.append("warnings")
        parts += [f"  {w}" for w in report.warnings]
    return "\n\n".join(parts) + "\n"
