"""Issue keys: which proposal, demand or subject an event is about."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from accord.errors import DataFileError
from accord.datafiles import read_packaged_text, tsv_rows

ISSUES_FILE = "issues/keywords.tsv"
COLUMNS = ("id", "key", "phrase", "priority")


@dataclass(frozen=True, slots=True)
class IssueKeywords:
    pattern: re.Pattern
    key_by_phrase: dict[str, tuple[str, int, str]]  # phrase -> (key, priority, entry id)

    def find_key(self, text: str) -> tuple[str, str] | None:
        """The (key, entry id) of the highest-priority phrase in ``text``, or None."""
        best: tuple[int, str, str] | None = None
        for match in self.pattern.finditer(text.lower()):
            key, priority, entry = self.key_by_phrase[match.group(0)]
            if best is None or priority > best[0]:
                best = (priority, key, entry)
        return None if best is None else (best[1], best[2])


def _read_rows(name: str, text: str) -> dict[str, tuple[str, int, str]]:
    rows: dict[str, tuple[str, int, str]] = {}
    for line_no, fields in tsv_rows(name, text, COLUMNS):
        if not fields[3].strip().isdigit():
            raise DataFileError(f"{name}:{line_no}: priority must be a whole number, got {fields[3]!r}")
        entry, key, phrase, priority = (f.strip() for f in fields)
        rows[phrase.lower()] = (key, int(priority), entry)
    return rows


@functools.lru_cache(maxsize=8)
def load_issue_keywords(extra_files: tuple[str, ...] = ()) -> IssueKeywords:
    """The packaged keyword table, extended (and overridden) by user TSVs in the same format."""
    phrases = _read_rows(ISSUES_FILE, read_packaged_text(ISSUES_FILE))
    for path in extra_files:
        with open(path, encoding="utf-8") as handle:
            phrases.update(_read_rows(path, handle.read()))
    alternatives = sorted(phrases, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in alternatives) + r")(?![\w-])")
    return IssueKeywords(pattern, phrases)
