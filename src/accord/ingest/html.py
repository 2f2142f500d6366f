"""HTML -> Article: the main text and metadata from trafilatura.

Navigation, footers and other boilerplate are left out. Title, date, site name and
canonical URL come from the page metadata when present; the date falls back to
the default date.
"""

from __future__ import annotations

import html as html_module
import re

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
    ) if data.strip() else None
    text = (document.text or "") if document is not None else ""
    if not text.strip() and data.strip():
        _, text, _ = trafilatura.baseline(data)
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
    )


_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def _title_tag(html: str) -> str | None:
    match = _TITLE.search(html[:20_000])
    if not match:
        return None
    return html_module.unescape(match.group(1)).strip() or None
