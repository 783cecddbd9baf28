"""Input readers: files, folders and stdin in; one `ReadItem` per article (or per failure) out.

Everything here is a generator that holds at most one article's text at a time, so a corpus of
any size can be streamed. Bad input never raises: each unreadable file or line becomes a
`ReadItem` whose `error` says why, and the caller decides whether to log, count or stop.
"""

from __future__ import annotations

import gzip
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from ..records import Article
from .feeds import fetch_feed, is_url, read_feed
from .html import html_item
from .items import (
    BOM,
    DEFAULT_OPTIONS,
    SNIFF_BYTES,
    SUFFIX_KINDS,
    Context,
    LineStream,
    ReaderOptions,
    ReadItem,
    decode_strict,
    exc_text,
    origin_name,
    os_reason,
)
from .jsonl import read_jsonl
from .warc import read_warc

__all__ = ["DEFAULT_OPTIONS", "ReadItem", "ReaderOptions", "read_inputs"]

_TEXT, _HTML, _JSONL, _WARC, _FEED = "text", "html", "jsonl", "warc", "feed"


def read_inputs(inputs: Iterable[str | Path], options: ReaderOptions = DEFAULT_OPTIONS,
                stdin: BinaryIO | None = None) -> Iterator[ReadItem]:
    """Read files, folders (recursively) and "-" (stdin) into articles, lazily and in order.

    Never raises for bad input: a missing path, an unreadable file or a bad JSON line each
    yield one `ReadItem` with `article=None` and an `error` saying why.
    """
    ctx = Context(options, options.today or date.today())
    for raw in inputs:
        name = str(raw)
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard("-", lambda s=stream: _read_stream("-", s, None, ctx))
            continue
        if is_url(name):
            yield from _guard(name, lambda n=name: fetch_feed(n, ctx))
            continue
        path, shown = Path(name), origin_name(name)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # e.g. a path component that is not searchable
            yield ReadItem(shown, None, None, error=f"cannot access path ({os_reason(exc)})")
            continue
        if not exists:
            yield ReadItem(shown, None, None, error="no such file or directory")
        elif is_dir:
            yield from _read_folder(name, ctx)
        else:
            # A file named on purpose is read whatever it is: a pipe such as <(zcat x) too.
            yield from _guard(shown, lambda n=name: _read_file(n, _kind_of(n), ctx))


# --- plumbing ------------------------------------------------------------------------------


def _guard(origin: str, produce: Any) -> Iterator[ReadItem]:
    """Run one input's reader, turning an unexpected exception into a failure item.

    The readers catch every failure they know about; this net exists so that one odd file in
    a corpus of millions ends as a logged failure instead of stopping the whole ingestion.
    """
    try:
        yield from produce()
    except Exception as exc:  # deliberately broad, see docstring
        yield ReadItem(origin, None, None, error=f"unexpected error ({exc_text(exc)})")


def _kind_of(name: str) -> str | None:
    """The reader a file name asks for, or None when it should be sniffed from its bytes."""
    low = name.lower()
    # longest ending first, so "x.warc.gz" is not taken for something shorter
    for suffix, kind in sorted(SUFFIX_KINDS, key=lambda sk: -len(sk[0])):
        if low.endswith(suffix):
            return kind
    return None


def _read_folder(root: str, ctx: Context) -> Iterator[ReadItem]:
    """Every file under `root` whose name ends with one of `options.extensions`, in sorted
    order. Symbolic links are followed, to files and to folders alike; a folder reached twice
    (a link loop, or two links to one place) is walked once. Names starting with "." (".git",
    ".DS_Store", editor swap files) are never articles. A file passed over (another ending,
    hidden, or not a regular file: a FIFO would block the walk forever) is a skipped item;
    those that are not regular files also carry a warning naming what they are."""
    exts = tuple(e.lower() for e in ctx.options.extensions)
    walk_errors: list[OSError] = []
    seen_folders: set[tuple[int, int]] = set()
    found = False
    # os.walk is lazy and, with dirnames sorted in place, deterministic
    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_errors.append,
                                                followlinks=True):
        for err in walk_errors:
            yield ReadItem(origin_name(str(err.filename or dirpath)), None, None,
                           error=f"cannot read folder ({os_reason(err)})")
        walk_errors.clear()
        if not _first_visit(dirpath, seen_folders):
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fname in sorted(filenames):
            path = os.path.join(dirpath, fname)
            shown = origin_name(path)
            if fname.startswith("."):
                yield ReadItem(shown, None, None, skipped="hidden file in a folder")
                continue
            if not fname.lower().endswith(exts):
                yield ReadItem(shown, None, None, skipped="file of another kind in a folder")
                continue
            not_regular = _not_regular(path)
            if not_regular:
                yield ReadItem(shown, None, None, skipped="not a regular file",
                               warning=f"skipped: {not_regular}")
                continue
            found = True
            yield from _guard(shown, lambda p=path: _read_file(p, _kind_of(p), ctx))
    for err in walk_errors:  # an unreadable root is reported only after the walk ends
        yield ReadItem(origin_name(str(err.filename or root)), None, None,
                       error=f"cannot read folder ({os_reason(err)})")
    if not found and not walk_errors:
        yield ReadItem(origin_name(root), None, None,
                       error="folder has no files with a readable extension ("
                       + ", ".join(ctx.options.extensions) + ")")


