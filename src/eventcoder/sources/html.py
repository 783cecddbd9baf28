"""HTML input: decoding whatever the page's bytes are, and trafilatura's main text and
metadata (title, author, date, site name)."""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..records import Article
from .items import (
    SNIFF_BYTES,
    Context,
    ReadItem,
    decode_strict,
    exc_text,
    join_warnings,
    resolve_date,
    str_or_none,
)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)


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


def extract_html(html: str) -> tuple[Any, str | None]:
    """trafilatura's main text and metadata, or (None, reason)."""
    import trafilatura  # lazy: importing trafilatura (lxml, htmldate...) costs ~0.3 s

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
    doc, error = extract_html(html)
    if doc is None:
        return ReadItem(origin, None, None, error=error)
    warnings = [warn] if warn else []
    opts = ctx.options
    day = resolve_date(doc.date, ctx, warnings)
    article = Article(text=doc.text, date=day, source=str_or_none(doc.sitename) or opts.source,
                      url=str_or_none(doc.url), title=str_or_none(doc.title),
                      author=str_or_none(doc.author), origin=origin)
    return ReadItem(origin, None, article, warning=join_warnings(warnings))
