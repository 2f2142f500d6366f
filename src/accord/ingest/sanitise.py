"""The one input sanitiser: every string that comes from outside (file text, JSONL and
POST fields, file names) passes here before it becomes part of an Article.

Lone surrogates (valid in JSON as ``"\\ud800"``, and what Python makes of undecodable
file names) cannot be encoded as UTF-8, so DuckDB, hashing and every writer would fail on
them: each becomes U+FFFD. C0 control characters other than the line breaks are dropped
from texts (C1 ones stay: they are usually mojibake that normalise_text repairs); a metadata field (id, title, outlet, url, language) also loses tabs and newlines,
and the invisible format characters (zero-width, bidi controls) that could make two ids
look alike or reorder a title on screen.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_FIELD_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def sanitise_text(text: str) -> str:
    """``text`` with lone surrogates replaced and C0 controls other than tab and the line
    breaks (newline, vertical tab, form feed, carriage return) dropped."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(REPLACEMENT, text)
    return _TEXT_CONTROLS.sub("", text) if _TEXT_CONTROLS.search(text) else text


def sanitise_field(value: str | None) -> str | None:
    """A one-line metadata value: surrogates replaced, every control and invisible format
    character dropped, surrounding space stripped; None when nothing is left."""
    if value is None:
        return None
    if not (value.isascii() and value.isprintable()):
        value = _FIELD_CONTROLS.sub("", _SURROGATE.sub(REPLACEMENT, value))
    return value.strip() or None
