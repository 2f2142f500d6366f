"""The command line: exit codes, stdout for data, stderr for the rest."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from accord.cli import main

from conftest import EXAMPLE_GOLD, EXAMPLE_TEXT, needs

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_code_example_writes_contract_jsonl():
    result = run("code", str(EXAMPLE_TEXT), "--date", "2025-03-13")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["article"]["date"] == "2025-03-13"
    assert any(e["type"] == "REJECT" and e["source"]["code"] == "RUS" for e in record["events"])


def test_code_table_format_and_jsonl_copy(tmp_path):
    copy = tmp_path / "out.jsonl"
    result = run("code", str(EXAMPLE_TEXT), "--date", "2025-03-13", "--format", "table", "--jsonl", str(copy))
    assert result.exit_code == 0
    assert "REJECT" in result.stdout and "stances:" in result.stdout
    assert json.loads(copy.read_text())["article"]["id"] == "ceasefire"


def test_table_counts_the_acts_of_no_coded_actor_it_leaves_out():
    text = "The Ogaden National Liberation Front has declared a unilateral ceasefire in Somalia."
    table = run("code", "-", "--date", "2020-01-01", "--format", "table", input=text)
    record = json.loads(run("code", "-", "--date", "2020-01-01", input=text).stdout)
    assert record["events"] == [] and [e["type"] for e in record["unattributed_events"]] == ["CONCEDE"]
    assert "1 act(s) with no coded actor" in table.stdout


def test_bad_jsonl_line_fails_alone_and_exits_1():
    result = run("code", str(FIXTURES / "three_articles.jsonl"))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "invalid JSON" in result.stderr


def test_stdin_text_is_coded():
    result = run("code", "-", "--date", "2024-06-01", input="Russian forces shelled Kharkiv on Monday, Ukrainian officials said.")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["article"]["id"] == "stdin"


def test_binary_file_gets_clear_error(tmp_path):
    result = run("code", str(FIXTURES / "binary.bin"))
    assert result.exit_code == 1
    assert "binary" in result.stderr


def test_bad_date_is_a_usage_error():
    assert run("code", str(EXAMPLE_TEXT), "--date", "13/03/2025").exit_code == 2


def test_actor_command_prints_json():
    result = run("actor", "Russian Foreign Minister Sergei Lavrov", "--date", "2025-03-13")
    assert result.exit_code == 0
    actor = json.loads(result.stdout)
    assert (actor["code"], actor["sector"], actor["name"]) == ("RUS", "GOV", "Sergei Lavrov")


def test_eval_scores_example(tmp_path):
    coded = tmp_path / "c.jsonl"
    run("code", str(EXAMPLE_TEXT), "--date", "2025-03-13", "-o", str(coded))
    report = tmp_path / "r.json"
    result = run("eval", str(needs(EXAMPLE_GOLD)), str(coded), "--json", str(report))
    assert result.exit_code == 0
    assert "event recall" in result.stdout
    assert json.loads(report.read_text())["metrics"]["event_recall"] == 1.0


def test_every_command_and_option_is_documented():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"accord {name}" in readme, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in readme, f"accord {name} {opt}"


def test_eval_floors_pass_on_example_and_fail_when_raised(tmp_path):
    coded = tmp_path / "c.jsonl"
    run("code", str(EXAMPLE_TEXT), "--date", "2025-03-13", "-o", str(coded))
    floors = Path(__file__).parents[1] / "bench" / "floors.json"
    assert run("eval", str(needs(EXAMPLE_GOLD)), str(coded), "--floors", str(floors)).exit_code == 0
    strict = tmp_path / "floors.json"
    strict.write_text(json.dumps({"floors": [{"gold": "ceasefire.gold.json", "split": None,
                                              "metric": "event_precision", "floor": 1.01}]}))
    result = run("eval", str(needs(EXAMPLE_GOLD)), str(coded), "--floors", str(strict))
    assert result.exit_code == 1 and "below floor" in result.stderr
