"""Refresh src/accord/data/MANIFEST.toml: one table per data file with version, source,
licence and sha256. A file whose content changed gets its version bumped; a new file
starts at version 1 with the source and licence given on the command line or "accord".

    .venv/bin/python tools/update_manifest.py
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "accord" / "data"
MANIFEST = DATA / "MANIFEST.toml"
DEFAULT = {"source": "hand-written by accord", "licence": "MIT (accord)"}


def main() -> None:
    old = tomllib.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    lines = ["# Packaged data files: version, source, licence, sha256 (tests check the hashes).", ""]
    for path in sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "MANIFEST.toml" and "__pycache__" not in p.parts):
        rel = path.relative_to(DATA).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entry = dict(DEFAULT, version=1) | old.get(rel, {})
        if entry.get("sha256") not in (None, digest):
            entry["version"] += 1
        entry["sha256"] = digest
        lines += [f'["{rel}"]', f'version = {entry["version"]}', f'source = "{entry["source"]}"',
                  f'licence = "{entry["licence"]}"', f'sha256 = "{digest}"', ""]
    MANIFEST.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
