"""HTML input: decoding whatever the page's bytes are, and trafilatura's main text and
metadata (title, author, date, site name).

The work per page is bounded before extraction: a page over `ReaderOptions.html_max_bytes` or
with more than `html_max_elements` start tags is a failure naming the limit. trafilatura's time
grows faster than the page's element count (a generated 1 MB page of 100,000 table cells ran
for minutes), cannot be interrupted by a signal, and real news pages have a few thousand
elements.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..records import Article
from .items import (
    DEFAULT_OPTIONS,
    SNIFF_BYTES,
    Context,
    ReaderOptions,
    ReadItem,
    decode_strict,
    exc_text,
    join_warnings,
    resolve_date,
    str_or_none,
)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_START_TAG = re.compile(r"<[A-Za-z]")  # counts elements without parsing (a '<' in script too)


def decode_html(data: bytes) -> tuple[str, str | None]:
    """Decode HTML bytes: UTF-8, else the declared <meta charset>, else cp1252.

    Much HTML in the wild is Latin-1/cp1252 whatever it declares, so this never fails; the
    second value is a warning when the encoding had to be guessed.
    """
    text, _ = decode_strict(data)
    if text is not None:
        return text, None
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = ""
        if codec and codec != "utf-8":
            return data.decode(codec, "replace"), None
    return (data.decode("cp1252", "replace"),
            "HTML is not valid UTF-8 and declares no other charset; decoded as cp1252")


def too_big_to_extract(html: str, options: ReaderOptions = DEFAULT_OPTIONS) -> str | None:
    """Why `html` is over the extraction limits, or None when it is within them."""
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > options.html_max_bytes:
        return (f"HTML page of {size:,} bytes is over the limit of {options.html_max_bytes:,} "
                "(ReaderOptions.html_max_bytes); not extracted")
    elements = 0
    for elements, _ in enumerate(_START_TAG.finditer(html), 1):
        if elements > options.html_max_elements:
            return (f"HTML page has more than {options.html_max_elements:,} elements "
                    "(ReaderOptions.html_max_elements); not extracted")
    return None


def extract_html(html: str, options: ReaderOptions = DEFAULT_OPTIONS) -> tuple[Any, str | None]:
    """trafilatura's main text and metadata, or (None, reason)."""
    import trafilatura  # lazy: importing trafilatura (lxml, htmldate...) costs ~0.3 s

    reason = too_big_to_extract(html, options)
    if reason is not None:
        return None, reason
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
    except Exception as exc:  # broken markup must not stop a corpus
        return None, f"HTML extraction failed ({exc_text(exc)})"
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        return None, "no article text found in HTML"
    return doc, None


def html_item(origin: str, data: bytes, ctx: Context) -> ReadItem:
    if b"\x00" in data[:SNIFF_BYTES]:
        return ReadItem(origin, None, None, error="binary file")
    html, warn = decode_html(data)
    if not html.strip():
        return ReadItem(origin, None, None, error="empty file")
    doc, error = extract_html(html, ctx.options)
    if doc is None:
        return ReadItem(origin, None, None, error=error)
    warnings = [warn] if warn else []
    opts = ctx.options
    day = resolve_date(doc.date, ctx, warnings)
    article = Article(text=doc.text, date=day, source=str_or_none(doc.sitename) or opts.source,
                      url=str_or_none(doc.url), title=str_or_none(doc.title),
                      author=str_or_none(doc.author), origin=origin)
    return ReadItem(origin, None, article, warning=join_warnings(warnings))
