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

from accord.errors import AccordError, DataFileError, ModelNotFound, StoreError

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


def db_option(f):
    return click.option("--db", type=click.Path(dir_okay=False), envvar="ACCORD_DB", default="accord.duckdb",
                        show_default=True, help="The store (DuckDB file); also $ACCORD_DB.")(f)


def workers_option(f):
    return click.option("-j", "--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                        show_default="all cores", help="Worker processes, each loading the model once.")(f)


def gate_option(f):
    return click.option("--no-gate", "no_gate", is_flag=True,
                        help="Parse every article, also those naming no political actor (the relevance gate "
                             "stores them unparsed, with no events).")(f)


def _settings(config: str | None, model: str | None = None, batch_size: int | None = None,
              use_model: bool = True, use_embedder: bool = False, gate: bool = True):
    from dataclasses import replace

    from accord.settings import Settings

    settings = Settings.from_toml(config) if config else Settings()
    if model:
        settings = replace(settings, model=model)
    if batch_size:
        settings = replace(settings, batch_size=batch_size)
    if not use_model:
        settings = replace(settings, use_model=False)
    if use_embedder:
        settings = replace(settings, use_embedder=True)
    if not gate:
        settings = replace(settings, gate=False)
    return settings


@contextmanager
def _open_output(path: str):
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


def _exit_with(run, quiet: bool) -> None:
    """Name each failed input on stderr, summarise, exit 1 if any input failed."""
    for failure in run.failures:
        click.echo(f"accord: {failure.message}", err=True)
    if not quiet:
        click.echo(run.summary(), err=True)
    sys.exit(1 if run.failures else 0)


def _fail(err: AccordError) -> None:
    click.echo(f"accord: error: {err}", err=True)
    sys.exit(3 if isinstance(err, (ModelNotFound, DataFileError, StoreError)) else 1)


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
@click.option("--no-model", is_flag=True, help="Rules only: skip the learned event classifier.")
@click.option("--embedder", is_flag=True,
              help="Mix a sentence-embedder head into the classifier (optional install: requirements-embed.txt; slower).")
@gate_option
@config_option
@quiet_option
def code(paths, date, fmt, output, jsonl_copy, model, batch_size, no_model, embedder, no_gate, config, quiet):
    """Code articles (.txt, .html, .jsonl[.gz], folders, or - for stdin)."""
    from accord.pipeline import code_files
    from accord.summary import format_table

    default_date = date.date().isoformat() if date else None
    try:
        settings = _settings(config, model, batch_size, use_model=not no_model, use_embedder=embedder, gate=not no_gate)
        with _open_output(output) as out, _open_output(jsonl_copy or os.devnull) as copy:
            sinks = [s for s, wanted in ((out, fmt == "jsonl"), (copy, jsonl_copy)) if wanted]
            result = code_files(paths, default_date, settings, sinks, keep_records=fmt == "table")
            if fmt == "table":
                out.write(format_table(result.records))
    except AccordError as err:
        _fail(err)
    _exit_with(result, quiet)


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


@main.command()
@click.argument("coded", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--db", type=click.Path(dir_okay=False), envvar="ACCORD_DB", default=None,
              help="Without CODED: read the stances of this store (default ./accord.duckdb; also $ACCORD_DB).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
              help="table: holder x issue matrix, newest stance per cell; csv: every stance, newest first.")
@output_option
def stances(coded, db, fmt, output):
    """Who stands where: the holder x issue stance matrix of CODED (output of `accord code`),
    or of the store (`--db`) when no CODED is given."""
    from accord.stance.matrix import build_stance_matrix, format_stance_table, read_dated_stances, stance_csv
    from accord.store import open_store
    from accord.store.queries import dated_stances

    try:
        found = read_dated_stances(coded) if coded else dated_stances(open_store(db, read_only=True))
        matrix = build_stance_matrix(found)
    except AccordError as err:
        _fail(err)
    with _open_output(output) as out:
        out.write(format_stance_table(matrix) if fmt == "table" else stance_csv(matrix))


def _progress_bar(total: int | None, quiet: bool):
    """A tqdm bar on stderr (articles/s, events, ETA); off with -q or when stderr is no TTY."""
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True,
                disable=quiet or not sys.stderr.isatty())


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@workers_option
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per batch; each batch is one transaction (default 64).")
@date_option
@gate_option
@config_option
@quiet_option
def ingest(paths, db, workers, batch_size, date, no_gate, config, quiet):
    """Code articles (same inputs as `code`, or a folder of Parquet store rows) into the store.
    Stored articles (same sha256) are skipped; a changed article replaces its old records."""
    from accord.store import open_store
    from accord.store.write import estimate_articles, ingest_paths

    try:
        settings = _settings(config, batch_size=batch_size, gate=not no_gate)
        con = open_store(db)
        with _progress_bar(estimate_articles(paths), quiet) as bar:
            report = ingest_paths(con, paths, settings, workers=workers, progress=bar,
                                  default_date=date.date().isoformat() if date else None)
    except AccordError as err:
        _fail(err)
    _exit_with(report, quiet)


def _filter_options(f):
    for name, text in reversed((
            ("--actor", "Source actor: code (RUS) or name."), ("--target", "Target actor: code or name."),
            ("--type", "PLOVER event type(s), comma-separated (REJECT,ACCUSE)."),
            ("--issue", "Issue key (ceasefire)."), ("--since", "First day, YYYY-MM-DD."),
            ("--until", "Last day, YYYY-MM-DD."), ("--country", "Country involved: source, target or location."),
            ("--text", "Words in the evidence sentence."))):
        f = click.option(name, type=DATE if name in ("--since", "--until") else str, default=None, help=text)(f)
    return f


