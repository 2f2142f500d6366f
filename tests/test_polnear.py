"""PolNeAR scoring in `accord eval`: reading BRAT standoff, exact and overlap matches."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from accord.cli import main
from accord.evaluation import evaluate
from accord.evaluation.polnear import read_polnear
from conftest import SHARED, needs

DEV = SHARED / "data" / "polnear" / "dev"

TEXT = 'The minister said that the talks failed. "We tried," she added, "but it was useless."\n'
ANN = (
    "T1\tSource 0 12\tThe minister\n"
    "T2\tCue 13 17\tsaid\n"
    "T3\tContent 18 40\tthat the talks failed.\n"
    "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    "T4\tSource 52 55\tshe\n"
    "T5\tCue 56 61\tadded\n"
    "T6\tContent 41 50;63 85\t\"We tried,\" \"but it was useless.\"\n"
    "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
    "T7\tDiscuss 0 3\tThe\n"
)


@pytest.fixture()
def tiny(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_ab12.ann").write_text(ANN, encoding="utf-8")
    return tmp_path


def _record(quotes, article_id="doc1"):
    return {"article": {"id": article_id}, "events": [], "quotes": quotes, "sources": []}


def _quote(start, end, cue, speaker):
    return {"text": TEXT[start:end], "start": start, "end": end, "direct": False,
            "cue": {"text": TEXT[cue[0]:cue[1]], "start": cue[0], "end": cue[1]},
            "speaker": {"text": TEXT[speaker[0]:speaker[1]], "start": speaker[0], "end": speaker[1]}}


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_standoff_becomes_source_cue_content_triples(tiny):
    (doc,) = read_polnear(tiny)
    assert doc.id == "doc1" and len(doc.attributions) == 2
    split = doc.attributions[1]
    assert [TEXT[s:e] for s, e in split.content] == ["We tried", "but it was useless"]
    assert split.speech is False and doc.attributions[0].speech is True


def test_split_quote_sharing_a_cue_matches_discontinuous_gold_exactly(tiny, tmp_path):
    quotes = [_quote(18, 39, (13, 17), (0, 12)), _quote(42, 50, (56, 61), (52, 55)),
              _quote(64, 83, (56, 61), (52, 55))]
    report = evaluate(tiny, _write(tmp_path / "coded.jsonl", [_record(quotes)]))
    for role in ("source", "cue", "content"):
        assert report.polnear.scores[f"all/{role}/exact"].f1 == 1.0
    assert report.metrics["polnear_speech_content_exact_f1"] == 1.0


def test_partly_right_content_counts_for_overlap_not_exact(tiny, tmp_path):
    quotes = [_quote(27, 39, (13, 17), (4, 12))]  # "talks failed", "minister"
    report = evaluate(tiny, _write(tmp_path / "coded.jsonl", [_record(quotes)]))
    content = report.polnear.scores
    assert content["all/content/exact"].right == 0 and content["all/content/overlap"].right == 1
    assert content["all/source/overlap"].recall == 0.5
    assert content["all/cue/exact"].precision == 1.0


def test_uncoded_document_scores_as_nothing_found_with_warning(tiny, tmp_path):
    report = evaluate(tiny, _write(tmp_path / "coded.jsonl", [_record([], "other")]))
    assert report.polnear.scores["all/content/overlap"].recall == 0.0
    assert any(w.startswith("no_coded_record") for w in report.warnings)


def test_eval_command_prints_polnear_table(tiny, tmp_path):
    coded = _write(tmp_path / "coded.jsonl", [_record([_quote(18, 39, (13, 17), (0, 12))])])
    result = CliRunner().invoke(main, ["eval", str(tiny), str(coded), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert "speech  content  overlap" in result.output
    assert json.loads((tmp_path / "r.json").read_text())["metrics"]["polnear_all_source_exact_f1"] == pytest.approx(2 / 3)


def test_dev_gold_reads_one_annotation_per_document():
    docs = read_polnear(needs(DEV))
    assert len(docs) == len(list((DEV / "text").glob("*.txt")))
    spans = [f for d in docs for t in d.attributions for part in (t.source, t.cue, t.content) if part for f in part]
    assert sum(len(d.attributions) for d in docs) > 2000
    assert all(0 <= s < e for s, e in spans)


@pytest.mark.slow
def test_dev_source_and_content_overlap_f1_reach_bar(tmp_path):
    coded = tmp_path / "dev.jsonl"
    subprocess.run([sys.executable, "-m", "accord", "code", "-q", str(needs(DEV) / "text"), "-o", str(coded)],
                   check=True)
    metrics = evaluate(DEV, coded).metrics
    assert metrics["polnear_all_source_overlap_f1"] >= 0.70
    assert metrics["polnear_all_content_overlap_f1"] >= 0.70
