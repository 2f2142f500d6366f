"""Who stands where across many articles: the holder x issue matrix behind `accord stances`.

Input is a list of ``DatedStance`` (a Stance with its article's id and date), whatever
store it came from: coded JSONL (``read_dated_stances``) or the DuckDB store. Each cell
keeps every stance for that holder and issue, most recent first; the newest decides
what the cell shows.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from accord.errors import InputError
from accord.model import Stance

STANCE_MARK = {"support": "+", "oppose": "-", "conditional": "~"}
CSV_COLUMNS = ("holder", "holder_name", "issue", "stance", "date", "article", "conditions", "evidence")


@dataclass(frozen=True, slots=True)
class DatedStance:
    stance: Stance
    article_id: str
    date: str | None


@dataclass(frozen=True)
class StanceMatrix:
    holders: tuple[str, ...]  # holder keys, most evidence first
    issues: tuple[str, ...]
    names: dict[str, str]  # holder key -> display name
    cells: dict[tuple[str, str], tuple[DatedStance, ...]]  # newest first


def holder_key(stance: Stance) -> str:
    holder = stance.holder
    return holder.code or holder.name or holder.text


def build_stance_matrix(stances: Iterable[DatedStance]) -> StanceMatrix:
    """Group stances by holder and issue, newest article first (undated last)."""
    grouped: dict[tuple[str, str], list[DatedStance]] = defaultdict(list)
    names: dict[str, str] = {}
    for dated in stances:
        key = holder_key(dated.stance)
        grouped[(key, dated.stance.issue)].append(dated)
        names.setdefault(key, dated.stance.holder.name or key)
    cells = {k: tuple(sorted(v, key=lambda d: (d.date or "", d.article_id), reverse=True)) for k, v in grouped.items()}
    weight: dict[str, int] = defaultdict(int)
    for (holder, _), found in cells.items():
        weight[holder] += len(found)
    holders = tuple(sorted(weight, key=lambda h: (-weight[h], h)))
    issues = tuple(sorted({issue for _, issue in cells}))
    return StanceMatrix(holders, issues, names, cells)


def read_dated_stances(path: str) -> list[DatedStance]:
    """Stances of every article in a coded JSONL file (``accord code`` output, .gz too)."""
    from accord.contract import stance_from_dict

    opener = gzip.open if path.endswith(".gz") else open
    out = []
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    article = record.get("article") or {}
                    stances = [stance_from_dict(s) for s in record.get("stances") or ()]
                except (ValueError, KeyError, TypeError, AttributeError) as err:
                    raise InputError(f"{path}:{line_no}: not a coded article record: {err}") from err
                out.extend(DatedStance(s, str(article.get("id")), article.get("date")) for s in stances)
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read coded articles: {err}") from err
    return out


def _cell_text(found: tuple[DatedStance, ...]) -> str:
    latest = found[0]
    text = f"{STANCE_MARK.get(latest.stance.stance, '?')}{latest.stance.stance}"
    if latest.date:
        text += f" {latest.date}"
    if len(found) > 1:
        text += f" (+{len(found) - 1})"
    return text


def format_stance_table(matrix: StanceMatrix) -> str:
    """Holders down, issues across; each cell the newest stance, its date and how many
    older ones stand behind it. Conditions of the newest stances follow the table."""
    if not matrix.cells:
        return "no stances\n"
    header = ["holder", *matrix.issues]
    rows = [header]
    for holder in matrix.holders:
        label = holder if matrix.names.get(holder, holder) == holder else f"{holder} {matrix.names[holder]}"
        rows.append([label] + [_cell_text(matrix.cells[(holder, i)]) if (holder, i) in matrix.cells else "."
                               for i in matrix.issues])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    conditions = [f"  {holder} {issue}: {'; '.join(found[0].stance.conditions)}"
                  for (holder, issue), found in sorted(matrix.cells.items()) if found[0].stance.conditions]
    if conditions:
        lines += ["", "conditions (newest stance):", *conditions]
    return "\n".join(lines) + "\n"


def stance_csv(matrix: StanceMatrix) -> str:
    """Every stance as a CSV row, holder and issue in matrix order, newest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for holder in matrix.holders:
        for issue in matrix.issues:
            for found in matrix.cells.get((holder, issue), ()):
                s = found.stance
                writer.writerow([holder, matrix.names.get(holder, holder), issue, s.stance, found.date or "",
                                 found.article_id, "; ".join(s.conditions), " ".join(s.evidence)])
    return buffer.getvalue()
