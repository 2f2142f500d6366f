"""The `accord` command line. Commands stay thin: read flags, call the library, write.

stdout carries data only; progress, warnings and errors go to stderr.
Exit codes: 0 done; 1 finished but some inputs failed; 2 usage error; 3 could not start.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager

import click

from accord.errors import AccordError, DataFileError, ModelNotFound

DATE = click.DateTime(formats=["%Y-%m-%d"])


def output_option(f):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
                        help="Write to this file instead of stdout.")(f)


def date_option(f):
    return click.option("--date", type=DATE, default=None,
                        help="Publication date (YYYY-MM-DD) for inputs that carry none.")(f)


def config_option(f):
    return click.option("--config", type=click.Path(exists=True, dir_okay=False), default=None,
                        help="TOML file with an [accord] table of settings.")(f)


def quiet_option(f):
    return click.option("-q", "--quiet", is_flag=True, help="No summary or progress on stderr.")(f)


def _settings(config: str | None, model: str | None = None, batch_size: int | None = None):
    from dataclasses import replace

    from accord.settings import Settings

    settings = Settings.from_toml(config) if config else Settings()
    if model:
        settings = replace(settings, model=model)
    if batch_size:
        settings = replace(settings, batch_size=batch_size)
    return settings


@contextmanager
def _open_output(path: str):
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


def _fail(err: AccordError) -> None:
    click.echo(f"accord: error: {err}", err=True)
    sys.exit(3 if isinstance(err, (ModelNotFound, DataFileError)) else 1)


@click.group()
@click.version_option(package_name="accord")
def main() -> None:
    """Code conflict and diplomacy news into source-attributed PLOVER events."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@date_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              help="jsonl: one contract record per article; table: a summary of the events.")
@output_option
@click.option("--jsonl", "jsonl_copy", type=click.Path(dir_okay=False), default=None,
              help="Also write the JSONL records to this file (useful with --format table).")
@click.option("--model", default=None, help='spaCy pipeline: "sm" (default), "md", a package or a path.')
@click.option("--batch-size", type=int, default=None, help="Articles per spaCy batch (default 64).")
@config_option
@quiet_option
def code(paths, date, fmt, output, jsonl_copy, model, batch_size, config, quiet):
    """Code articles (.txt, .html, .jsonl[.gz], folders, or - for stdin)."""
    from accord.pipeline import code_files
    from accord.summary import format_table

    default_date = date.date().isoformat() if date else None
    try:
        settings = _settings(config, model, batch_size)
        with _open_output(output) as out, _open_output(jsonl_copy or os.devnull) as copy:
            sinks = [s for s, wanted in ((out, fmt == "jsonl"), (copy, jsonl_copy)) if wanted]
            result = code_files(paths, default_date, settings, sinks, keep_records=fmt == "table")
            if fmt == "table":
                out.write(format_table(result.records))
    except AccordError as err:
        _fail(err)
    for failure in result.failures:
        click.echo(f"accord: {failure.message}", err=True)
    if not quiet:
        click.echo(result.summary(), err=True)
    sys.exit(1 if result.failures else 0)


@main.command()
@click.argument("text")
@date_option
@config_option
def actor(text, date, config):
    """Resolve TEXT ("Russian Foreign Minister Sergei Lavrov") to an actor, as JSON."""
    from accord.actors import resolve_text
    from accord.contract import actor_to_dict

    settings = _settings(config)
    try:
        found = resolve_text(text, date.date().isoformat() if date else None, extra_files=settings.actor_files)
    except AccordError as err:
        _fail(err)
    click.echo(json.dumps(actor_to_dict(found), ensure_ascii=False, indent=1))
    sys.exit(0 if found is not None else 1)


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True))
@click.argument("coded", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", type=click.Choice(["dev", "train"]), default=None,
              help="Score only this part of a sentence gold set (dev = the held-out fifth).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None, help="Also write the report as JSON.")
@click.option("--floors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="bench/floors.json: fail (exit 1) when a metric falls below its floor.")
def evaluate_command(gold, coded, split, json_path, floors):
    """Score CODED (output of `accord code`) against GOLD (a .gold.json file, a folder of them, or PLV sentences)."""
    from accord.evaluation import check_floors, evaluate, format_report, report_to_json

    try:
        report = evaluate(gold, coded, split=split)
    except AccordError as err:
        _fail(err)
    click.echo(format_report(report))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump(report_to_json(report), handle, indent=1)
    if floors:
        failed = check_floors(report, floors)
        for line in failed:
            click.echo(f"accord: below floor: {line}", err=True)
        sys.exit(1 if failed else 0)
