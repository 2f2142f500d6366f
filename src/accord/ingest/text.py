"""Plain text -> Article: decoding, the binary check, normalisation, dates.

``Article.text`` is the normalised text and every later offset points into it.
Normalisation repairs mojibake (ftfy), applies NFC, turns ``\\r\\n``/``\\r``
into ``\\n``, no-break spaces into spaces and drops control characters other
than ``\\n`` and ``\\t``. Curly quotes, en and em dashes are kept as written.
"""

from __future__ import annotations

import codecs
import email.utils
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import ftfy

from accord.errors import InputError
from accord.ingest.language import detect_language
from accord.ingest.sanitise import sanitise_field, sanitise_text
from accord.model import Article

try:  # a trafilatura dependency; only used for input that is not UTF-8
    import charset_normalizer
except ImportError:  # pragma: no cover - depends on the environment
    charset_normalizer = None


@dataclass(frozen=True, slots=True)
class InputFailure:
    """One input that could not become an article. ``message`` is complete on its own
    (it names the input, the problem and, where possible, the fix)."""

    source: str  # path, "path:line" for JSONL, or "<stdin>"
    message: str


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_chars: int = 100_000  # longer texts are cut to this many characters, with a warning
    max_words: int = 20_000  # texts with more whitespace-separated words are cut there, with a warning
    max_word_chars: int = 1_000  # longer runs without a space are cut to this many characters, with a warning
    max_line_bytes: int = 32_000_000  # a longer JSONL line is refused (InputFailure) without being read in full
    max_file_bytes: int = 1_073_741_824  # reading a file (decompressed) stops here with an InputFailure
    min_english_share: float = 0.15  # share of English function words below which a text is not English
    language_sample_chars: int = 2_000  # how much of the text the language check reads


