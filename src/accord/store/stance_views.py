"""Read queries behind the dashboard's stance matrix, its series and a cell's evidence.

Holders are grouped by code as actors are (RUS gathers Russia and Vladimir Putin), and a
stance is dated by the article that reports it. The matrix and the series read
``stance_facts``, prepared with the dashboard's other tables (facts.build_dashboard_tables).
"""

from __future__ import annotations

from typing import Any

from accord.store.queries import actor_match
from accord.store.views import BUCKETS, NAMES_PER_ACTOR, actor_label, fetch_dicts

HOLDER_KEY = "coalesce(s.holder_code, s.holder_name)"  # one holder per code, as actors are
STANCE_DAY = "TRY_CAST(a.date AS DATE)"  # a stance has no date of its own: its article's


def _stance_where(holder: str | None, issue: str | None, start: str | None, end: str | None,
                  day: str = STANCE_DAY) -> tuple[str, list]:
    """Over ``stances s JOIN articles a`` (or ``stance_facts s`` with ``day="s.day"``)."""
    clauses, params = [f"{HOLDER_KEY} IS NOT NULL"], []
    if holder:
        clause, values = actor_match("s.holder_code", "s.holder_name", holder)
        clauses.append(clause)
        params += values
    for value, clause in ((issue, "lower(s.issue) = lower(?)"), (start, f"{day} >= CAST(? AS DATE)"),
                          (end, f"{day} <= CAST(? AS DATE)")):
        if value:
            clauses.append(clause)
            params.append(value)
    return " AND ".join(clauses), params


def prepare_stance_facts(con) -> None:
    """Every stance with its holder key and its article's day, for the matrix and the series."""
    con.execute(f"""CREATE OR REPLACE TABLE memory.main.stance_facts AS
                    SELECT {HOLDER_KEY} AS holder, s.holder_code, s.holder_name, s.issue, s.stance, {STANCE_DAY} AS day
                    FROM stances s JOIN articles a ON a.sha256 = s.article_sha256""")


def stance_matrix(con, *, holder: str | None = None, issue: str | None = None, start: str | None = None,
                  end: str | None = None, min_articles: int = 1, limit: int = 40) -> dict[str, Any]:
    """Holder x issue cells, holders grouped by code: how many stances of each kind. Holders
    are the ``limit`` with most stances (``holders_in_all`` says how many there were); each
    lists the names behind it."""
    clause, params = _stance_where(holder, issue, start, end, day="s.day")
    base = f"""
        WITH rows AS (
            SELECT s.holder, s.holder_name AS name, s.issue, s.stance FROM memory.main.stance_facts s WHERE {clause}
        ), totals AS (
            SELECT holder, count(*) AS n, count(*) OVER () AS holders_in_all FROM rows GROUP BY holder
            ORDER BY n DESC, holder LIMIT ?
        )"""
    cells = fetch_dicts(con, base + """
        SELECT holder, issue, count(*) FILTER (WHERE stance = 'support') AS support,
               count(*) FILTER (WHERE stance = 'oppose') AS oppose,
               count(*) FILTER (WHERE stance = 'conditional') AS conditional, count(*) AS n
        FROM rows JOIN totals USING (holder) GROUP BY ALL HAVING count(*) >= ? ORDER BY holder, issue""",
        [*params, limit, min_articles])
    names = fetch_dicts(con, base + """
        SELECT holder, name, count(*) AS n, any_value(holders_in_all) AS holders_in_all
        FROM rows JOIN totals USING (holder) WHERE name IS NOT NULL
        GROUP BY holder, name QUALIFY row_number() OVER (PARTITION BY holder ORDER BY count(*) DESC, name) <= ?""",
        [*params, limit, NAMES_PER_ACTOR])
    total = fetch_dicts(con, base + "SELECT any_value(holders_in_all) AS n FROM totals", [*params, limit])[0]["n"] or 0
    by_holder: dict[str, list[str]] = {}
    for row in sorted(names, key=lambda r: (-r["n"], r["name"])):
        by_holder.setdefault(row["holder"], []).append(row["name"])
    return {"cells": cells, "names": by_holder, "holders_in_all": total, "limit": limit,
            "labels": {h: actor_label(h) for h in {c["holder"] for c in cells}}}


def stance_series(con, issue: str, *, holder: str | None = None, start: str | None = None, end: str | None = None,
                  bucket: str = "month", limit_holders: int = 8) -> list[dict[str, Any]]:
    """One issue over time per holder (grouped by code): stances per period, by the reporting
    article's date, within ``start``..``end``."""
    clause, params = _stance_where(holder, issue, start, end, day="s.day")
    return fetch_dicts(con, f"""
        WITH rows AS (
            SELECT s.holder, strftime(date_trunc('{bucket if bucket in BUCKETS else "month"}', s.day), '%Y-%m-%d') AS period,
                   s.stance
            FROM memory.main.stance_facts s WHERE {clause} AND s.day IS NOT NULL
        ), top AS (
            SELECT holder FROM rows GROUP BY holder ORDER BY count(*) DESC, holder LIMIT ?
        )
        SELECT holder, period, stance, count(*) AS n FROM rows JOIN top USING (holder)
        GROUP BY ALL ORDER BY holder, period, stance""", [*params, limit_holders])


def stance_evidence(con, holder: str, issue: str, limit: int = 50, start: str | None = None,
                    end: str | None = None) -> list[dict[str, Any]]:
    """The articles behind one matrix cell, each stance with the events it summarises."""
    clause, params = _stance_where(holder, issue, start, end)
    rows = fetch_dicts(con, f"""
        SELECT s.article_sha256 AS sha256, a.article_id, a.title, a.date, a.outlet, s.stance_index,
               s.holder_text, s.holder_name, s.stance, s.conditions, s.evidence
        FROM stances s JOIN articles a ON a.sha256 = s.article_sha256
        WHERE {clause} ORDER BY a.date DESC NULLS LAST, a.sha256 LIMIT ?""", [*params, limit])
    if not rows:
        return []
    events = fetch_dicts(con, """
        SELECT e.article_sha256 AS sha256, e.event_id, e.type, e.modality, e.trigger_text, e.evidence,
               e.date, e.rule, e.speaker_name, e.attribution_via
        FROM events e WHERE e.article_sha256 IN (SELECT unnest(?)) ORDER BY e.sentence""",
        [sorted({r["sha256"] for r in rows})])
    by_key = {(e["sha256"], e["event_id"]): e for e in events}
    return [dict(r, events=[by_key[(r["sha256"], i)] for i in r["evidence"] if (r["sha256"], i) in by_key])
            for r in rows]
