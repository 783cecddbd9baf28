"""Input readers: files, folders and stdin in; one `ReadItem` per article (or per failure) out.

Everything here is a generator that holds at most one article's text at a time, so a corpus of
any size can be streamed. Bad input never raises: each unreadable file or line becomes a
`ReadItem` whose `error` says why, and the caller decides whether to log, count or stop.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from ..records import Article

__all__ = ["DEFAULT_OPTIONS", "ReadItem", "ReaderOptions", "read_inputs"]

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192  # NUL bytes in this much of a file mark it as binary
_SKIP_CHUNK = 1 << 16  # how much of an over-long line is read (and dropped) at a time
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)

_TEXT, _HTML, _JSONL = "text", "html", "jsonl"


@dataclass(frozen=True)
class ReadItem:
    """One article read from an input, or why an input item could not be read."""

    origin: str  # file path as given (or "-" for stdin)
    line: int | None  # 1-based line number for JSON lines items, else None
    article: Article | None  # None when the item failed
    error: str | None = None  # why the item failed, when article is None
    warning: str | None = None  # a problem that did not stop the article

    @property
    def ok(self) -> bool:
        return self.article is not None


@dataclass(frozen=True)
class ReaderOptions:
    """How inputs are read; defaults fill in what the input itself does not say."""

    date: date | None = None  # default publication date when the input has none
    source: str | None = None  # default outlet name when the input has none
    max_text_bytes: int = 20_000_000  # larger files / lines are failures, read in bounded memory
    extensions: tuple[str, ...] = (".txt", ".text", ".md", ".html", ".htm", ".jsonl",
                                   ".jsonl.gz", ".ndjson", ".json.gz")
    today: date | None = None  # for the "date in the future" check (default date.today())


DEFAULT_OPTIONS = ReaderOptions()


def read_inputs(inputs: Iterable[str | Path], options: ReaderOptions = DEFAULT_OPTIONS,
                stdin: BinaryIO | None = None) -> Iterator[ReadItem]:
    """Read files, folders (recursively) and "-" (stdin) into articles, lazily and in order.

    Never raises for bad input: a missing path, an unreadable file or a bad JSON line each
    yield one `ReadItem` with `article=None` and an `error` saying why.
    """
    ctx = _Context(options, options.today or date.today())
    for raw in inputs:
        name = str(raw)
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard("-", lambda s=stream: _read_stream("-", s, None, ctx))
            continue
        path = Path(name)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # e.g. a path component that is not searchable
            yield ReadItem(name, None, None, error=f"cannot access path ({_os_reason(exc)})")
            continue
        if not exists:
            yield ReadItem(name, None, None, error="no such file or directory")
        elif is_dir:
            yield from _read_folder(name, ctx)
        else:
            yield from _guard(name, lambda n=name: _read_file(n, _kind_of(n), ctx))


# --- plumbing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    options: ReaderOptions
    today: date


class _LineStream(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


def _guard(origin: str, produce: Any) -> Iterator[ReadItem]:
    """Run one input's reader, turning an unexpected exception into a failure item.

    The readers catch every failure they know about; this net exists so that one odd file in
    a corpus of millions ends as a logged failure instead of stopping the whole ingestion.
    """
    try:
        yield from produce()
    except Exception as exc:  # deliberately broad, see docstring
        yield ReadItem(origin, None, None, error=f"unexpected error ({_exc_text(exc)})")


def _exc_text(exc: BaseException) -> str:
    msg = str(exc)
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or _exc_text(exc)


def _kind_of(name: str) -> str | None:
    """The reader a file name asks for, or None when it should be sniffed from its bytes."""
    low = name.lower()
    if low.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json.gz")):
        return _JSONL
    if low.endswith((".html", ".htm", ".xhtml")):
        return _HTML
    if low.endswith((".txt", ".text", ".md")):
        return _TEXT
    return None


def _read_folder(root: str, ctx: _Context) -> Iterator[ReadItem]:
    exts = tuple(e.lower() for e in ctx.options.extensions)
    walk_errors: list[OSError] = []
    found = False
    # os.walk is lazy and, with dirnames sorted in place, deterministic; hidden entries
    # (".git", ".DS_Store", editor swap files) are never articles.
    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_errors.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for err in walk_errors:
            yield ReadItem(str(err.filename or dirpath), None, None,
                           error=f"cannot read folder ({_os_reason(err)})")
        walk_errors.clear()
        for fname in sorted(filenames):
            if fname.startswith(".") or not fname.lower().endswith(exts):
                continue
            found = True
            path = os.path.join(dirpath, fname)
            yield from _guard(path, lambda p=path: _read_file(p, _kind_of(p), ctx))
    for err in walk_errors:  # an unreadable root is reported only after the walk ends
        yield ReadItem(str(err.filename or root), None, None,
                       error=f"cannot read folder ({_os_reason(err)})")
    if not found and not walk_errors:
        yield ReadItem(root, None, None,
                       error="folder has no files with a readable extension ("
                       + ", ".join(ctx.options.extensions) + ")")


def _read_file(path: str, kind: str | None, ctx: _Context) -> Iterator[ReadItem]:
    try:
        fh: BinaryIO = open(path, "rb")  # closed by the `with` below, even if abandoned
    except OSError as exc:
        yield ReadItem(path, None, None, error=f"cannot read file ({_os_reason(exc)})")
        return
    with fh:
        if kind == _JSONL and path.lower().endswith(".gz"):
            # GzipFile streams: only one decompressed buffer is held, never the whole file.
            yield from _read_jsonl(path, gzip.GzipFile(fileobj=fh, mode="rb"), ctx)
            return
        if kind in (_TEXT, _HTML):
            # Refuse oversized regular files before reading a byte of them.
            try:
                size = os.fstat(fh.fileno()).st_size
            except OSError:
                size = 0
            if size > ctx.options.max_text_bytes:
                yield _too_big(path, ctx)
                return
        yield from _read_stream(path, fh, kind, ctx)


def _too_big(origin: str, ctx: _Context) -> ReadItem:
    limit = ctx.options.max_text_bytes
    return ReadItem(origin, None, None, error=f"file is larger than max_text_bytes ({limit} bytes)")


def _read_stream(origin: str, stream: _LineStream, kind: str | None,
                 ctx: _Context) -> Iterator[ReadItem]:
    """Read one open binary stream as `kind`, sniffing the kind from its first bytes if None."""
    try:
        if kind is None:
            kind, stream = _sniff(stream, ctx.options.max_text_bytes)
        if kind == _JSONL:
            yield from _read_jsonl(origin, stream, ctx)
            return
        limit = ctx.options.max_text_bytes
        data = stream.read(limit + 1)  # one byte more than allowed tells "too big" from "full"
    except OSError as exc:
        yield ReadItem(origin, None, None, error=f"cannot read file ({_os_reason(exc)})")
        return
    if len(data) > limit:
        yield _too_big(origin, ctx)
    elif kind == _HTML:
        yield _html_item(origin, data, ctx)
    else:
        yield _text_item(origin, data, ctx)


class _Prefixed:
    """A stream with some already-read bytes put back in front (for sniffing stdin)."""

    def __init__(self, prefix: bytes, stream: _LineStream) -> None:
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


def _sniff(stream: _LineStream, limit: int) -> tuple[str, _LineStream]:
    """Guess the kind from the first non-blank byte: '{' JSON lines, '<' HTML, else text."""
    buf = b""
    while len(buf) <= limit:
        chunk = stream.read(_SNIFF_BYTES)
        if not chunk:
            break
        buf += chunk
        head = buf.removeprefix(_BOM).lstrip()
        if head:
            kind = _JSONL if head[:1] == b"{" else _HTML if head[:1] == b"<" else _TEXT
            return kind, _Prefixed(buf, stream)
    return _TEXT, _Prefixed(buf, stream)  # blank or empty: the text reader reports it


# --- plain text and HTML --------------------------------------------------------------------


def _decode_strict(data: bytes) -> tuple[str | None, int | None]:
    """UTF-8 (optional BOM) or the byte offset of the first bad byte in `data`."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skip:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, exc.start + skip


