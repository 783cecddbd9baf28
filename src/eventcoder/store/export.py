"""Exports from the store: PLOVER JSON, JSON lines, CSV, Parquet, a CAMEO-coded TSV and
GDELT 2.0 event rows (gdelt.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..records import Event
from . import EventStore
from .columns import LIST_COLUMNS, row_to_event

EXPORT_FORMATS = ("plover", "jsonl", "csv", "parquet", "cameo-tsv", "gdelt")
_BATCH = 2000


def export(store: EventStore, fmt: str, out: Path, include_flagged: bool = False) -> int:
    """Write every stored event to `out` in `fmt`; returns the number of events written."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of "
                         f"{', '.join(EXPORT_FORMATS)}")
    if fmt == "gdelt" and include_flagged:
        raise InputError("the gdelt format has asserted events only (GDELT has no negated or "
                         "hypothetical events): leave out --include-flagged")
    where = "" if include_flagged else " WHERE NOT negated AND NOT hypothetical"
    if fmt in ("csv", "parquet"):
        # DuckDB writes these itself, streaming, every column of the table (the record's
        # fields, see columns.py); in CSV a list becomes its items joined by ';', in place
        select = f"SELECT * FROM events{where} ORDER BY date, id"
        if fmt == "csv":
            lists = [c for c in LIST_COLUMNS if c in event_table_columns(store)]
            if lists:
                replace = ", ".join(f"array_to_string({c}, ';') AS {c}" for c in lists)
                select = f"SELECT * REPLACE ({replace}) FROM events{where} ORDER BY date, id"
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
        store.con.execute(f"COPY ({select}) TO '{_quote(out)}' ({options})")
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
            for e in iter_events(store, where):
                fh.write((",\n" if n else "") + json.dumps(plover_record(e), ensure_ascii=False))
                n += 1
            fh.write("\n]\n")
            return n
        if fmt == "cameo-tsv":
            write_events([], fmt, fh)  # the header line
            for chunk in _chunks(iter_events(store, where)):
                n += write_events(chunk, fmt, fh, header=False)
            return n
        for e in iter_events(store, where):  # jsonl
            fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


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


__all__ = ["EXPORT_FORMATS", "export", "iter_events", "row_to_event"]
