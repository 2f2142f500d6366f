"""Score ``accord code`` output against gold annotations (``accord eval``).

``evaluate(gold, coded)`` reads the gold, tells its kind by content, and
returns an ``EvalReport``; ``format_report`` prints it as tables,
``report_to_json`` gives plain JSON data (with a flat ``metrics`` dict of
headline numbers).

Two kinds of gold:

- **article gold** (``*.gold.json``, a file or a folder of them; format in
  ``GOLD_FORMAT.md``): events, quotes, sources and stances, matched as that
  document says; details in ``accord.evaluation.articles``. Coded records are
  joined to gold by ``article.id``; with exactly one gold and one coded record
  they are paired whatever their ids. Event offsets are read against the
  article text: ``article.text`` of the coded record if present, else
  ``<stem>.txt`` or ``<id>.txt`` beside the gold file, else the gold ``text``.
- **sentence gold** (PLV JSONL with ``marked``/``source_text``/``type``):
  each sentence's marked source/target pair is looked up among the events
  coded for that sentence; *found rate* = share of pairs for which some event's
  source span overlaps the marked source OR its target span overlaps the
  marked target. Accuracy, macro-F1, per-type scores and a confusion matrix
  over the predicted type follow; details in ``accord.evaluation.sentences``.
- **PolNeAR gold** (a split folder with ``text/`` and ``attributions/``):
  source, cue and content spans of the coded quotes against the BRAT
  attributions, exact and token-overlap P/R/F1, overall and for speech cues;
  details in ``accord.evaluation.polnear``.

``split`` ("dev", "train" or None for all) keeps the gold records whose id
``plv_split`` puts in that part (about one in five is dev), for either kind.
"""

from __future__ import annotations

from pathlib import Path

from accord.evaluation.articles import ArticleResult, score_article
from accord.evaluation.floors import check_floors
from accord.evaluation.geo import is_acled_gold, read_acled, score_acled
from accord.evaluation.load import (
    check_split, coded_article_id, detect_gold, plv_split, read_article_gold, read_coded,
    read_sentence_gold,
)
from accord.evaluation.polnear import is_polnear_gold, read_polnear, score_polnear
from accord.evaluation.report import EvalReport, format_report, report_to_json, summarise_articles
from accord.evaluation.sentences import score_sentence, summarise_sentences

__all__ = ["EvalReport", "check_floors", "evaluate", "format_report", "plv_split", "report_to_json"]


def _index_coded(records: list[dict], warnings: list[str]) -> dict[str, dict]:
    by_id: dict[str, dict] = {}
    for record in records:
        article_id = coded_article_id(record)
        if article_id is None:
            warnings.append("coded_without_id: a coded record has no article.id and is ignored")
        elif article_id in by_id:
            warnings.append(f"duplicate_coded: article {article_id!r} coded twice; the first is scored")
        else:
            by_id[article_id] = record
    return by_id


def _evaluate_articles(gold_path: str, coded_path: str, coded: list[dict],
                       split: str | None) -> EvalReport:
    warnings: list[str] = []
    golds = read_article_gold(gold_path)
    if split is not None:
        golds = [g for g in golds if plv_split(str(g.record.get("id"))) == split]
    if len(golds) == 1 and len(coded) == 1:
        pairs = [(golds[0], coded[0])]
    else:
        by_id = _index_coded(coded, warnings)
        pairs = [(g, by_id.get(str(g.record.get("id")))) for g in golds]
        unused = len(by_id.keys() - {str(g.record.get("id")) for g in golds})
        if unused:
            warnings.append(f"coded_without_gold: {unused} coded article(s) have no gold and are ignored")
    results: list[ArticleResult] = []
    for gold, record in pairs:
        result = score_article(gold.record, record, gold.text)
        warnings.extend(f"{result.gold_id}: {w}" for w in result.warnings)
        results.append(result)
    return EvalReport(kind="articles", gold_path=gold_path, coded_path=coded_path, split=split,
                      articles=tuple(results), article_summary=summarise_articles(results),
                      warnings=tuple(warnings))


def _evaluate_sentences(gold_path: str, coded_path: str, coded: list[dict],
                        split: str | None) -> EvalReport:
    warnings: list[str] = []
    golds = read_sentence_gold(gold_path)
    if split is not None:
        golds = [g for g in golds if plv_split(str(g["id"])) == split]
    by_id = _index_coded(coded, warnings)
    missing = [str(g["id"]) for g in golds if str(g["id"]) not in by_id]
    if missing:
        warnings.append(f"no_coded_record: {len(missing)} gold sentence(s) were not coded "
                        f"(scored as NONE), e.g. {', '.join(missing[:3])}")
    results = [score_sentence(g, by_id.get(str(g["id"]))) for g in golds]
    return EvalReport(kind="sentences", gold_path=gold_path, coded_path=coded_path, split=split,
                      sentences=tuple(results), sentence_summary=summarise_sentences(results),
                      warnings=tuple(warnings))


def _evaluate_polnear(gold_path: str, coded_path: str, coded: list[dict]) -> EvalReport:
    warnings: list[str] = []
    summary, doc_warnings = score_polnear(read_polnear(gold_path), _index_coded(coded, warnings))
    return EvalReport(kind="polnear", gold_path=gold_path, coded_path=coded_path, split=None,
                      polnear=summary, warnings=tuple(warnings + doc_warnings))


def _evaluate_acled(gold_path: str, coded_path: str, coded: list[dict], split: str | None) -> EvalReport:
    warnings: list[str] = []
    rows = read_acled(gold_path)
    if split is not None:  # the held-out fifth of the rows by data_id, or the rest
        rows = [row for row in rows if plv_split(str(row["data_id"])) == split]
    summary = score_acled(rows, _index_coded(coded, warnings))
    if summary.coded < summary.rows:
        warnings.append(f"acled_uncoded: {summary.rows - summary.coded} row(s) have no coded record")
    return EvalReport(kind="acled", gold_path=gold_path, coded_path=coded_path, split=split,
                      geo=summary, warnings=tuple(warnings))


def evaluate(gold_path: str, coded_path: str, *, split: str | None = None) -> EvalReport:
    """Score the coded JSONL at ``coded_path`` against the gold at ``gold_path``.

    Raises ``InputError`` for unreadable or malformed files and ``ConfigError``
    for an unknown ``split``.
    """
    check_split(split)
    gold_path, coded_path = str(gold_path), str(coded_path)
    coded = read_coded(Path(coded_path))
    if is_polnear_gold(gold_path):
        return _evaluate_polnear(gold_path, coded_path, coded)
    if is_acled_gold(gold_path):
        return _evaluate_acled(gold_path, coded_path, coded, split)
    if detect_gold(gold_path) == "sentences":
        return _evaluate_sentences(gold_path, coded_path, coded, split)
    return _evaluate_articles(gold_path, coded_path, coded, split)
