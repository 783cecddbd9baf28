"""Web archives (WARC, as public news crawls publish them): one HTML response record at a time
through trafilatura, with the record's URL, capture date and HTTP headers kept as provenance.

warcio parses the records and their HTTP messages. The gzip members (one per record, as the
WARC standard recommends and crawlers write) are inflated here, not by warcio, for two
reasons warcio cannot give: each member is inflated only up to a limit, so a record that
inflates without end (a gzip bomb) costs bounded memory and time; and after a corrupt or
truncated member the reader finds the next intact one and reads on, where warcio's stream
would stop. Only one record is ever held, so memory is flat in the archive's size.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from ..language import detect_language
from ..records import Article, Capture
from .html import decode_html, extract_html
from .items import Context, ReadItem, exc_text, join_warnings, resolve_date, str_or_none

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/"
_CHUNK = 1 << 16  # compressed bytes read at a time
_SCAN = 1 << 20  # bytes searched at a time for the next member after a broken one
RECORD_SLACK = 1 << 20  # room for a record's WARC and HTTP headers beyond the page limit
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(origin: str, fh: BinaryIO, ctx: Context) -> Iterator[ReadItem]:
    """Every record of an open WARC file: articles, failures, and counted skips."""
    head = fh.read(len(WARC_MAGIC))
    fh.seek(0)
    if head.startswith(GZIP_MAGIC[:2]):
        yield from _read_gzipped(origin, fh, ctx)
    elif head.startswith(WARC_MAGIC):
        if origin.lower().endswith(".gz"):
            yield ReadItem(origin, None, None, error="record at byte 0: file is named .gz but "
                           "is not gzip-compressed (an uncompressed WARC); rename it .warc")
            return
        yield from _records(origin, 0, fh, ctx, uncompressed=True)
    elif not head:
        yield ReadItem(origin, None, None, error="empty file")
    else:
        yield ReadItem(origin, None, None, error="record at byte 0: not a WARC file (neither "
                       "gzip-compressed nor starting with 'WARC/')")


def _read_gzipped(origin: str, fh: BinaryIO, ctx: Context) -> Iterator[ReadItem]:
    limit = ctx.options.max_text_bytes + RECORD_SLACK
    offset: int | None = 0
    while offset is not None:
        data, end, problem = _inflate_member(fh, offset, limit)
        if problem is None:
            yield from _records(origin, offset, io.BytesIO(data), ctx)
            offset = end
            continue
        yield ReadItem(origin, None, None, error=f"record at byte {offset}: {problem}")
        # After a truncated member at the end of the file there is nothing left to find.
        offset = _next_member(fh, offset + 1)


def _inflate_member(fh: BinaryIO, offset: int, limit: int
                    ) -> tuple[bytes, int | None, str | None]:
    """(inflated bytes, offset of the next member or None at the end, problem or None)."""
    fh.seek(offset)
    inflater = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
    out = bytearray()
    pos = offset
    while not inflater.eof:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return b"", None, "truncated: the archive ends inside this record"
        pos += len(chunk)
        feed = chunk
        try:
            while feed and not inflater.eof:
                out += inflater.decompress(feed, limit + 1 - len(out))
                if len(out) > limit:
                    return b"", None, (f"record inflates past {limit} bytes (a gzip bomb, or "
                                       "a page over max_text_bytes); skipped")
                feed = inflater.unconsumed_tail
        except zlib.error as exc:
            return b"", None, f"corrupt compressed data ({exc})"
    end = pos - len(inflater.unused_data) - len(inflater.unconsumed_tail)
    fh.seek(end)
    more = fh.read(1)
    return bytes(out), (end if more else None), None


def _next_member(fh: BinaryIO, start: int) -> int | None:
    """The offset of the next gzip member at or after `start` that holds a WARC record.

    The three magic bytes can occur by chance inside compressed data, so a candidate counts
    only when its first inflated bytes are a WARC header."""
    pos = start
    while True:
        fh.seek(pos)
        window = fh.read(_SCAN + len(GZIP_MAGIC) - 1)
        if len(window) < len(GZIP_MAGIC):
            return None
        at = window.find(GZIP_MAGIC)
        while at >= 0:
            if _starts_record(fh, pos + at):
                return pos + at
            at = window.find(GZIP_MAGIC, at + 1)
        pos += _SCAN


def _starts_record(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    try:
        head = zlib.decompressobj(wbits=31).decompress(fh.read(4096), len(WARC_MAGIC))
    except zlib.error:
        return False
    return head == WARC_MAGIC


def _records(origin: str, offset: int, stream: BinaryIO, ctx: Context,
             uncompressed: bool = False) -> Iterator[ReadItem]:
    """The records of one gzip member, or of a whole uncompressed archive, parsed by warcio.

    An uncompressed archive has no members to resynchronise on: it is read up to its first
    malformed record."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, ensure_http_headers=False)
    where = offset
    try:
        for record in records:
            if uncompressed:
                # where the record starts (get_record_offset() would read the record first)
                where = records.offset
            yield _record_item(origin, where, record, ctx)
    except Exception as exc:  # warcio raises many kinds for malformed records
        yield ReadItem(origin, None, None,
                       error=f"record at byte {where}: malformed WARC record ({exc_text(exc)})")


