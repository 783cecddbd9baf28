"""What the readers give and share: `ReadItem`, `ReaderOptions`, and the small helpers the
text, HTML and JSON-lines readers have in common (decoding, reasons, dates)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from ..records import Article

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 8192  # NUL bytes in this much of a file mark it as binary

# The one list of file name endings eventcoder reads, with the reader each asks for. A file
# named on the command line and a file met in a folder walk are read by the same rule.
SUFFIX_KINDS: tuple[tuple[str, str], ...] = (
    (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"), (".json.gz", "jsonl"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".txt", "text"), (".text", "text"), (".md", "text"),
    (".warc", "warc"), (".warc.gz", "warc"),
    (".rss", "feed"), (".atom", "feed"), (".xml", "feed"),
)
# Read when named, passed over in folders: most .xml files in a folder are not feeds
# (sitemaps, settings), and each would be a failure.
WALK_PASSES_OVER: tuple[str, ...] = (".xml",)


@dataclass(frozen=True)
class ReadItem:
    """One article read from an input, or why an input item could not be read."""

    origin: str  # file path as given (or "-" for stdin)
    line: int | None  # 1-based line number for JSON lines items, else None
    article: Article | None  # None when the item failed
    error: str | None = None  # why the item failed, when article is None
    warning: str | None = None  # a problem that did not stop the article
    # why the item was passed over on purpose (not HTML, not English; in a folder walk another
    # ending, a hidden name, not a regular file): counted, not a failure; recorded when
    # `warning` says why
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


@dataclass(frozen=True)
class ReaderOptions:
    """How inputs are read; defaults fill in what the input itself does not say."""

    date: date | None = None  # default publication date when the input has none
    source: str | None = None  # default outlet name when the input has none
    max_text_bytes: int = 20_000_000  # larger files / lines are failures, read in bounded memory
    # HTML pages beyond these are failures, not extracted: trafilatura's time grows faster
    # than linearly with the element count (a 1 MB table of 100k cells ran for minutes)
    html_max_bytes: int = 10_000_000
    html_max_elements: int = 25_000
    # what a folder walk reads: every ending in SUFFIX_KINDS but WALK_PASSES_OVER
    extensions: tuple[str, ...] = tuple(suffix for suffix, _ in SUFFIX_KINDS
                                        if suffix not in WALK_PASSES_OVER)
    today: date | None = None  # for the "date in the future" check (default date.today())
    fetch: bool = False  # download feed URLs given as inputs (never by default)


DEFAULT_OPTIONS = ReaderOptions()


@dataclass(frozen=True)
class Context:
    """What every reader of one read_inputs call is given: the options and today's date."""

    options: ReaderOptions
    today: date


class LineStream(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


def origin_name(path: str) -> str:
    """A file name as stored and shown: lossless, and always valid UTF-8.

    POSIX names are bytes; Python gives the bytes that are not UTF-8 as lone surrogates, which
    no UTF-8 encoder (DuckDB's, Arrow's) accepts. Those bytes are written `\\xNN` and a
    backslash `\\\\`, so distinct names stay distinct; a name that has neither is unchanged."""
    if "\\" not in path and not _has_surrogates(path):
        return path
    out = []
    for ch in path:
        if ch == "\\":
            out.append("\\\\")
        elif "\udc80" <= ch <= "\udcff":  # a byte os.fsdecode could not decode
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif "\ud800" <= ch <= "\udfff":  # any other lone surrogate (not from a file name)
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def exc_text(exc: BaseException) -> str:
    msg = str(exc)
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or exc_text(exc)


def decode_strict(data: bytes) -> tuple[str | None, int | None]:
    """UTF-8 (optional BOM) or the byte offset of the first bad byte in `data`."""
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, exc.start + skip


def str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def join_warnings(warnings: list[str]) -> str | None:
    return "; ".join(warnings) if warnings else None


def parse_date(value: Any) -> date | None:
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


def resolve_date(value: Any, ctx: Context, warnings: list[str]) -> date | None:
    """The item's publication date, or the default with a warning saying why it was not used."""
    default = ctx.options.date
    if value is None or value == "":
        return default
    fallback = "using the default date" if default else "publication date left empty"
    shown = value if isinstance(value, str) else json.dumps(value)
    if len(shown) > 60:  # keep warnings readable when a field holds a paragraph
        shown = shown[:57] + "..."
    day = parse_date(value)
    if day is None:
        warnings.append(f"unparseable date '{shown}'; {fallback}")
        return default
    if day > ctx.today:
        warnings.append(f"date '{day.isoformat()}' is in the future; {fallback}")
        return default
    return day
