"""Scoring event locations against ACLED rows (``accord eval ACLED.csv CODED.jsonl``).

Each ACLED row's ``notes`` is coded as one article (``acled_articles`` makes them, with the
row's ``event_date`` as publication date and its ``data_id`` as article id). A row's
location is the first coded event's location. Scored over all notes and over the notes that
name ACLED's location or admin1: how many get a location, how many of those lie in ACLED's
country and ``admin1`` (by ACLED's name, or by the division of the gazetteer's town at
ACLED's point, as ACLED and GeoNames spell many divisions apart), and the median and 80th-percentile distance to ACLED's point.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.evaluation.load import all_acts
from accord.model import Article

ACLED_COLUMNS = {"notes", "admin1", "latitude", "longitude", "event_date"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%y", "%d %B %Y", "%d-%b-%y")
# "Kilifi County" and "Kilifi" name one division.
DIVISION_WORD = re.compile(r"\b(county|province|region|oblast|state|governorate|district|city)\b")


@dataclass(frozen=True, slots=True)
class GeoPart:
    """The scores over one set of notes: all of them, or those that name ACLED's place."""

    notes: int
    with_event: int
    located: int
    country_right: int
    admin1_right: int  # ACLED's admin1 name, or the division of the gazetteer's town at ACLED's point
    admin1_named: int  # ACLED's admin1 name only
    median_km: float | None
    p80_km: float | None
    within_25km: int

    @property
    def located_rate(self) -> float | None:
        return self.located / self.notes if self.notes else None

    @property
    def country_accuracy(self) -> float | None:
        return self.country_right / self.located if self.located else None

    @property
    def admin1_accuracy(self) -> float | None:
        return self.admin1_right / self.located if self.located else None


@dataclass(frozen=True, slots=True)
class GeoSummary:
    rows: int
    coded: int
    all: GeoPart  # every coded note
    named: GeoPart  # the notes that name ACLED's location or admin1


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
    # ACLED scores where the incident happened; a perpetrator no one names ("a man was
    # killed in Baragoi") leaves the event unattributed but still placed.
    for event in all_acts(record):
        if isinstance(event.get("location"), dict):
            return event["location"]
    return None


@functools.lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-3 of an ACLED country name ("Democratic Republic of Congo")."""
    import pycountry

    name = name.strip()
    if not name:
        return None
    for candidate in (name, name.replace(" of Congo", " of the Congo"), name.replace("Republic of Congo", "Congo")):
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    try:
        return pycountry.countries.search_fuzzy(name)[0].alpha_3
    except LookupError:
        return None


def _row_country(row: dict[str, str]) -> str | None:
    if row.get("iso3", "").strip():
        return row["iso3"].strip()
    return country_code(row.get("country", ""))


def _fold_text(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


def names_acled_place(row: dict[str, str]) -> bool:
    """Whether the note names ACLED's location or its admin1 (as whole words, case and
    accents aside): the notes a geocoder can place from their text."""
    notes = _fold_text(row.get("notes", ""))
    names = [row.get("location", ""), DIVISION_WORD.sub("", row.get("admin1", "").lower())]
    return any(len(folded) > 2 and folded in notes for folded in (_fold_text(n) for n in names if n.strip()))


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(math.ceil(share * len(ordered))) - 1)], 1)


@functools.lru_cache(maxsize=1)
def _towns_by_country() -> dict[str, tuple[list[tuple[float, float]], list[str]]]:
    """ISO3 -> (points, admin1 names) of the gazetteer's towns with a known division."""
    from accord.geo.gazetteer import _place_lines, load_gazetteer

    gazetteer = load_gazetteer()
    towns: dict[str, tuple[list[tuple[float, float]], list[str]]] = {}
    for line in _place_lines():
        _, _, kind, _, country, code, lat, lon, _ = line.split("\t")
        division = gazetteer.admin1_names.get((country, code))
        if kind == "city" and division and country in gazetteer.iso3:
            points, names = towns.setdefault(gazetteer.iso3[country], ([], []))
            points.append((float(lat), float(lon)))
            names.append(division)
    return towns