def _text_item(origin: str, data: bytes, ctx: _Context) -> ReadItem:
    if b"\x00" in data[:_SNIFF_BYTES]:
        return ReadItem(origin, None, None, error="binary file")
    text, bad = _decode_strict(data)
    if text is None:
        return ReadItem(origin, None, None, error=f"not valid UTF-8 at byte {bad}")
    if not text.strip():
        return ReadItem(origin, None, None, error="empty file")
    opts = ctx.options
    return ReadItem(origin, None, Article(text=text, date=opts.date, source=opts.source,
                                          origin=origin))


def _decode_html(data: bytes) -> tuple[str, str | None]:
    """Decode HTML bytes: UTF-8, else the declared <meta charset>, else cp1252.

    Much HTML in the wild is Latin-1/cp1252 whatever it declares, so this never fails; the
    second value is a warning when the encoding had to be guessed.
    """
    text, _ = _decode_strict(data)
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


def _extract_html(html: str) -> tuple[Any, str | None]:
    """trafilatura's main text and metadata, or (None, reason)."""
    import trafilatura  # lazy: importing trafilatura (lxml, htmldate...) costs ~0.3 s

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
    except Exception as exc:  # broken markup must not stop a corpus
        return None, f"HTML extraction failed ({_exc_text(exc)})"
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        return None, "no article text found in HTML"
    return doc, None


