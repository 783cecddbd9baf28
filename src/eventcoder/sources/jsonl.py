"""JSON lines input (plain or gzipped): one article per line, read in bounded memory; a bad
line is a failure item naming the line, and the lines after it are still read."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..records import Article
from .html import extract_html
from .items import (
    BOM,
    Context,
    LineStream,
    ReadItem,
    decode_strict,
    exc_text,
    join_warnings,
    os_reason,
    resolve_date,
    str_or_none,
)

_SKIP_CHUNK = 1 << 16  # how much of an over-long line is read (and dropped) at a time


def read_jsonl(origin: str, stream: LineStream, ctx: Context) -> Iterator[ReadItem]:
    limit = ctx.options.max_text_bytes
    lineno = 0
    found = False  # an input with nothing in it is worth a failure, as an empty .txt is
    while True:
        lineno += 1
        try:
            raw = stream.readline(limit + 1)
            too_long = len(raw) > limit and not raw.endswith(b"\n")
            if too_long:
                _skip_line(stream)
        except (OSError, EOFError, zlib.error) as exc:
            # A truncated or corrupt gzip stream: what was read before stays read.
            where = "cannot read file" if lineno == 1 else f"cannot read past line {lineno - 1}"
            yield ReadItem(origin, lineno, None, error=f"{where} ({_stream_reason(exc)})")
            return
        if not raw:
            if not found:
                yield ReadItem(origin, None, None,
                               error="no articles: empty, or only blank lines")
            return
        if too_long:
            found = True
            yield ReadItem(origin, lineno, None,
                           error=f"line {lineno} is longer than max_text_bytes ({limit} bytes)")
            continue
        if lineno == 1:
            raw = raw.removeprefix(BOM)
        if not raw.strip():
            continue  # blank lines separate nothing in JSON lines; skipping them is harmless
        found = True
        yield _line_item(origin, lineno, raw, ctx)


def _stream_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "compressed file is truncated"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a valid gzip file: {exc}"
    if isinstance(exc, zlib.error):
        return f"corrupt compressed data: {exc}"
    return os_reason(exc) if isinstance(exc, OSError) else exc_text(exc)


def _skip_line(stream: LineStream) -> None:
    """Read past the rest of an over-long line in bounded chunks, keeping none of it."""
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _line_item(origin: str, lineno: int, raw: bytes, ctx: Context) -> ReadItem:
    def fail(reason: str) -> ReadItem:
        return ReadItem(origin, lineno, None, error=reason)

    line, bad = decode_strict(raw)
    if line is None:
        return fail(f"line {lineno}: not valid UTF-8 at byte {bad} of the line")
    try:
        obj = json.loads(line)
    except RecursionError:
        return fail(f"line {lineno}: not valid JSON (nested too deeply)")
    except ValueError as exc:  # JSONDecodeError, and int-string-too-long from Python 3.11
        return fail(f"line {lineno}: not valid JSON ({exc})")
    if not isinstance(obj, dict):
        return fail(f"line {lineno} is not a JSON object")

    warnings: list[str] = []
    # JSON may escape lone surrogates ("\udc80"), which no encoder or parser accepts
    obj = {k: _no_surrogates(v, warnings, k) if isinstance(v, str) else v
           for k, v in obj.items()}
    opts = ctx.options
    text = obj.get("text")
    html = obj.get("html")
    doc: Any = None
    if text is not None:
        if not isinstance(text, str):
            return fail(f"line {lineno}: 'text' is not a string (got {_json_type(text)})")
        field = "text"
    elif html is not None:
        if not isinstance(html, str):
            return fail(f"line {lineno}: 'html' is not a string (got {_json_type(html)})")
        doc, error = extract_html(html, ctx.options)
        if doc is None:
            return fail(f"line {lineno}: {error}")
        text, field = doc.text, "html"
    else:
        return fail(f"line {lineno} has no 'text' or 'html' field")
    if not text.strip():
        return fail(f"line {lineno}: '{field}' is empty")

    def meta(key: str, page_value: Any = None) -> str | None:
        # The line's own field wins over what trafilatura found in the page.
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            warnings.append(f"'{key}' is not a string ({_json_type(value)}); ignored")
            value = None
        return value or str_or_none(page_value)

    url = meta("url", doc and doc.url)
    title = meta("title", doc and doc.title)
    author = meta("author", doc and doc.author)
    source = meta("source", doc and doc.sitename) or opts.source
    raw_date = obj.get("date")
    if raw_date in (None, ""):
        raw_date = doc and doc.date
    day = resolve_date(raw_date, ctx, warnings)
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int | type(None)):
        warnings.append(f"'id' is not a string or integer ({_json_type(ident)}); ignored")
        ident = None
    article = Article(text=text, date=day, source=source, url=url, title=title,
                      id="" if ident is None else str(ident), author=author, origin=origin)
    return ReadItem(origin, lineno, article, warning=join_warnings(warnings))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: str, warnings: list[str], key: str) -> str:
    if not _SURROGATE.search(value):  # a C-speed scan: this runs on every field of every line
        return value
    warnings.append(f"'{key}' had unpaired surrogate escapes; replaced with U+FFFD")
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string" if isinstance(value, str) else type(value).__name__
