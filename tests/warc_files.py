"""Small WARC files made in the tests themselves: one gzip member per record, as crawlers
write them, so a test can break one record and know every record's byte offset."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_DATE = "2025-06-03T10:00:00Z"


def page(title: str, *paragraphs: str, published: str | None = "2025-06-02") -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
            f"<article><h1>{title}</h1>{body}</article></body></html>").encode()


def response(url: str, payload: bytes, content_type: str = "text/html; charset=utf-8",
             status: str = "200 OK", extra_headers: list[tuple[str, str]] | None = None,
             gzip_member: bool = True) -> bytes:
    """One WARC response record (a gzip member unless gzip_member is False)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_member)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(payload))),
               *(extra_headers or [])]
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload),
        http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": WARC_DATE})
    writer.write_record(record)
    return out.getvalue()


def request(url: str) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    record = writer.create_warc_record(
        url, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")],
                                      is_http_request=True),
        warc_headers_dict={"WARC-Date": WARC_DATE})
    writer.write_record(record)
    return out.getvalue()


def corrupt(member: bytes) -> bytes:
    """The same member with its deflate data overwritten in the middle: inflating it fails."""
    mid = len(member) // 2
    return member[:mid] + b"\xff" * 24 + member[mid + 24:]


def gzip_bomb_payload(size: int) -> bytes:
    """An HTTP body, gzip content-encoded, that inflates to `size` bytes of spaces."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        chunk = b" " * (1 << 20)
        for _ in range(size // len(chunk)):
            gz.write(chunk)
    return buf.getvalue()


def write(path: Path, *members: bytes) -> list[int]:
    """Write the members one after the other; returns each one's byte offset."""
    offsets, pos = [], 0
    for m in members:
        offsets.append(pos)
        pos += len(m)
    path.write_bytes(b"".join(members))
    return offsets