def _event_filter(options: dict):
    from accord.store.queries import EventFilter

    days = {k: v.date().isoformat() for k, v in options.items() if k in ("since", "until") and v}
    return EventFilter(**{k: v for k, v in options.items() if k in EventFilter.__slots__} | days)


@main.command()
@db_option
@_filter_options
@click.option("--mentions", is_flag=True, help="Every mention, not one row per linked event.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@output_option
def query(db, mentions, limit, fmt, output, **filters):
    """Events in the store matching the filters, one row per linked event."""
    from accord.store import open_store
    from accord.store.export import QUERY_TABLE_COLUMNS, write_table
    from accord.store.queries import find_events

    try:
        table = find_events(open_store(db, read_only=True), _event_filter(filters), mentions=mentions, limit=limit)
    except AccordError as err:
        _fail(err)
    with _open_output(output) as out:
        write_table(table, fmt, out, QUERY_TABLE_COLUMNS)


@main.command()
@click.argument("statement")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@output_option
@config_option
def sql(statement, db, fmt, output, config):
    """Run one read-only SQL STATEMENT (SELECT ...) on the store; writes are refused and
    at most sql_row_cap rows come back (a note on stderr says when rows were cut)."""
    from accord.store import open_store
    from accord.store.db import cap_address_space
    from accord.store.export import write_table
    from accord.store.queries import run_sql

    try:
        options = _settings(config).store
        con = open_store(db, read_only=True, sandbox=True, memory_limit=f"{options.sql_memory_mb}MB")
        cap_address_space(2 * options.sql_memory_mb)
        table, cut = run_sql(con, statement, options)
    except AccordError as err:
        _fail(err)
    with _open_output(output) as out:
        write_table(table, fmt, out)
    if cut:
        click.echo(f"accord: output cut at {len(table.rows)} rows (sql_row_cap)", err=True)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "stances"]),
              default="jsonl", show_default=True,
              help="jsonl: PLOVER records; csv/parquet: every mention; gdelt: GDELT 2.0 event TSV; stances: CSV.")
@_filter_options
@output_option
def export(db, fmt, output, **filters):
    """Export the store's events (or stances) for other tools."""
    from accord.store import open_store
    from accord.store.export import export_events, export_stances

    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs -o FILE")
    try:
        con = open_store(db, read_only=True)
        with _open_output(os.devnull if fmt == "parquet" else output) as out:
            if fmt == "stances":
                count = export_stances(con, out, holder=filters["actor"], issue=filters["issue"])
            else:
                count = export_events(con, fmt, out, path=output, flt=_event_filter(filters))
    except AccordError as err:
        _fail(err)
    left_out = getattr(count, "left_out", 0)
    click.echo(f"accord: exported {count} row(s)" + (f"; left out {left_out} event(s) without a CAMEO event code "
                                                       "or a named source actor, which GDELT rows need"
                                                       if left_out else ""), err=True)


@main.command()
@db_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1); any other needs a token.")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port to listen on (default 8000).")
@click.option("--token", envvar="ACCORD_TOKEN", default=None,
              help="Required on every request when set; enables POST /api/articles. Also $ACCORD_TOKEN.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one GET request in-process (e.g. /api/events?actor=RUS), print the body, exit 1 on an error status.")
@config_option
def serve(db, host, port, token, get_path, config):
    """Serve the dashboard and JSON API over the store (FastAPI on uvicorn)."""
    from dataclasses import replace

    from accord.errors import ConfigError
    from accord.web.app import answer_once, run_server

    try:
        settings = _settings(config)
        given = {k: v for k, v in (("host", host), ("port", port), ("token", token)) if v is not None}
        settings = replace(settings, serve=replace(settings.serve, **given))
        if get_path:
            status, body = answer_once(settings, db, get_path)
            sys.stdout.buffer.write(body)
            sys.exit(0 if status < 400 else 1)
        run_server(settings, db)
    except ConfigError as err:
        click.echo(f"accord: error: {err}", err=True)
        sys.exit(3)
    except AccordError as err:
        _fail(err)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.argument("output")
@click.option("--master", default=None, help="Spark master URL (default: spark-submit's, else local[*]).")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Coding tasks (default 3 per core); each codes a run of publication dates.")
@click.option("--conf", "spark_conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting; repeatable.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Articles per spaCy batch (default 64).")
@date_option
@gate_option
@config_option
@quiet_option
def spark(inputs, output, master, partitions, spark_conf, batch_size, date, no_gate, config, quiet):
    """Code JSONL(.gz)/Parquet INPUTS (any path Spark reads) on Spark into Parquet tables under OUTPUT.
    Articles already in OUTPUT are skipped; `accord ingest OUTPUT` loads the tables into the store."""
    from accord.errors import ConfigError

    conf = dict(item.split("=", 1) for item in spark_conf if "=" in item)
    if len(conf) != len(spark_conf):
        raise click.UsageError("--conf takes KEY=VALUE")
    try:
        from accord.spark import code_to_parquet, start_session

        settings = _settings(config, batch_size=batch_size, gate=not no_gate)
        session = start_session(master, config={"spark.ui.showConsoleProgress": str(not quiet).lower(), **conf})
        report = code_to_parquet(session, list(inputs), output, settings, partitions=partitions,
                                 default_date=date.date().isoformat() if date else None)
    except ConfigError as err:  # no pyspark, no Java, no inputs: could not start
        click.echo(f"accord: error: {err}", err=True)
        sys.exit(3)
    except AccordError as err:
        _fail(err)
    for failure in report.failures:
        click.echo(f"accord: {failure}", err=True)
    if not quiet:
        click.echo(report.summary(), err=True)
    sys.exit(1 if report.failure_count else 0)
