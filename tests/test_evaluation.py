"""accord.evaluation: scoring coded JSON against article gold and PLV sentence gold.

The expected numbers were worked out by hand from the fixtures in
tests/fixtures/eval/ (the comments in each test say how).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from accord.errors import ConfigError, InputError
from accord.evaluation import evaluate, format_report, plv_split, report_to_json

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GOLD = FIXTURES / "ceasefire.gold.json"
CODED = FIXTURES / "ceasefire.coded.jsonl"
PLV_GOLD = FIXTURES / "plv_five.jsonl"
PLV_CODED = FIXTURES / "plv_five.coded.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def coded_record() -> dict:
    return json.loads(CODED.read_text(encoding="utf-8"))


def write_coded(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "coded.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def event_by_id(record: dict, event_id: str) -> dict:
    return next(e for e in record["events"] if e["id"] == event_id)


def gold_event(report, contains: str):
    return next(g for g in report.articles[0].events if g.sentence_contains == contains)


@pytest.mark.parametrize("path", [CODED, PLV_CODED])
def test_fixtures_follow_the_contract(path):
    schema = json.loads((SHARED / "contract" / "schema.json").read_text(encoding="utf-8"))
    for line in path.read_text(encoding="utf-8").splitlines():
        jsonschema.validate(json.loads(line), schema)


# --- article gold -------------------------------------------------------------

def test_event_precision_recall_on_the_example_article():
    report = evaluate(str(GOLD), str(CODED))
    s = report.article_summary
    # 11 system events: e1-e7 match required gold, e9/e11 only optional gold, e8/e10 nothing
    assert (s.system_events, s.matched_events, s.optional_events) == (11, 7, 2)
    assert s.precision == pytest.approx(7 / 9)
    # 11 required gold events; unlikely/openness/military aid/We do not need/reaffirmed/never return found
    assert (s.recalled_gold, s.required_gold) == (6, 11)
    assert s.recall == pytest.approx(6 / 11)
    assert s.f1 == pytest.approx(2 * (7 / 9) * (6 / 11) / (7 / 9 + 6 / 11))
    # optional found: intelligence-sharing (e3), steady gains (e9), firmly rejecting (e11)
    assert (s.optional_recalled, s.optional_gold) == (3, 7)
    assert report.warnings == ()


def test_attribute_accuracy_counts_matched_required_events():
    s = evaluate(str(GOLD), str(CODED)).article_summary
    got = {k: (v.right, v.total) for k, v in s.attributes.items()}
    assert got == {
        "target": (4, 4),  # "*" targets are not scored
        "source_sector": (2, 2),
        "issue": (5, 6),  # e3 (military aid) has no issue
        "modality": (0, 1),  # e1 asserted, gold hedged
        "date": (1, 2),  # 2024-12-15 fits "2024-12"; 2025-03 misses "2025-01"
        "locations": (1, 1),
        "attribution_anonymous": (1, 1),
    }


def test_gold_event_reports_its_best_system_event():
    report = evaluate(str(GOLD), str(CODED))
    never = gold_event(report, "never return control")
    # e6 (all four places) beats e7 (Donetsk only) although e7 is more confident
    assert never.matched and never.n_matches == 2
    assert never.system.id == "e6" and "Donetsk" in never.system.sentence
    assert all(c.ok for c in never.checks)
    reaffirmed = gold_event(report, "he reaffirmed that Russia would not accept")
    assert {c.name: (c.ok, c.system) for c in reaffirmed.checks}["date"] == (False, "2025-03")
    assert not gold_event(report, "illegally annexed").matched


def test_wrong_type_event_lowers_precision_and_recall(tmp_path):
    record = coded_record()
    event_by_id(record, "e1")["type"] = "ACCUSE"  # gold wants REJECT
    s = evaluate(str(GOLD), str(write_coded(tmp_path, record))).article_summary
    assert (s.matched_events, s.system_events - s.optional_events) == (6, 9)
    assert s.recall == pytest.approx(5 / 11)


def test_removing_false_positives_gives_full_precision(tmp_path):
    record = coded_record()
    record["events"] = [e for e in record["events"] if e["id"] not in {"e8", "e10"}]
    assert evaluate(str(GOLD), str(write_coded(tmp_path, record))).article_summary.precision == 1.0


def test_event_matching_only_optional_gold_is_left_out(tmp_path):
    with_optional = evaluate(str(GOLD), str(CODED)).article_summary
    record = coded_record()
    record["events"] = [e for e in record["events"] if e["id"] not in {"e9", "e11"}]
    without = evaluate(str(GOLD), str(write_coded(tmp_path, record))).article_summary
    assert with_optional.optional_events == 2 and without.optional_events == 0
    assert with_optional.precision == without.precision == pytest.approx(7 / 9)
    assert with_optional.recall == without.recall


def test_location_with_wrong_country_is_wrong(tmp_path):
    record = coded_record()
    event_by_id(record, "e6")["locations"][2]["country"] = "RUS"  # Kherson
    report = evaluate(str(GOLD), str(write_coded(tmp_path, record)))
    assert report.article_summary.attributes["locations"].right == 0


def test_quotes_sources_and_stances():
    s = evaluate(str(GOLD), str(CODED)).article_summary
    assert (s.quotes_found.right, s.quotes_found.total) == (4, 7)
    assert (s.direct_agreement.right, s.direct_agreement.total) == (3, 4)  # 'any agreement' is indirect
    assert {k: (v.right, v.total) for k, v in s.speaker.items()} == {
        "code": (4, 4), "name": (2, 3), "anonymous": (2, 2), "via": (0, 0)}
    assert (s.sources_found.right, s.sources_found.total) == (3, 5)  # Digi24, 'One senior' missing
    assert (s.stances_required.right, s.stances_required.total) == (2, 4)  # UKR has the wrong stance
    assert (s.stances_required_found.right, s.stances_optional.right) == (3, 1)


def test_single_pair_is_matched_whatever_the_ids(tmp_path):
    record = coded_record()
    record["article"]["id"] = "something-else"
    report = evaluate(str(GOLD), str(write_coded(tmp_path, record)))
    assert report.article_summary.recalled_gold == 6


def test_gold_folder_joins_by_id_and_reports_uncoded_articles(tmp_path):
    for name in ("ceasefire.gold.json", "ceasefire.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    other = json.loads(GOLD.read_text(encoding="utf-8"))
    other["id"] = "other"
    (tmp_path / "other.gold.json").write_text(json.dumps(other), encoding="utf-8")
    stray = copy.deepcopy(coded_record())
    stray["article"]["id"] = "stray"
    coded = write_coded(tmp_path, coded_record(), stray)
    report = evaluate(str(tmp_path), str(coded))
    s = report.article_summary
    assert s.articles == 2 and s.required_gold == 22 and s.recalled_gold == 6
    assert any("no_coded_record" in w for w in report.warnings)
    assert any("coded_without_gold" in w for w in report.warnings)
    # 'other' has no text beside it: its gold file name is other.gold.json, text is ceasefire.txt
    assert any(w.startswith("other: no_text") for w in report.warnings)


def test_event_spans_need_the_article_text(tmp_path):
    shutil.copy(GOLD, tmp_path / "ceasefire.gold.json")  # no ceasefire.txt beside it
    report = evaluate(str(tmp_path / "ceasefire.gold.json"), str(CODED))
    assert report.article_summary.recalled_gold == 0
    assert any("no_text" in w for w in report.warnings)


def test_article_text_in_the_coded_record_is_used(tmp_path):
    shutil.copy(GOLD, tmp_path / "ceasefire.gold.json")
    record = coded_record()
    record["article"]["text"] = (FIXTURES / "ceasefire.txt").read_text(encoding="utf-8")
    report = evaluate(str(tmp_path / "ceasefire.gold.json"), str(write_coded(tmp_path, record)))
    assert report.article_summary.recalled_gold == 6


def test_shifted_offsets_are_reported(tmp_path):
    record = coded_record()
    for event in record["events"]:
        event["trigger"]["start"] += 3
        event["trigger"]["end"] += 3
    report = evaluate(str(GOLD), str(write_coded(tmp_path, record)))
    assert any("offset_mismatch" in w for w in report.warnings)


# --- PLV sentence gold ----------------------------------------------------------

def test_plv_found_rate_accuracy_and_macro_f1():
    report = evaluate(str(PLV_GOLD), str(PLV_CODED))
    assert report.kind == "sentences"
    s = report.sentence_summary
    # found: 0 (both), 13 (source; no target marked), 910 (target), 137 (both); 4 has an unrelated event
    assert (s.pairs, s.found, s.strict, s.any_event) == (5, 4, 3, 5)
    assert s.found_rate == pytest.approx(0.8)
    # right: 0 ACCUSE, 910 RETREAT (CONCEDE/RETREAT), 137 AGREE; wrong: 13 PROTEST, 4 NONE
    assert s.accuracy == pytest.approx(0.6)
    # F1: ACCUSE 0.5 (P 1/1, R 1/3), AGREE 1, RETREAT 1, PROTEST 0 -> mean 0.625
    assert s.macro_f1 == pytest.approx(0.625)
    assert s.per_type["ACCUSE"].support == 3 and s.per_type["ACCUSE"].recall == pytest.approx(1 / 3)
    assert s.per_type["CONCEDE"].support == 0
    assert s.confusion["ACCUSE"] == {"ACCUSE": 1, "PROTEST": 1, "NONE": 1}


def test_plv_strict_event_beats_a_more_confident_lenient_one():
    report = evaluate(str(PLV_GOLD), str(PLV_CODED))
    result = next(r for r in report.sentences if r.id == "plv-train-137")
    assert (result.predicted, result.event_id, result.strict) == ("AGREE", "e2", True)


def test_plv_uncoded_sentences_count_as_none(tmp_path):
    first = PLV_CODED.read_text(encoding="utf-8").splitlines()[0]
    coded = tmp_path / "coded.jsonl"
    coded.write_text(first + "\n", encoding="utf-8")
    report = evaluate(str(PLV_GOLD), str(coded))
    assert report.sentence_summary.accuracy == pytest.approx(0.2)
    assert any("no_coded_record: 4" in w for w in report.warnings)


def test_plv_split_is_deterministic_and_about_a_fifth():
    ids = [json.loads(line)["id"]
           for line in (SHARED / "data" / "plv_train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 1050
    splits = [plv_split(i) for i in ids]
    assert splits == [plv_split(i) for i in ids]
    assert set(splits) == {"dev", "train"}
    assert 0.16 < splits.count("dev") / len(ids) < 0.24
    assert plv_split("plv-train-0") == plv_split("plv-train-0")


def test_split_selects_gold_records():
    dev = evaluate(str(PLV_GOLD), str(PLV_CODED), split="dev").sentence_summary.pairs
    train = evaluate(str(PLV_GOLD), str(PLV_CODED), split="train").sentence_summary.pairs
    expected_dev = sum(plv_split(json.loads(line)["id"]) == "dev"
                       for line in PLV_GOLD.read_text(encoding="utf-8").splitlines())
    assert (dev, train) == (expected_dev, 5 - expected_dev)


# --- output and errors -------------------------------------------------------------

@pytest.mark.parametrize("gold,coded", [(GOLD, CODED), (PLV_GOLD, PLV_CODED)])
def test_report_json_is_plain_and_text_has_tables(gold, coded):
    report = evaluate(str(gold), str(coded))
    data = report_to_json(report)
    assert json.loads(json.dumps(data)) == data
    assert data["kind"] == report.kind and data["metrics"] == report.metrics
    text = format_report(report)
    assert ("event precision" in text) if report.kind == "articles" else ("macro-F1" in text)


def test_unknown_split_is_a_config_error():
    with pytest.raises(ConfigError, match="split"):
        evaluate(str(GOLD), str(CODED), split="test")


def test_broken_coded_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(CODED.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        evaluate(str(GOLD), str(bad))


def test_missing_gold_folder_content_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="gold.json"):
        evaluate(str(tmp_path), str(CODED))