def _first_visit(folder: str, seen: set[tuple[int, int]]) -> bool:
    try:
        st = os.stat(folder)
    except OSError:
        return True  # reading it will say what is wrong
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


_FILE_TYPES = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISDIR, "a folder"))


def _not_regular(path: str) -> str | None:
    """What `path` is when it is not a regular file (after links), else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # a broken link, say: opening it gives the reason
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _FILE_TYPES if test(mode)), "not a regular file")
    return f"{what}, not a regular file"


def _read_file(path: str, kind: str | None, ctx: Context) -> Iterator[ReadItem]:
    origin = origin_name(path)
    try:
        fh: BinaryIO = open(path, "rb")  # closed by the `with` below, even if abandoned
    except OSError as exc:
        yield ReadItem(origin, None, None, error=f"cannot read file ({os_reason(exc)})")
        return
    with fh:
        if kind == _WARC:
            yield from read_warc(origin, fh, ctx)
            return
        if kind == _JSONL and path.lower().endswith(".gz"):
            # GzipFile streams: only one decompressed buffer is held, never the whole file.
            yield from read_jsonl(origin, gzip.GzipFile(fileobj=fh, mode="rb"), ctx)
            return
        if kind in (_TEXT, _HTML, _FEED):
            # Refuse oversized regular files before reading a byte of them.
            try:
                size = os.fstat(fh.fileno()).st_size
            except OSError:
                size = 0
            if size > ctx.options.max_text_bytes:
                yield _too_big(origin, ctx)
                return
        yield from _read_stream(origin, fh, kind, ctx)


def _too_big(origin: str, ctx: Context) -> ReadItem:
    limit = ctx.options.max_text_bytes
    return ReadItem(origin, None, None, error=f"file is larger than max_text_bytes ({limit} bytes)")


def _read_stream(origin: str, stream: LineStream, kind: str | None,
                 ctx: Context) -> Iterator[ReadItem]:
    """Read one open binary stream as `kind`, sniffing the kind from its first bytes if None."""
    try:
        if kind is None:
            kind, stream = _sniff(stream, ctx.options.max_text_bytes)
        if kind == _JSONL:
            yield from read_jsonl(origin, stream, ctx)
            return
        limit = ctx.options.max_text_bytes
        data = stream.read(limit + 1)  # one byte more than allowed tells "too big" from "full"
    except OSError as exc:
        yield ReadItem(origin, None, None, error=f"cannot read file ({os_reason(exc)})")
        return
    if len(data) > limit:
        yield _too_big(origin, ctx)
    elif kind == _FEED:
        yield from read_feed(origin, data, ctx)
    elif kind == _HTML:
        yield html_item(origin, data, ctx)
    else:
        yield _text_item(origin, data, ctx)


class _Prefixed:
    """A stream with some already-read bytes put back in front (for sniffing stdin)."""

    def __init__(self, prefix: bytes, stream: LineStream) -> None:
        self._prefix = prefix
        self._stream = stream

    def read(self, size: int = -1, /) -> bytes:
        head, self._prefix = (self._prefix, b"") if size < 0 else (
            self._prefix[:size], self._prefix[size:])
        if size < 0:
            return head + self._stream.read()
        return head + self._stream.read(size - len(head)) if len(head) < size else head

    def readline(self, size: int = -1, /) -> bytes:
        if not self._prefix:
            return self._stream.readline(size)
        end = len(self._prefix) if size < 0 else min(size, len(self._prefix))
        nl = self._prefix.find(b"\n", 0, end)
        if nl >= 0:
            end = nl + 1
        head, self._prefix = self._prefix[:end], self._prefix[end:]
        if nl >= 0 or (size >= 0 and len(head) >= size):
            return head
        return head + self._stream.readline(-1 if size < 0 else size - len(head))


def _sniff(stream: LineStream, limit: int) -> tuple[str, LineStream]:
    """Guess the kind from the first non-blank byte: '{' JSON lines, '<' HTML, else text."""
    buf = b""
    while len(buf) <= limit:
        chunk = stream.read(SNIFF_BYTES)
        if not chunk:
            break
        buf += chunk
        head = buf.removeprefix(BOM).lstrip()
        if head:
            kind = _JSONL if head[:1] == b"{" else _HTML if head[:1] == b"<" else _TEXT
            return kind, _Prefixed(buf, stream)
    return _TEXT, _Prefixed(buf, stream)  # blank or empty: the text reader reports it


# --- plain text ----------------------------------------------------------------------------


def _text_item(origin: str, data: bytes, ctx: Context) -> ReadItem:
    if b"\x00" in data[:SNIFF_BYTES]:
        return ReadItem(origin, None, None, error="binary file")
    text, bad = decode_strict(data)
    if text is None:
        return ReadItem(origin, None, None, error=f"not valid UTF-8 at byte {bad}")
    if not text.strip():
        return ReadItem(origin, None, None, error="empty file")
    opts = ctx.options
    return ReadItem(origin, None, Article(text=text, date=opts.date, source=opts.source,
                                          origin=origin))