def division_at(row: dict[str, str], country: str | None, max_km: float = 15.0) -> str | None:
    """The gazetteer's admin1 name for ACLED's point: that of its nearest town in ACLED's
    country, within ``max_km``. ACLED and GeoNames spell many divisions apart ("Alger" and
    "Algiers", "Jubbada Hoose" and "Lower Juba"); the point settles which one is meant."""
    towns = _towns_by_country().get(country or "")
    if not towns or not row.get("latitude"):
        return None
    lat, lon = float(row["latitude"]), float(row["longitude"])
    points, names = towns
    best = min(range(len(points)), key=lambda i: (points[i][0] - lat) ** 2 + ((points[i][1] - lon) * math.cos(math.radians(lat))) ** 2)
    return names[best] if haversine_km(lat, lon, *points[best]) <= max_km else None


def _score_part(pairs: list[tuple[dict[str, str], dict]]) -> GeoPart:
    with_event = located = country_right = admin1_right = admin1_named = near = 0
    distances = []
    for row, record in pairs:
        with_event += bool(all_acts(record))
        location = _first_location(record)
        if location is None:
            continue
        located += 1
        country = _row_country(row)
        country_right += location.get("country") is not None and location.get("country") == country
        if location.get("admin1"):
            ours = fold_division(location["admin1"])
            named = ours == fold_division(row["admin1"])
            admin1_named += named
            at_point = division_at(row, country) if not named and location.get("country") == country else None
            admin1_right += named or (at_point is not None and ours == fold_division(at_point))
        if location.get("lat") is not None and row.get("latitude"):
            km = haversine_km(location["lat"], location["lon"], float(row["latitude"]), float(row["longitude"]))
            distances.append(km)
            near += km <= 25
    return GeoPart(notes=len(pairs), with_event=with_event, located=located, country_right=country_right,
                   admin1_right=admin1_right, admin1_named=admin1_named,
                   median_km=round(statistics.median(distances), 1) if distances else None,
                   p80_km=_percentile(distances, 0.8), within_25km=near)


def score_acled(rows: list[dict[str, str]], coded_by_id: dict[str, dict]) -> GeoSummary:
    pairs = [(row, coded_by_id[row["data_id"]]) for row in rows if row["data_id"] in coded_by_id]
    return GeoSummary(rows=len(rows), coded=len(pairs), all=_score_part(pairs),
                      named=_score_part([(row, record) for row, record in pairs if names_acled_place(row)]))


def geo_metrics(summary: GeoSummary) -> dict[str, float | None]:
    named = summary.named
    return {"geo_located_rate": summary.all.located_rate, "geo_admin1_accuracy": summary.all.admin1_accuracy,
            "geo_country_accuracy": summary.all.country_accuracy, "geo_median_km": summary.all.median_km,
            "geo_p80_km": summary.all.p80_km, "geo_named_located_rate": named.located_rate,
            "geo_named_admin1_accuracy": named.admin1_accuracy, "geo_named_country_accuracy": named.country_accuracy,
            "geo_named_median_km": named.median_km, "geo_named_p80_km": named.p80_km}


def format_geo(summary: GeoSummary) -> list[str]:
    def pct(part: int, whole: int) -> str:
        return f"{part}/{whole}  {part / whole:.3f}" if whole else f"{part}/0  -"

    def lines(title: str, part: GeoPart) -> str:
        return "\n".join([
            title,
            f"  located (the first event has a place)      {pct(part.located, part.notes)}",
            f"  notes with an event located                {pct(part.located, part.with_event)}",
            f"  country matches ACLED (of located)         {pct(part.country_right, part.located)}",
            f"  admin1 matches ACLED (of located)          {pct(part.admin1_right, part.located)}",
            f"    by ACLED's admin1 name alone             {pct(part.admin1_named, part.located)}",
            f"  within 25 km of ACLED's point (of located) {pct(part.within_25km, part.located)}",
            f"  distance to ACLED's point: median {part.median_km} km, 80th percentile {part.p80_km} km",
        ])

    return [
        f"rows: {summary.rows}   coded: {summary.coded}   with an event: {summary.all.with_event}",
        lines("all coded notes", summary.all),
        lines(f"notes naming ACLED's location or admin1 ({summary.named.notes} of {summary.coded})", summary.named),
    ]
