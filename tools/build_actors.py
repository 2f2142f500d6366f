"""Rebuild src/accord/data/actors/{agents,people,groups}.tsv from ../shared/data/petrarch.

Sources (MIT, Open Event Data Alliance; notice copied to data/actors/NOTICE):
  Phoenix.agents.txt              role nouns -> sector            -> agents.tsv
  Phoenix.Countries.actors.txt    office holders with dated codes -> people.tsv
  Phoenix.International.actors.txt  IGO/NGO officials             -> people.tsv
  Phoenix.MilNonState.actors.txt  armed non-state groups          -> groups.tsv
Hand-curated rows in tools/actors/{people,groups}_curated.tsv replace derived rows that
share an id or a full-name alias. Run: python tools/build_actors.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "accord" / "data" / "actors"
CURATED = ROOT / "tools" / "actors"
PERSON_COLUMNS = ("id", "name", "aliases", "code", "sector", "role", "terms", "sector_out")
NONSTATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
# Derived people must have held office (any dated code) ending on or after this date.
RECENT = "2012-01-01"
KEEP_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "OPP", "PTY"}
ROLE_HINTS = (  # alias substring -> role, first match wins
    ("PRIME_MINISTER", "prime minister"), ("FOREIGN_MINISTER", "foreign minister"),
    ("SECRETARY_OF_STATE", "foreign minister"), ("DEFEN", "defence minister"),
    ("VICE_PRESIDENT", "vice president"), ("PRESIDENT", "president"),
    ("KING_", "king"), ("CHANCELLOR", "chancellor"), ("SECRETARY_GENERAL", "secretary-general"),
    ("SECRETARY-GENERAL", "secretary-general"), ("MINISTER", "minister"),
)


def country_codes() -> set[str]:
    rows = (OUT / "countries.tsv").read_text(encoding="utf-8").splitlines()
    return {r.split("\t")[1] for r in rows if r and not r.startswith(("#", "id\t"))}


def phrase(raw: str) -> str:
    """PETRARCH phrase (``VLADIMIR_PUTIN_``) -> words (``Vladimir Putin``)."""
    text = re.sub(r"\([^)]*\)", " ", raw).replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip(" ,")
    particles = {"al", "bin", "el", "of", "the", "de", "von", "van", "der", "and", "for"}
    return " ".join(
        w.lower() if w.lower() in particles
        else w if any(c.isdigit() for c in w) or not re.search(r"[AEIOUYaeiouy]", w)
        else "-".join(p.capitalize() for p in w.split("-"))
        for w in text.split()
    )


def expand_date(raw: str, *, end: bool) -> str:
    raw = raw.strip()
    if len(raw) == 6:
        yy = int(raw[:2])
        raw = (f"20{raw[:2]}" if yy <= 30 else f"19{raw[:2]}") + raw[2:]
    if len(raw) != 8 or not raw.isdigit():
        return ""
    mm, dd = raw[4:6], raw[6:8]
    if not ("01" <= mm <= "12" and "01" <= dd <= "31"):
        return ""
    return f"{raw[:4]}-{mm}-{dd}"


def parse_code(code: str, dates: str, valid: set[str]):
    """``RUSGOV``, ``>080508`` -> (code, sector, from, to) or None."""
    code = code.strip()
    prefix = code[:3]
    if prefix in ("IGO", "NGO", "MNC", "IMG", "ISM"):
        country = "UNO" if code[3:6] == "UNO" else "EUR" if code[3:6] == "EUR" and prefix == "IGO" else prefix
        rest = code[6:] if country in ("UNO", "EUR") else code[3:]
        if prefix != "IGO":
            rest = code[3:]
            if rest[:3] in valid:
                rest = rest[3:]
    elif prefix in valid:
        country, rest = prefix, code[3:]
    else:
        return None
    sector = rest[:3] if rest[:3] in KEEP_SECTORS else ""
    start = stop = ""
    dates = dates.strip()
    if dates.startswith(">"):
        start = expand_date(dates[1:], end=False)
    elif dates.startswith("<"):
        stop = expand_date(dates[1:], end=True)
    elif "-" in dates:
        a, b = dates.split("-", 1)
        start, stop = expand_date(a, end=False), expand_date(b, end=True)
        if not (start and stop):
            return None
    return country, sector, start, stop


def read_actor_blocks(path: Path):
    """Yield (names, codes) per entry of a PETRARCH .actors file; codes = [(code, dates)]."""
    names: list[str] = []
    codes: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        found = re.findall(r"\[([A-Z~]+)\s*([^\]]*)\]", body)
        head = re.sub(r"\[[^\]]*\]", "", body).strip()
        if head.startswith("+"):
            names.append(head[1:].strip())
        elif head and not line[0].isspace():
            if names:
                yield names, codes
            names, codes = [head], []
        codes.extend(found)
    if names:
        yield names, codes


def derive_people(shared: Path, valid: set[str]) -> list[dict]:
    rows = []
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for names, codes in read_actor_blocks(shared / fname):
            dated = [c for c in (parse_code(code, dates, valid | NONSTATE) for code, dates in codes if dates.strip()) if c]
            if not dated or len(names[0].replace("_", " ").split()) < 2:
                continue
            recent = [c for c in dated if (c[3] or "9999") >= RECENT and c[1]]
            if not recent:
                continue
            country, sector = recent[-1][0], recent[-1][1]
            terms = sorted({f"{c[2]}..{c[3]}" for c in recent if c[0] == country and c[1] == sector})
            aliases, role = [], ""
            for n in names:
                up = n.upper()
                role = role or next((r for key, r in ROLE_HINTS if key in up), "")
                words = phrase(n)
                if len(words.split()) >= 2 and words.lower() != phrase(names[0]).lower():
                    aliases.append(words)
            name = phrase(names[0])
            rows.append({
                "id": re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_"), "name": name,
                "aliases": "|".join(dict.fromkeys(aliases)), "code": country, "sector": sector,
                "role": role, "terms": "|".join(terms), "sector_out": "",
            })
    return rows


def derive_groups(shared: Path, valid: set[str]) -> list[dict]:
    rows = []
    for names, codes in read_actor_blocks(shared / "Phoenix.MilNonState.actors.txt"):
        if not codes:
            continue
        parsed = parse_code(codes[0][0], "", valid | NONSTATE)
        if not parsed:
            continue
        name = phrase(names[0])
        if len(name) < 4:
            continue
        rows.append({
            "id": re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_"), "name": name,
            "aliases": "|".join(dict.fromkeys(phrase(n) for n in names[1:] if len(phrase(n)) > 3)),
            "code": parsed[0], "sector": parsed[1] or "REB", "role": "", "terms": "", "sector_out": "",
        })
    return rows


def read_curated(path: Path) -> list[dict]:
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def merge(derived: list[dict], curated: list[dict]) -> list[dict]:
    """Curated rows win; a derived row sharing an id or a multi-word alias is dropped."""
    taken_ids = {r["id"] for r in curated}
    taken_names = {a.lower() for r in curated for a in [r["name"], *r["aliases"].split("|")] if " " in a}
    out = {r["id"]: r for r in curated}
    for r in derived:
        names = {a.lower() for a in [r["name"], *r["aliases"].split("|")] if a}
        if r["id"] in taken_ids or names & taken_names or r["id"] in out:
            continue
        out[r["id"]] = r
    return [out[k] for k in sorted(out)]


def write_tsv(path: Path, header: str, columns, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        fh.write("\t".join(columns) + "\n")
        for r in rows:
            fh.write("\t".join(r.get(c, "") for c in columns) + "\n")


def build_agents(shared: Path) -> list[dict]:
    subs: dict[str, list[str]] = {}
    rows: dict[str, dict] = {}
    for line in (shared / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        m = re.match(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.match(r"([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3})", body)
        if not m:
            continue
        raw, plural, sector = m.group(1).strip(), m.group(2), m.group(3)
        forms = [raw]
        for key, values in subs.items():
            if key in raw:
                forms = [raw.replace(key, v) for v in values]
        words = {phrase(f).lower() for f in forms}
        if plural and plural.strip("{} "):
            words.add(phrase(plural.strip("{} ")).lower())
        for w in sorted(words):
            if not w or not re.fullmatch(r"[a-z][a-z .'-]*", w):
                continue
            rid = re.sub(r"[^a-z0-9]+", "_", w).strip("_")
            rows.setdefault(rid, {"id": rid, "aliases": w, "sector": sector})
    return [rows[k] for k in sorted(rows)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "petrarch")
    args = ap.parse_args()
    valid = country_codes()
    src = "# Derived by tools/build_actors.py from {} (MIT, see NOTICE){}.\n"
    write_tsv(OUT / "agents.tsv", src.format("Phoenix.agents.txt", "; plurals are generated at load time"),
              ("id", "aliases", "sector"), build_agents(args.shared))
    people = merge(derive_people(args.shared, valid), read_curated(CURATED / "people_curated.tsv"))
    write_tsv(OUT / "people.tsv", src.format("Phoenix.Countries/International.actors.txt",
              " and tools/actors/people_curated.tsv"), PERSON_COLUMNS, people)
    groups = merge(derive_groups(args.shared, valid), read_curated(CURATED / "groups_curated.tsv"))
    write_tsv(OUT / "groups.tsv", src.format("Phoenix.MilNonState.actors.txt",
              " and tools/actors/groups_curated.tsv"), PERSON_COLUMNS, groups)
    notice = (args.shared / "LICENSE").read_text(encoding="utf-8")
    (OUT / "NOTICE").write_text(
        "agents.tsv, people.tsv and groups.tsv contain material derived from the PETRARCH/Phoenix\n"
        "dictionaries of the Open Event Data Alliance, used under the following licence:\n\n" + notice,
        encoding="utf-8")


if __name__ == "__main__":
    main()
