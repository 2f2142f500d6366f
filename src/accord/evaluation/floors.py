"""Accuracy floors (bench/floors.json): a metric may rise freely, never fall below its floor."""

from __future__ import annotations

import json

from accord.errors import ConfigError


def check_floors(report, floors_path: str) -> list[str]:
    """Failed floors as "metric: value < floor" lines, for the floors whose gold matches
    the report's gold file name (``"gold"`` in each floor entry)."""
    try:
        with open(floors_path, encoding="utf-8") as handle:
            floors = json.load(handle)["floors"]
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"{floors_path}: cannot read floors: {err}") from err
    failed = []
    for floor in floors:
        if floor.get("gold") and not report.gold_path.endswith(floor["gold"]):
            continue
        if floor.get("split", None) != report.split:
            continue
        value = report.metrics.get(floor["metric"])
        if value is None or value < floor["floor"]:
            failed.append(f'{floor["metric"]}: {value} < {floor["floor"]} ({floor["gold"]})')
    return failed