def _html_item(origin: str, data: bytes, ctx: _Context) -> ReadItem:
    if b"\x00" in data[:_SNIFF_BYTES]:
        return ReadItem(origin, None, None, error="binary file")
    html, warn = _decode_html(data)
    if not html.strip():
        return ReadItem(origin, None, None, error="empty file")
    doc, error = _extract_html(html)
    if doc is None:
        return ReadItem(origin, None, None, error=error)
    warnings = [warn] if warn else []
    opts = ctx.options
    day = _resolve_date(doc.date, ctx, warnings)
    article = Article(text=doc.text, date=day, source=_str_or_none(doc.sitename) or opts.source,
                      url=_str_or_none(doc.url), title=_str_or_none(doc.title),
                      author=_str_or_none(doc.author), origin=origin)
    return ReadItem(origin, None, article, warning=_join(warnings))


# --- JSON lines -----------------------------------------------------------------------------


def _read_jsonl(origin: str, stream: _LineStream, ctx: _Context) -> Iterator[ReadItem]:
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
            raw = raw.removeprefix(_BOM)
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
    return _os_reason(exc) if isinstance(exc, OSError) else _exc_text(exc)


def _skip_line(stream: _LineStream) -> None:
    """Read past the rest of an over-long line in bounded chunks, keeping none of it."""
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _line_item(origin: str, lineno: int, raw: bytes, ctx: _Context) -> ReadItem:
    def fail(reason: str) -> ReadItem:
        return ReadItem(origin, lineno, None, error=reason)

    line, bad = _decode_strict(raw)
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
        doc, error = _extract_html(html)
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
        return value or _str_or_none(page_value)

    url = meta("url", doc and doc.url)
    title = meta("title", doc and doc.title)
    author = meta("author", doc and doc.author)
    source = meta("source", doc and doc.sitename) or opts.source
    raw_date = obj.get("date")
    if raw_date in (None, ""):
        raw_date = doc and doc.date
    day = _resolve_date(raw_date, ctx, warnings)
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int | type(None)):
        warnings.append(f"'id' is not a string or integer ({_json_type(ident)}); ignored")
        ident = None
    article = Article(text=text, date=day, source=source, url=url, title=title,
                      id="" if ident is None else str(ident), author=author, origin=origin)
    return ReadItem(origin, lineno, article, warning=_join(warnings))


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


# --- small helpers --------------------------------------------------------------------------


def _str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _join(warnings: list[str]) -> str | None:
    return "; ".join(warnings) if warnings else None


def _parse_date(value: Any) -> date | None:
    """'YYYY-MM-DD' or an ISO datetime (its date part), else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _resolve_date(value: Any, ctx: _Context, warnings: list[str]) -> date | None:
    """The item's publication date, or the default with a warning saying why it was not used."""
    default = ctx.options.date
    if value is None or value == "":
        return default
    fallback = "using the default date" if default else "publication date left empty"
    shown = value if isinstance(value, str) else json.dumps(value)
    if len(shown) > 60:  # keep warnings readable when a field holds a paragraph
        shown = shown[:57] + "..."
    day = _parse_date(value)
    if day is None:
        warnings.append(f"unparseable date '{shown}'; {fallback}")
        return default
    if day > ctx.today:
        warnings.append(f"date '{day.isoformat()}' is in the future; {fallback}")
        return default
    return day
