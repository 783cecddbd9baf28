"""Exports from the store: PLOVER JSON, JSON lines, CSV, Parquet, a CAMEO-coded TSV and
GDELT 2.0 event rows (gdelt.py).

Every format but the fixed CAMEO and GDELT columns also carries what the outlet registry says
about each event's outlet and, for a mirror, its originating outlet (store/outlet_tags.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import Event
from . import EventStore
from .columns import LIST_COLUMNS, row_to_event
from .outlet_tags import article_tags, outlet_tag_table

_TAG_COLUMNS = ("outlet_labels", "outlet_country", "origin_outlet", "origin_labels")

EXPORT_FORMATS = ("plover", "jsonl", "csv", "parquet", "cameo-tsv", "gdelt")
# the file name endings each format may be written to; the first gives the default name
EXPORT_SUFFIXES = {"plover": (".json",), "jsonl": (".jsonl", ".ndjson"), "csv": (".csv",),
                   "parquet": (".parquet",), "cameo-tsv": (".tsv",),
                   "gdelt": (".export.tsv", ".tsv", ".csv")}  # GDELT names its own .export.CSV
_BATCH = 2000


def export_path(fmt: str, out: Path | None = None) -> Path:
    """The file an export in `fmt` writes: `out`, or events<the format's ending> without one.

    Raises InputError for an unknown format, or when `out` ends in another ending (Parquet
    bytes in events.jsonl help nobody)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of "
                         f"{', '.join(EXPORT_FORMATS)}")
    suffixes = EXPORT_SUFFIXES[fmt]
    if out is None:
        return Path("events" + suffixes[0])
    if not out.name.lower().endswith(suffixes):
        wanted = " or ".join(suffixes)
        raise InputError(f"{out}: a {fmt} export is written to a {wanted} file; name it "
                         f"{out.name.removesuffix(out.suffix)}{suffixes[0]} or give the "
                         f"--format its ending says")
    return out


def export(store: EventStore, fmt: str, out: Path, include_flagged: bool = False,
           outlets: Any = None) -> int:
    """Write every stored event to `out` in `fmt`; returns the number of events written.
    outlets: the OutletRegistry labelling outlets (default: the configured one)."""
    export_path(fmt, out)
    if fmt == "gdelt" and include_flagged:
        raise InputError("the gdelt format has asserted events only (GDELT has no negated or "
                         "hypothetical events): leave out --include-flagged")
    if outlets is None:
        from ..knowledge.outlets import default_registry

        outlets = default_registry()
    where = "" if include_flagged else " WHERE NOT negated AND NOT hypothetical"
    if fmt in ("csv", "parquet"):
        # DuckDB writes these itself, streaming, every column of the table (the record's
        # fields, see columns.py) and the outlet's labels; in CSV a list becomes its items
        # joined by ';', in place
        tags_sql = outlet_tag_table(store.con, outlets, "_outlet_tags")
        lists = ([c for c in LIST_COLUMNS if c in event_table_columns(store)]
                 + ["outlet_labels", "origin_labels"]) if fmt == "csv" else []
        replace = ", ".join(f"array_to_string({c}, ';') AS {c}" for c in lists)
        select = (f"SELECT *{f' REPLACE ({replace})' if replace else ''} FROM ("
                  f"SELECT events.*, {', '.join(f't.{c}' for c in _TAG_COLUMNS)} "
                  f"FROM events LEFT JOIN ({tags_sql}) t ON t.article_id = events.article_id"
                  f"{where}) ORDER BY date, id")
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
        try:
            store.con.execute(f"COPY ({select}) TO '{_quote(out)}' ({options})")
        finally:
            store.con.unregister("_outlet_tags")
        return store.con.execute(f"SELECT count(*) FROM events{where}").fetchone()[0]
    from ..output import write_events

    n = 0
    with out.open("w", encoding="utf-8") as fh:
        if fmt == "gdelt":
            from .gdelt import write_gdelt

            return write_gdelt(store.con, fh)
        if fmt == "plover":
            # one JSON array, written record by record so memory stays flat
            from ..output import plover_record

            fh.write("[\n")
            for e, tags in _tagged(store, outlets, iter_events(store, where)):
                record = {**plover_record(e), **tags}
                fh.write((",\n" if n else "") + json.dumps(record, ensure_ascii=False))
                n += 1
            fh.write("\n]\n")
            return n
        if fmt == "cameo-tsv":
            write_events([], fmt, fh)  # the header line
            for chunk in _chunks(iter_events(store, where)):
                n += write_events(chunk, fmt, fh, header=False)
            return n
        for e, tags in _tagged(store, outlets, iter_events(store, where)):  # jsonl
            fh.write(json.dumps({**e.to_dict(), **tags}, ensure_ascii=False) + "\n")
            n += 1
    return n


def _tagged(store: EventStore, outlets: Any, events: Iterator[Event]
            ) -> Iterator[tuple[Event, dict]]:
    """Each event with its outlet's tags, looked up a chunk of events at a time (through a
    cursor of its own: the events' cursor is still being read)."""
    cur = store.cursor()
    try:
        for chunk in _chunks(events):
            tags = article_tags(cur, outlets, (e.article_id for e in chunk))
            for e in chunk:
                t = tags.get(e.article_id) or outlets.tags(e.source_name)
                yield e, t.as_dict()
    finally:
        cur.close()


def _chunks(events: Iterator[Event]) -> Iterator[list[Event]]:
    chunk: list[Event] = []
    for e in events:
        chunk.append(e)
        if len(chunk) >= _BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def iter_events(store: EventStore, where: str = "", params: list | None = None
                ) -> Iterator[Event]:
    """Stored events rebuilt as `Event` records, streamed in date order."""
    cur = store.con.execute(f"SELECT * FROM events{where} ORDER BY date, id", params or [])
    names = [d[0] for d in cur.description]
    while True:
        rows = cur.fetchmany(_BATCH)
        if not rows:
            return
        for row in rows:
            yield row_to_event(dict(zip(names, row, strict=True)))


def event_table_columns(store: EventStore) -> list[str]:
    """The columns the store's events table has (an older store may lack some)."""
    return [r[0] for r in store.con.execute(
        "SELECT name FROM pragma_table_info('events')").fetchall()]


__all__ = ["EXPORT_FORMATS", "EXPORT_SUFFIXES", "export", "export_path", "iter_events",
           "row_to_event"]
