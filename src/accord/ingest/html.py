"""HTML -> Article: the main text and metadata from trafilatura.

Navigation, footers and other boilerplate are left out. Title, date, site name and
canonical URL come from the page metadata when present. The date is read from the
page's metadata and markup only, never from a year found in the body text ("collapsed
in 2019" is no publication date); a page without one gets the default date (``--date``). A page nested deeper than lxml parses (about 255 levels) keeps its text
through a flat, iterative pass of the standard library's HTMLParser.
"""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser

import trafilatura

from accord.ingest.text import IngestOptions, build_article, check_not_binary, decode_bytes
from accord.model import Article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML document or fragment."""
    return bool(_HTML_START.match(text[:2_000].lstrip("\ufeff")))


def read_html(data: bytes | str, *, source: str, article_id: str, default_date: str | None,
              options: IngestOptions, warnings: tuple[str, ...] = ()) -> Article:
    """An HTML page (bytes from a file, or text already decoded) -> one Article."""
    if isinstance(data, bytes):
        declared = _CHARSET.search(data[:4_096])
        hint = declared.group(1).decode("ascii") if declared else None
        data, decoded = decode_bytes(data, source, charset_hint=hint)
        warnings = (*warnings, *decoded)
    else:
        check_not_binary(data, source)
    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
        date_extraction_params=_DATE_FROM_METADATA,
    ) if data.strip() else None
    text = (document.text or "") if document is not None else ""
    if not text.strip() and data.strip():
        _, text, _ = trafilatura.baseline(data)
        if not text.strip():  # lxml gave up (too deep): read the text without a tree
            text = flat_text(data)
        if text.strip():
            warnings = (*warnings, "html: no main text found; used all the page text, boilerplate may remain")
    return build_article(
        text,
        article_id=article_id,
        options=options,
        default_date=default_date,
        title=getattr(document, "title", None) or _title_tag(data),
        date_value=getattr(document, "date", None),
        outlet=getattr(document, "sitename", None) or None,
        url=getattr(document, "url", None) or None,
        warnings=warnings,
        id_given=False,  # the file's name
    )


# htmldate's extensive search reads any year in the body as a date: metadata and markup only.
_DATE_FROM_METADATA = {"extensive_search": False, "original_date": True}
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
                     "blockquote", "pre", "table", "ul", "ol", "header", "footer", "main", "aside", "figcaption"})


class _TextCollector(HTMLParser):
    """Text outside script/style, a line break at each block element; no tree, so no depth limit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.pieces.append(data)


def flat_text(html: str) -> str:
    """All the visible text of a page, one line per block, whatever its nesting depth."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.pieces).split("\n"))
    return "\n".join(line for line in lines if line)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def _title_tag(html: str) -> str | None:
    match = _TITLE.search(html[:20_000])
    if not match:
        return None
    return html_module.unescape(match.group(1)).strip() or None
