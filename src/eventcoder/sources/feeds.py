"""News feeds (RSS and Atom, through feedparser): one article per entry, from its content or
summary, with the entry's link, title, author and published date.

Nothing here touches the network: feedparser is only ever handed bytes in a stream (given a
string it would fetch URLs and open paths itself). A feed URL is downloaded only when the
user asks for it (`--fetch`), by `fetch_feed`, with a timeout and a size limit.
"""

from __future__ import annotations

import io
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from ..records import Article
from .items import Context, ReadItem, exc_text, resolve_date, str_or_none

FETCH_TIMEOUT = 30.0  # seconds
_FIRST_ELEMENT = re.compile(rb"<\s*([A-Za-z][\w:.-]*)")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def fetch_feed(url: str, ctx: Context) -> Iterator[ReadItem]:
    """Download a feed (the user passed --fetch) and read it; a failed download is a failure."""
    if not ctx.options.fetch:
        yield ReadItem(url, None, None, error="is a URL: pass --fetch to download feeds "
                       "(off by default, so that ingest never goes on the network unasked)")
        return
    limit = ctx.options.max_text_bytes
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "eventcoder"})
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(limit + 1)
    except (OSError, ValueError) as exc:  # URLError, HTTPError and timeouts are OSErrors
        yield ReadItem(url, None, None, error=f"cannot download the feed ({exc_text(exc)})")
        return
    if len(data) > limit:
        yield ReadItem(url, None, None,
                       error=f"feed is larger than max_text_bytes ({limit} bytes)")
        return
    yield from read_feed(url, data, ctx)


def read_feed(origin: str, data: bytes, ctx: Context) -> Iterator[ReadItem]:
    """Every entry of one feed document: an article, or a failure naming the entry."""
    import feedparser

    if not data.strip():
        yield ReadItem(origin, None, None, error="empty file")
        return
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False,
                              sanitize_html=False)
    if not parsed.version:
        yield ReadItem(origin, None, None, error=_not_a_feed(data, parsed))
        return
    notice = _malformed(parsed)
    if not parsed.entries:
        yield ReadItem(origin, None, None, skipped="feed with no entries", warning=notice)
        return
    outlet = str_or_none(parsed.feed.get("title")) or ctx.options.source
    for number, entry in enumerate(parsed.entries, 1):
        item = _entry_item(origin, number, entry, outlet, ctx)
        if notice:  # said once, with the first entry, so it is recorded once per feed
            item = replace(item, warning="; ".join(w for w in (notice, item.warning) if w))
            notice = None
        yield item


def _not_a_feed(data: bytes, parsed: Any) -> str:
    found = _FIRST_ELEMENT.search(data)
    if found is None:
        return "not an RSS or Atom feed (no XML element found)"
    line = data.count(b"\n", 0, found.start()) + 1
    tag = found.group(1).decode("ascii", "replace").lower()
    what = "an HTML page" if tag == "html" else f"its root element is <{tag}>"
    return f"not an RSS or Atom feed: line {line}: {what}"


def _malformed(parsed: Any) -> str | None:
    """A warning when feedparser had to read a feed that is not well-formed XML."""
    if not parsed.bozo:
        return None
    exc = parsed.get("bozo_exception")
    line = getattr(exc, "getLineNumber", None)
    where = f"line {line()}: " if callable(line) else ""
    return f"feed is not well-formed ({where}{exc}); read leniently"


def _entry_item(origin: str, number: int, entry: Any, outlet: str | None,
                ctx: Context) -> ReadItem:
    link = str_or_none(entry.get("link"))
    named = f"entry {number}" + (f" ({link})" if link else "")
    text = _entry_text(entry)
    if not text:
        return ReadItem(origin, None, None, error=f"{named}: no text (neither content nor a "
                        "summary)")
    warnings: list[str] = []
    day = resolve_date(_entry_date(entry), ctx, warnings)
    article = Article(text=text, date=day, source=outlet, url=link,
                      title=str_or_none(entry.get("title")),
                      author=str_or_none(entry.get("author")), origin=origin)
    warning = "; ".join(f"{named}: {w}" for w in warnings) or None
    return ReadItem(origin, None, article, warning=warning)


def _entry_text(entry: Any) -> str | None:
    """The entry's longest text: its full content if it has one, else its summary."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    summary = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", summary.get("type") or ""))
    best = ""
    for value, kind in candidates:
        text = _as_text(value, kind)
        if len(text) > len(best):
            best = text
    return best or None


def _as_text(value: str, kind: str) -> str:
    if not value.strip():
        return ""
    if kind.lower() in _HTML_TYPES or "<" in value:
        import trafilatura  # lazy, as in html.py

        return trafilatura.html2txt(f"<html><body>{value}</body></html>").strip()
    return value.strip()


def _entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) date, as feedparser read it, in ISO form."""
    for key in ("published_parsed", "updated_parsed"):
        parts = entry.get(key)
        if parts:
            try:
                return date(parts.tm_year, parts.tm_mon, parts.tm_mday).isoformat()
            except ValueError:
                continue
    raw = entry.get("published") or entry.get("updated")
    return raw if isinstance(raw, str) else None
