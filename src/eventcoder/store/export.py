"""Exports from the store: PLOVER JSON, JSON lines, CSV, Parquet and a CAMEO/GDELT-style TSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..records import Actor, Amount, Event, Evidence, Flags, Location
from . import EventStore

EXPORT_FORMATS = ("plover", "jsonl", "csv", "parquet", "cameo-tsv")
_BATCH = 2000


def export(store: EventStore, fmt: str, out: Path, include_flagged: bool = False) -> int:
    """Write every stored event to `out` in `fmt`; returns the number of events written."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of "
                         f"{', '.join(EXPORT_FORMATS)}")
    where = "" if include_flagged else " WHERE NOT negated AND NOT hypothetical"
    if fmt in ("csv", "parquet"):
        # DuckDB writes these itself, streaming; lists become strings in CSV
        select = (f"SELECT * EXCLUDE (contexts), array_to_string(contexts, ';') AS contexts "
                  f"FROM events{where} ORDER BY date, id") if fmt == "csv" else (
                  f"SELECT * FROM events{where} ORDER BY date, id")
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
        store.con.execute(f"COPY ({select}) TO '{_quote(out)}' ({options})")
        return store.con.execute(f"SELECT count(*) FROM events{where}").fetchone()[0]
    from ..output import write_events

    n = 0
    with out.open("w", encoding="utf-8") as fh:
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


def row_to_event(r: dict) -> Event:
    src = Actor(r["source_code"], r["source_sector"], r["source_name"] or r["source_code"],
                r["source_text"] or "", None, r["source_start"], r["source_end"])
    tgt = None
    if r["target_code"]:
        tgt = Actor(r["target_code"], r["target_sector"], r["target_name"] or r["target_code"],
                    r["target_text"] or "", None, r["target_start"], r["target_end"])
    amounts = tuple(Amount(a["value"], a["unit"], a.get("currency"), a.get("text", ""))
                    for a in json.loads(r["amounts"] or "[]"))
    loc = None
    if r["location"]:
        loc = Location(r["location"], r["location_code"], r["latitude"], r["longitude"],
                       r["location_level"])
    ev = Evidence(r["sentence"] or "", r["sentence_start"] or 0,
                  (r["trigger_start"], r["trigger_end"]),
                  (r["source_start"], r["source_end"]) if r["source_start"] is not None else None,
                  (r["target_start"], r["target_end"]) if r["target_start"] is not None else None,
                  r["rule"] or "", r["trigger_text"] or "")
    flags = Flags(bool(r["negated"]), bool(r["hypothetical"]), bool(r["future"]),
                  bool(r["reported"]), r["speaker"])
    return Event(
        id=r["id"], date=r["date"] or date.min, type=r["type"], mode=r["mode"],
        contexts=tuple(r["contexts"] or ()), quad_class=r["quad_class"], score=r["score"],
        source=src, target=tgt, amounts=amounts, location=loc, flags=flags,
        confidence=r["confidence"], evidence=ev, article_id=r["article_id"],
        source_name=r["outlet"], date_resolution=r["date_resolution"] or "publication",
        date_text=r["date_text"],
    )