SUPPORTED = ".txt, .html and .jsonl"
_BINARY_SAMPLE = 8_192
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # "&amp;" in plain text stays as written
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,  # keep ’ “ ” as characters
    normalization="NFC",
    explain=False,
)
# Only text with one of these goes through ftfy (ftfy on every article is too slow):
# C1 controls, lone surrogates, or a UTF-8 lead byte read as cp1252/latin-1 followed
# by a continuation byte read the same way ("â€™", "Ã©", "Ð¾").
_MAYBE_BROKEN = re.compile(
    "[\u0080-\u009f\ud800-\udfff]"
    "|[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_MAYBE_BROKEN_LEAD = re.compile("[\u0080-\u009f\u00c2-\u00f4\ud800-\udfff]")
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\xa0\u2007\u2028\u2029\u202f\u206a-\u206f\ufeff\ufff9-\ufffc]")
_CLEAN = {c: None for c in range(32) if c not in (9, 10, 11, 12)}
_CLEAN.update({11: "\n", 12: "\n", 0x7F: None, 0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
_CLEAN.update({c: None for c in range(0x80, 0xA0) if c != 0x85})
_CLEAN.update({c: None for c in (*range(0x206A, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFD))})
_CLEAN.update({0xA0: " ", 0x2007: " ", 0x202F: " "})


def decode_bytes(data: bytes, source: str, charset_hint: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Bytes -> (text, warnings). UTF-8 (BOM or not) first; then the hint, then a guess.

    Raises InputError for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as err:
            raise InputError(f"{source}: starts with a UTF-16 mark but is not UTF-16 ({err.reason}); "
                             "save it as UTF-8") from err
    check_not_binary(data[:_BINARY_SAMPLE], source)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data, charset_hint)
    return data.decode(encoding), (f"encoding: decoded as {encoding}; input is not valid UTF-8",)


def check_not_binary(sample: bytes | str, source: str) -> None:
    """Raise InputError when the sample has several NUL bytes or many control characters.

    A stray NUL or bell in a text is only stripped (normalise_text); binary formats have many.
    """
    if isinstance(sample, str):
        sample = sample[:_BINARY_SAMPLE].encode("utf-8", "surrogatepass")
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    many_nuls = nuls >= 2 and nuls >= 0.001 * len(sample)
    many_controls = controls >= 8 and controls > _MAX_CONTROL_SHARE * len(sample)
    if many_nuls or many_controls:
        raise InputError(f"binary file: {source} is not text; accord reads {SUPPORTED}")


def _guess_encoding(data: bytes, hint: str | None) -> str:
    """An encoding that decodes ``data``: the declared one; for text with whole words of
    high bytes (Cyrillic, Greek, CJK) charset-normalizer's guess; else cp1252
    (Western European news), else latin-1, which decodes anything."""
    if hint and _decodes(data, hint):
        return _codec_name(hint)
    if charset_normalizer is not None and not _mostly_ascii(data):
        best = charset_normalizer.from_bytes(data[:200_000]).best()
        if best is not None and _decodes(data, best.encoding):
            return _codec_name(best.encoding)
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def _mostly_ascii(data: bytes) -> bool:
    """Few high bytes among letters: accented letters inside Latin-script words.
    (charset-normalizer guesses badly on such short texts: cp1257 for French.)"""
    sample = data[:65_536]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    letters = len(sample) - len(sample.translate(None, _ASCII_LETTERS))
    return high <= 0.3 * max(letters + high, 1)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeError, LookupError):  # UnicodeError: a page may declare the "undefined" codec
        return False
    return True


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


def normalise_text(text: str) -> tuple[str, tuple[str, ...]]:
    """The text all offsets point into, and a warning when mojibake was repaired."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _MAYBE_BROKEN_LEAD.search(text) and _MAYBE_BROKEN.search(text):
        fixed = _clean(ftfy.fix_text(text, _FTFY))
        plain = _clean(unicodedata.normalize("NFC", text))
        return fixed, ("mojibake: repaired broken characters",) if fixed != plain else ()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _clean(text), ()


def _clean(text: str) -> str:
    # str.translate is slow on non-ASCII text: only call it when there is work to do
    return text.translate(_CLEAN) if _UNCLEAN.search(text) else text


def normalise_title(title: str | None) -> str | None:
    """Titles carry no offsets: repair, then collapse all whitespace."""
    if title is None:
        return None
    text, _ = normalise_text(title)
    text = " ".join(text.split())
    return text or None


_WORD = re.compile(r"\S+")


def limit_words(text: str, max_words: int, max_word_chars: int) -> tuple[str, tuple[str, ...]]:
    """Cut the text after ``max_words`` words, and every run of more than ``max_word_chars``
    non-space characters (a base64 blob, a line of dashes) to that many: the parser's work
    grows faster than the text on both."""
    notes = []
    if max_word_chars and len(text) > max_word_chars and (
            long_words := re.compile(rf"\S{{{max_word_chars + 1},}}")).search(text):
        count = len(long_words.findall(text))
        text = long_words.sub(lambda m: m.group()[:max_word_chars], text)
        notes.append(f"truncated: {count:,} run(s) of more than {max_word_chars:,} characters without a space "
                     f"cut to that length (IngestOptions.max_word_chars)")
    if max_words and len(text) > 2 * max_words:
        for index, word in enumerate(_WORD.finditer(text)):
            if index == max_words:
                notes.append(f"truncated: text has more than {max_words:,} words; kept the first {max_words:,} "
                             f"({word.start():,} characters; IngestOptions.max_words)")
                text = text[:word.start()]
                break
    return text, tuple(notes)


def truncate(text: str, max_chars: int) -> tuple[str, tuple[str, ...]]:
    """Cut text longer than max_chars, at a line break near the limit when there is one."""
    if len(text) <= max_chars:
        return text, ()
    cut = text.rfind("\n", max_chars - max_chars // 10, max_chars)
    kept = text[: cut if cut > 0 else max_chars]
    return kept, (f"truncated: text has {len(text):,} characters; kept the first {len(kept):,} "
                  f"(limit {max_chars:,}, IngestOptions.max_chars)",)


_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WRITTEN = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%B %Y")


def normalise_date(value: object) -> str | None:
    """A date as written (ISO 8601, 2025/03/13, RFC 2822, "March 13, 2025") -> YYYY-MM-DD.

    The calendar date is kept as written (no conversion to UTC). None when unreadable.
    """
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    if match := _SLASHED.match(text) or _COMPACT.match(text):
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = " ".join(text.replace(".", " ").split())
    for fmt in _WRITTEN:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def build_article(
    raw_text: str,
    *,
    article_id: str,
    options: IngestOptions,
    default_date: str | None,
    title: str | None = None,
    date_value: object = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
    warnings: tuple[str, ...] = (),
    id_given: bool = True,
) -> Article:
    """The one place an Article is made: sanitise, truncate, normalise, date, language, sha256.

    ``language`` is the input's own claim (JSONL ``language``); without it the text is checked.
    """
    text, cut = truncate(sanitise_text(raw_text), options.max_chars)
    text, repaired = normalise_text(text)
    text, shortened = limit_words(text, options.max_words, options.max_word_chars)
    notes = [*warnings, *cut, *shortened, *repaired]
    title, outlet, url, language = (sanitise_field(v) for v in (title, outlet, url, language))
    published = normalise_date(date_value)
    if date_value not in (None, "") and published is None:
        notes.append(f"date: cannot read {str(date_value)[:40]!r} as a date; "
                     f"used the default ({default_date or 'none'})")
    if not text.strip():
        notes.append("empty: no text")
        language = language or None
    elif language:
        if not language.lower().startswith("en"):
            notes.append(f"language: text does not look like English (the input says {language!r})")
    else:
        language, note = detect_language(text, options.min_english_share, options.language_sample_chars)
        notes.extend(note)
    return Article(
        id=sanitise_field(article_id) or "article",
        text=text,
        title=normalise_title(title),
        date=published or default_date,
        outlet=outlet,
        url=url,
        language=language,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        warnings=tuple(notes),
        id_given=id_given,
    )


def read_text(data: bytes | str, *, source: str, article_id: str, default_date: str | None,
              options: IngestOptions, warnings: tuple[str, ...] = ()) -> Article:
    """A plain-text input (bytes from a file, or text already decoded) -> one Article, whose
    id (``article_id``, the file's name) is not one the input gave."""
    if isinstance(data, bytes):
        data, decoded = decode_bytes(data, source)
        warnings = (*warnings, *decoded)
    else:
        check_not_binary(data, source)
    return build_article(data, article_id=article_id, options=options,
                         default_date=default_date, warnings=warnings, id_given=False)