def _skip(origin: str, why: str) -> ReadItem:
    return ReadItem(origin, None, None, skipped=why)


def _record_item(origin: str, offset: int, record: Any, ctx: Context) -> ReadItem:
    def fail(reason: str) -> ReadItem:
        return ReadItem(origin, None, None, error=f"record at byte {offset}: {reason}")

    if record.rec_type != "response":
        return _skip(origin, f"WARC {record.rec_type} record")
    http = record.http_headers
    if http is None:
        return _skip(origin, "response without HTTP headers")
    status = _status(http)
    if status != 200:
        return _skip(origin, f"HTTP status {status or 'unknown'}")
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return _skip(origin, "not HTML")
    limit = ctx.options.max_text_bytes
    try:
        # content_stream undoes chunked transfer and gzip/brotli content encoding; reading a
        # bounded amount is what keeps a compressed payload that inflates hugely harmless
        body = record.content_stream().read(limit + 1)
    except Exception as exc:  # a payload whose encoding is broken
        return fail(f"cannot decode the HTTP payload ({exc_text(exc)})")
    if len(body) > limit:
        return fail(f"HTTP payload inflates past max_text_bytes ({limit} bytes): a gzip bomb "
                    "or an oversized page; skipped")
    html, warn = decode_html(body)
    doc, error = extract_html(html)
    if doc is None:
        return _skip(origin, error or "no article text found in HTML")
    language = detect_language(doc.text)
    if not language.english:
        return _skip(origin, f"not English ({language.language})")
    warnings = [f"record at byte {offset}: {warn}"] if warn else []
    capture = _capture(record, offset, status)
    captured_day = capture.captured_at.date() if capture.captured_at else None
    published = resolve_date(doc.date, ctx, warnings) if doc.date else None
    day = published or ctx.options.date or _not_future(captured_day, ctx.today)
    url = str_or_none(record.rec_headers.get_header("WARC-Target-URI")) or str_or_none(doc.url)
    article = Article(text=doc.text, date=day,
                      source=str_or_none(doc.sitename) or ctx.options.source, url=url,
                      title=str_or_none(doc.title), author=str_or_none(doc.author),
                      origin=origin, capture=capture)
    return ReadItem(origin, None, article, warning=join_warnings(warnings))


def _status(http: Any) -> int | None:
    try:
        return int(http.get_statuscode())
    except (TypeError, ValueError):
        return None


def _not_future(day: date | None, today: date) -> date | None:
    return day if day is not None and day <= today else None


def _capture(record: Any, offset: int, status: int | None) -> Capture:
    headers = record.rec_headers
    return Capture(archive_offset=offset,
                   record_id=str_or_none(headers.get_header("WARC-Record-ID")),
                   captured_at=_warc_date(headers.get_header("WARC-Date")), http_status=status,
                   http_headers=tuple((str(k), str(v)) for k, v in record.http_headers.headers))


def _warc_date(value: str | None) -> datetime | None:
    """WARC-Date (ISO 8601, UTC, e.g. 2025-06-03T10:00:00Z) as a naive UTC datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
