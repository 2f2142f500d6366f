"""Stances: one per holder and issue from an article's events, and the matrix over articles."""

from __future__ import annotations

import json

import pytest

from accord.model import Actor, Event, Issue, Stance, TextSpan
from accord.stance import DatedStance, build_stance_matrix, format_stance_table, stance_csv, summarise_stances


def test_example_article_stances_match_gold(coded_ceasefire):
    from conftest import EXAMPLE_GOLD

    gold = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8"))["stances"]
    found = {(s.holder.code, s.issue): s.stance for s in coded_ceasefire.stances}
    for entry in gold:
        if entry.get("required", True):
            assert found.get((entry["holder"], entry["issue"])) in entry["stance"], entry


def test_example_stances_cite_their_events(coded_ceasefire):
    ids = {e.id for e in coded_ceasefire.events}
    for stance in coded_ceasefire.stances:
        assert stance.evidence and set(stance.evidence) <= ids


def test_state_holds_the_stance_rather_than_its_first_speaker(coded_ceasefire):
    russia = next(s for s in coded_ceasefire.stances if (s.holder.code, s.issue) == ("RUS", "ceasefire"))
    assert russia.holder.name == "Russia"


def _event(eid, etype, code, issue_text, key, modality="asserted", date="2025-03-01"):
    actor = Actor(code, 0, 1, code, code, "GOV")
    return Event(eid, etype, actor, None, TextSpan("x", 0, 1), 0, 0, 1, 0.9, "test",
                 issue=Issue(key, issue_text, 0, len(issue_text)), modality=modality, date=date)


@pytest.mark.parametrize(("etype", "issue_text", "expected", "conditions"), [
    ("REJECT", "the ceasefire", "oppose", ()),
    ("ACCUSE", "the ceasefire violations", "oppose", ()),
    ("AGREE", "the ceasefire", "support", ()),
    ("SUPPORT", "the truce", "support", ()),
    ("REJECT", "any ceasefire without significant concessions", "conditional", ("without significant concessions",)),
    ("REQUEST", "a ceasefire only if troops withdraw", "conditional", ("only if troops withdraw",)),
    ("REQUEST", "Ukraine renounce its NATO ambitions", "oppose", ()),
])
def test_event_type_and_wording_decide_the_stance(etype, issue_text, expected, conditions):
    (stance,) = summarise_stances([_event("e1", etype, "RUS", issue_text, "ceasefire")])
    assert (stance.stance, stance.conditions, stance.evidence) == (expected, conditions, ("e1",))


@pytest.mark.parametrize(("etype", "issue_text", "key", "expected"), [
    ("COERCE", "new sanctions on Russian banks", "sanctions", "support"),
    ("CONSULT", "peace talks in Minsk", "peace_talks", "support"),
    ("MOBILIZE", "troops to the border", "foreign_troops", "support"),
    ("COERCE", "a blockade of the ceasefire line", "ceasefire", None),  # coercion is no position on a truce
])
def test_doing_the_act_an_issue_names_supports_it(etype, issue_text, key, expected):
    stances = summarise_stances([_event("e1", etype, "USA", issue_text, key)])
    assert [s.stance for s in stances] == ([expected] if expected else [])


def test_negated_agreement_is_no_stance():
    assert summarise_stances([_event("e1", "AGREE", "RUS", "the ceasefire", "ceasefire", modality="negated")]) == []


def _dated(code, issue, value, date, article):
    return DatedStance(Stance(Actor(code, None, None, code, code, "GOV"), issue, value, ("e1",)), article, date)


def test_matrix_shows_most_recent_stance_first():
    matrix = build_stance_matrix([
        _dated("RUS", "ceasefire", "oppose", "2025-01-10", "a"),
        _dated("RUS", "ceasefire", "conditional", "2025-03-02", "b"),
        _dated("UKR", "ceasefire", "support", "2025-02-01", "c"),
    ])
    assert [d.article_id for d in matrix.cells[("RUS", "ceasefire")]] == ["b", "a"]
    table = format_stance_table(matrix)
    assert "~conditional 2025-03-02 (+1)" in table and "+support 2025-02-01" in table
    rows = stance_csv(matrix).splitlines()
    assert rows[0].startswith("holder,") and rows[1].startswith("RUS,RUS,ceasefire,conditional,2025-03-02,b")


def test_stances_command_prints_matrix_and_csv(coded_ceasefire, tmp_path):
    from click.testing import CliRunner

    from accord.cli import main
    from accord.contract import to_contract

    coded = tmp_path / "coded.jsonl"
    coded.write_text(json.dumps(to_contract(coded_ceasefire)) + "\n", encoding="utf-8")
    table = CliRunner().invoke(main, ["stances", str(coded)])
    assert table.exit_code == 0 and "ceasefire" in table.output and "-oppose 2025-03-13" in table.output
    out = tmp_path / "stances.csv"
    result = CliRunner().invoke(main, ["stances", str(coded), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0
    assert "RUS,Russia,ceasefire,oppose,2025-03-13,ceasefire" in out.read_text(encoding="utf-8")


def test_stances_command_rejects_a_file_that_is_not_coded(tmp_path):
    from click.testing import CliRunner

    from accord.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"stances": [{"holder": 3}]}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["stances", str(bad)])
    assert result.exit_code != 0 and "not a coded article record" in result.output


def test_user_issue_file_adds_a_stance_column(tmp_path):
    from accord.pipeline import code_text
    from accord.settings import Settings

    issues = tmp_path / "issues.tsv"
    issues.write_text("# id\tkey\tphrase\tpriority\ngrain.deal\tgrain_deal\tgrain deal\t90\n", encoding="utf-8")
    coded = code_text("Russia rejected the grain deal on Monday.", date="2025-03-13",
                      settings=Settings(issue_files=(str(issues),)))
    assert [(s.holder.code, s.issue, s.stance) for s in coded.stances] == [("RUS", "grain_deal", "oppose")]
