"""Scoring event locations against ACLED rows (``accord eval ACLED.csv CODED.jsonl``).

Each ACLED row's ``notes`` is coded as one article (``acled_articles`` makes them, with the
row's ``event_date`` as publication date and its ``data_id`` as article id). A row's
location is the first coded event's location. Scored: how many rows get one, how many of
those name ACLED's ``admin1``, and the distance to ACLED's coordinates.
"""

from __future__ import annotations

import csv
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.model import Article

ACLED_COLUMNS = {"notes", "admin1", "latitude", "longitude", "event_date"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%y", "%d %B %Y", "%d-%b-%y")
# "Kilifi County" and "Kilifi" name one division.
DIVISION_WORD = re.compile(r"\b(county|province|region|oblast|state|governorate|district|city)\b")


@dataclass(frozen=True, slots=True)
class GeoSummary:
    rows: int
    coded: int
    with_event: int
    located: int
    admin1_right: int
    median_km: float | None
    within_25km: int

    @property
    def located_rate(self) -> float | None:
        return self.located / self.coded if self.coded else None

    @property
    def admin1_accuracy(self) -> float | None:
        return self.admin1_right / self.located if self.located else None


def is_acled_gold(path: str | Path) -> bool:
    path = Path(path)
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    return ACLED_COLUMNS <= set(header)


def read_acled(path: str | Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path}: cannot read ACLED rows: {err}") from err


def _iso_date(value: str) -> str | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def acled_articles(path: str | Path) -> list[Article]:
    """One article per row: the notes, dated by the row's event date."""
    return [Article(id=row["data_id"], text=row["notes"], date=_iso_date(row["event_date"]))
            for row in read_acled(path) if row.get("notes", "").strip()]


def fold_division(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", "", DIVISION_WORD.sub("", name))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _first_location(record: dict[str, Any]) -> dict[str, Any] | None:
    for event in record.get("events") or ():
        if isinstance(event.get("location"), dict):
            return event["location"]
    return None


def score_acled(rows: list[dict[str, str]], coded_by_id: dict[str, dict]) -> GeoSummary:
    coded = with_event = located = admin1_right = near = 0
    distances = []
    for row in rows:
        record = coded_by_id.get(row["data_id"])
        if record is None:
            continue
        coded += 1
        with_event += bool(record.get("events"))
        location = _first_location(record)
        if location is None:
            continue
        located += 1
        admin1_right += bool(location.get("admin1")) and fold_division(location["admin1"]) == fold_division(row["admin1"])
        if location.get("lat") is not None and row.get("latitude"):
            km = haversine_km(location["lat"], location["lon"], float(row["latitude"]), float(row["longitude"]))
            distances.append(km)
            near += km <= 25
    return GeoSummary(rows=len(rows), coded=coded, with_event=with_event, located=located, admin1_right=admin1_right,
                      median_km=round(statistics.median(distances), 1) if distances else None, within_25km=near)


def geo_metrics(summary: GeoSummary) -> dict[str, float | None]:
    return {"geo_located_rate": summary.located_rate, "geo_admin1_accuracy": summary.admin1_accuracy,
            "geo_median_km": summary.median_km}


def format_geo(summary: GeoSummary) -> list[str]:
    def pct(part: int, whole: int) -> str:
        return f"{part}/{whole}  {part / whole:.3f}" if whole else f"{part}/0  -"

    return [
        f"rows: {summary.rows}   coded: {summary.coded}   with an event: {summary.with_event}",
        "\n".join([
            f"coded rows located (an event has a place)    {pct(summary.located, summary.coded)}",
            f"rows with an event located                   {pct(summary.located, summary.with_event)}",
            f"admin1 matches ACLED (of located rows)       {pct(summary.admin1_right, summary.located)}",
            f"within 25 km of ACLED's point (of located)    {pct(summary.within_25km, summary.located)}",
            f"median distance to ACLED's point             {summary.median_km} km",
        ]),
    ]
