"""Query results -> the shapes the pages plot: series per type, network layout, map points.

The API returns these same dicts, so a page and its /api/... JSON never disagree.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import defaultdict

import numpy as np

from accord.model import EVENT_TYPES
from accord.datafiles import packaged_rows


@functools.lru_cache(maxsize=1)
def load_polarity() -> dict[str, tuple[str, str]]:
    """PLOVER type -> (quad class, cooperation|conflict), from data/web/quad.tsv."""
    table = {fields[1]: (fields[2], fields[3]) for _, fields in packaged_rows("web/quad.tsv", ("id", "type", "quad", "polarity"))}
    missing = set(EVENT_TYPES) - set(table)
    if missing:
        from accord.errors import DataFileError

        raise DataFileError(f"web/quad.tsv: no quad class for {sorted(missing)}")
    return table


def polarity(event_type: str) -> str:
    return load_polarity().get(event_type, ("", "other"))[1]


def timeline_series(timeline: dict, bucket: str) -> dict:
    """``views.timeline`` -> periods (each its first day, YYYY-MM-DD, for a date axis: only
    periods with events, so a gap on the axis is a gap in the record), one count list per type
    and per polarity, and the Goldstein intensity per period (sum and mean of the scores)."""
    rows = timeline["rows"]
    periods = sorted({r["period"] for r in rows})
    index = {p: i for i, p in enumerate(periods)}
    by_type: dict[str, list[int]] = {}
    by_polarity = {"cooperation": [0] * len(periods), "conflict": [0] * len(periods)}
    goldstein, scored = [0.0] * len(periods), [0] * len(periods)
    for row in rows:
        at = index[row["period"]]
        by_type.setdefault(row["type"], [0] * len(periods))[at] += row["n"]
        side = polarity(row["type"])
        if side in by_polarity:
            by_polarity[side][at] += row["n"]
        goldstein[at] += row["goldstein"] or 0.0
        scored[at] += row["scored"]
    ordered = {t: by_type[t] for t in EVENT_TYPES if t in by_type}
    ordered.update({t: v for t, v in by_type.items() if t not in ordered})
    return {"bucket": bucket, "periods": periods, "types": ordered, "polarity": by_polarity,
            "goldstein": {"sum": [round(g, 1) for g in goldstein],
                          "mean": [round(g / n, 2) if n else None for g, n in zip(goldstein, scored)]},
            "total": sum(r["n"] for r in rows), "undated": timeline["undated"]}


def network_graph(edge_rows: list[dict], max_nodes: int = 60, label=str) -> dict:
    """(source, target, type, n) rows -> nodes placed by a force layout and edges with their
    cooperation and conflict counts. Only the ``max_nodes`` busiest actors are kept
    (``actors_in_all`` says how many there were); ``label`` names a node (RUS -> Russia)."""
    pairs: dict[tuple[str, str], dict] = {}
    degree: dict[str, int] = defaultdict(int)
    for row in edge_rows:
        edge = pairs.setdefault((row["source"], row["target"]),
                                {"source": row["source"], "target": row["target"], "cooperation": 0,
                                 "conflict": 0, "other": 0, "types": {}})
        edge[polarity(row["type"]) if polarity(row["type"]) in edge else "other"] += row["n"]
        edge["types"][row["type"]] = edge["types"].get(row["type"], 0) + row["n"]
        degree[row["source"]] += row["n"]
        degree[row["target"]] += row["n"]
    kept = sorted(degree, key=lambda name: (-degree[name], name))[:max_nodes]
    keep = set(kept)
    edges = [dict(e, n=e["cooperation"] + e["conflict"] + e["other"],
                  polarity="cooperation" if e["cooperation"] >= e["conflict"] else "conflict")
             for e in pairs.values() if e["source"] in keep and e["target"] in keep]
    positions = force_layout(kept, [(e["source"], e["target"], e["n"]) for e in edges])
    nodes = [{"id": name, "label": label(name), "events": degree[name], "x": positions[name][0],
              "y": positions[name][1]} for name in kept]
    return {"nodes": nodes, "edges": edges, "actors_in_all": len(degree), "max_nodes": max_nodes}


def _seeded_position(name: str) -> tuple[float, float]:
    """A start position from the name alone, so the same store always draws the same picture."""
    digest = hashlib.sha256(name.encode()).digest()
    return digest[0] / 255 - 0.5, digest[1] / 255 - 0.5


def force_layout(names: list[str], edges: list[tuple[str, str, int]], iterations: int = 120) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold, scaled into the unit square: linked actors pull together, all push apart."""
    if not names:
        return {}
    index = {name: i for i, name in enumerate(names)}
    pos = np.array([_seeded_position(name) for name in names])
    links = np.array([(index[a], index[b]) for a, b, _ in edges], dtype=int).reshape(-1, 2)
    weights = np.log1p(np.array([w for _, _, w in edges], dtype=float))
    k = 1 / math.sqrt(len(names))
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        shift = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        if len(links):
            d = pos[links[:, 0]] - pos[links[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d / length[:, None] * (length * length / k * weights)[:, None]
            np.add.at(shift, links[:, 0], -pull)
            np.add.at(shift, links[:, 1], pull)
        shift -= pos * len(names) * k  # gravity keeps unlinked actors from drifting off
        size = np.maximum(np.linalg.norm(shift, axis=1), 1e-9)
        pos = pos + shift / size[:, None] * np.minimum(size, temperature)[:, None]
        temperature *= 0.97
    pos = pos - pos.mean(axis=0)
    pos = pos / max(float(np.abs(pos).max()), 1e-9) / 2  # fit the unit square
    return {name: (round(float(x), 4), round(float(y), 4)) for name, (x, y) in zip(names, pos)}


def map_layers(point_rows: list[dict]) -> dict:
    """Located events per place, with the place's cooperation and conflict counts."""
    places: dict[tuple, dict] = {}
    for row in point_rows:
        place = places.setdefault((row["place"], row["lat"], row["lon"]),
                                  {"place": row["place"], "country": row["country"], "lat": row["lat"],
                                   "lon": row["lon"], "n": 0, "cooperation": 0, "conflict": 0, "types": {}})
        place["n"] += row["n"]
        side = polarity(row["type"])
        if side in ("cooperation", "conflict"):
            place[side] += row["n"]
        place["types"][row["type"]] = place["types"].get(row["type"], 0) + row["n"]
    return {"points": sorted(places.values(), key=lambda p: -p["n"])}


def stance_cells(matrix: dict) -> dict:
    """``stance_views.stance_matrix`` -> holders (most stances first), issues and one cell per pair
    with its leading stance; the names behind each holder and how many holders were cut."""
    rows = matrix["cells"]
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row["holder"]] += row["n"]
    holders = sorted(totals, key=lambda h: (-totals[h], h))
    issues = sorted({r["issue"] for r in rows})
    cells = []
    for row in rows:
        counts = {s: row[s] for s in ("support", "oppose", "conditional")}
        leading = max(counts, key=lambda s: (counts[s], s == "conditional"))
        cells.append(dict(row, leading=leading, net=round((row["support"] - row["oppose"]) / row["n"], 3)))
    return {"holders": holders, "issues": issues, "cells": cells, "names": matrix["names"],
            "labels": matrix["labels"], "holders_in_all": matrix["holders_in_all"], "limit": matrix["limit"]}


def stance_lines(rows: list[dict]) -> dict:
    """(holder, period, stance, n) -> per holder: periods and the net stance in each
    (support minus oppose over all stances that period, -1..1)."""
    lines: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        lines.setdefault(row["holder"], {}).setdefault(row["period"], {})[row["stance"]] = row["n"]
    out = []
    for holder, periods in lines.items():
        ordered = sorted(periods)
        net = [round((periods[p].get("support", 0) - periods[p].get("oppose", 0)) / sum(periods[p].values()), 3)
               for p in ordered]
        out.append({"holder": holder, "periods": ordered, "net": net,
                    "counts": [periods[p] for p in ordered]})
    return {"lines": out}
