"""The event record as flat columns, derived from the dataclasses in `records.py`.

`records.py` declares the event once. The store's `events` table, the Arrow schema the writer
uses, the reader that rebuilds `Event`s, the API's `EventOut` model and the CSV and Parquet
exports all come from `EVENT_COLUMNS`, walked out of the dataclass fields here; a field added
to a record becomes a column everywhere without another edit (and a field of a type this
module does not know stops the import, rather than being dropped on the way).

Names: a nested record's fields get its field name as prefix (`source_code`, `target_role`,
`location_level`); flags and evidence are so central that theirs have none (`negated`,
`sentence`); a `(start, end)` pair is two columns (`trigger_start`, `trigger_end`). A few
columns keep the names stores had before this module existed (`_RENAMES`).
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any

from ..records import Event

# Column kinds: how a leaf value is stored. "records" is a tuple of small records (amounts),
# kept as a JSON list of objects: DuckDB reads it with its JSON functions.
SQL_TYPES = {"text": "VARCHAR", "int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN",
             "date": "DATE", "texts": "VARCHAR[]", "records": "VARCHAR"}
_LEAF_KINDS = {str: "text", int: "int", float: "float", bool: "bool", date: "date"}
# nested records whose columns take no prefix
_NO_PREFIX = {("Event", "flags"), ("Event", "evidence")}
# column names older stores (and their SQL, the UI) already use
_RENAMES = {
    ("Event", "source_name"): "outlet",
    ("Location", "name"): "location",
    ("Location", "latitude"): "latitude",
    ("Location", "longitude"): "longitude",
    # an actor's own offsets; `source_start` is the evidence span, which came first
    ("Actor", "start"): "{prefix}text_start",
    ("Actor", "end"): "{prefix}text_end",
}
# Columns added to existing stores are filled from these when the store is migrated (and read
# from them when an old store is opened read-only): the values they held before.
BACKFILL = {"source_text_start": "source_start", "source_text_end": "source_end",
            "target_text_start": "target_start", "target_text_end": "target_end"}
# Columns of the events table that are the store's, not the record's.
STORE_ONLY = {"cluster_id": "text"}
_FIRST = ("id", "article_id", "cluster_id", "outlet")  # leading columns, as stores had them


@dataclass(frozen=True)
class Column:
    """One column of the events table and where its value sits in an `Event`."""

    name: str
    path: tuple[str, ...]  # attribute path from the Event: ("source", "code")
    kind: str  # a key of SQL_TYPES
    nullable: bool
    part: int | None = None  # 0 or 1: which end of a (start, end) pair
    item: type | None = None  # the record type of a "records" column

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    def ddl(self) -> str:
        return f"{self.name} {self.sql_type}" + ("" if self.nullable else " NOT NULL")


@dataclass(frozen=True)
class _Field:
    name: str
    optional: bool
    columns: tuple[Column, ...] = ()  # one, or two for a pair; none for a nested record
    record: _Record | None = None
    default: Any = None
    has_default: bool = False


@dataclass(frozen=True)
class _Record:
    cls: type
    fields: tuple[_Field, ...]

    def columns(self) -> list[Column]:
        out: list[Column] = []
        for f in self.fields:
            out.extend(f.record.columns() if f.record else f.columns)
        return out


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """(the type, whether None is allowed) of `X | None`."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


def _default(f: Any) -> dict[str, Any]:
    """The _Field keywords for a dataclass field's default, if it has one."""
    if f.default is not MISSING:
        return {"default": f.default, "has_default": True}
    if f.default_factory is not MISSING:
        return {"default": f.default_factory(), "has_default": True}
    return {}


def _walk(cls: type, prefix: str, path: tuple[str, ...], optional: bool) -> _Record:
    hints = typing.get_type_hints(cls)
    out = []
    for f in fields(cls):
        hint, opt = _unwrap(hints[f.name])
        nullable = optional or opt
        here = (*path, f.name)
        rename = _RENAMES.get((cls.__name__, f.name))
        name = (rename or "{prefix}{name}").format(prefix=prefix, name=f.name)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if is_dataclass(hint):
            sub = "" if (cls.__name__, f.name) in _NO_PREFIX else f"{prefix}{f.name}_"
            out.append(_Field(f.name, opt, record=_walk(hint, sub, here, nullable)))
            continue
        if hint in _LEAF_KINDS:
            cols: tuple[Column, ...] = (Column(name, here, _LEAF_KINDS[hint], nullable),)
        elif origin is tuple and args == (int, int):
            cols = (Column(f"{name}_start", here, "int", nullable, part=0),
                    Column(f"{name}_end", here, "int", nullable, part=1))
        elif origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] is str:
            cols = (Column(name, here, "texts", nullable),)
        elif origin is tuple and len(args) == 2 and args[1] is Ellipsis and is_dataclass(args[0]):
            # an empty tuple is stored as NULL, as stores always did
            cols = (Column(name, here, "records", True, item=args[0]),)
        else:
            raise TypeError(f"{cls.__name__}.{f.name}: the store has no column type for "
                            f"{hint!r}; teach eventcoder.store.columns")
        out.append(_Field(f.name, opt, cols, **_default(f)))
    return _Record(cls, tuple(out))


_EVENT = _walk(Event, "", (), False)
EVENT_COLUMNS: tuple[Column, ...] = tuple(_EVENT.columns())


def _ordered(cols: list[Column]) -> tuple[Column, ...]:
    first = [c for n in _FIRST for c in cols if c.name == n]
    return (*first, *(c for c in cols if c not in first))


STORE_COLUMNS: tuple[Column, ...] = _ordered(
    [*EVENT_COLUMNS, *(Column(n, (), k, False) for n, k in STORE_ONLY.items())])


def _check_names() -> None:
    seen: dict[str, Column] = {}
    for col in STORE_COLUMNS:
        if col.name in seen:
            raise TypeError(f"two event fields map to the column {col.name!r}: "
                            f"{'.'.join(seen[col.name].path)} and {'.'.join(col.path)}")
        seen[col.name] = col


_check_names()
COLUMN_NAMES = tuple(c.name for c in STORE_COLUMNS)
LIST_COLUMNS = tuple(c.name for c in STORE_COLUMNS if c.kind == "texts")


def events_ddl() -> str:
    """CREATE TABLE for new stores; `migrations` brings older ones up to it."""
    body = ",\n    ".join(c.ddl() for c in STORE_COLUMNS)
    return f"CREATE TABLE IF NOT EXISTS events (\n    {body}\n)"


def migrations(present: set[str]) -> list[str]:
    """Statements adding the columns a store made by an older eventcoder lacks, and filling
    them from what it held. Added columns are nullable (their old rows have no value)."""
    out = []
    for col in STORE_COLUMNS:
        if col.name not in present:
            out.append(f"ALTER TABLE events ADD COLUMN {col.name} {col.sql_type}")
            src = BACKFILL.get(col.name)
            if src in present:
                out.append(f"UPDATE events SET {col.name} = {src}")
    return out


@cache
def arrow_schema() -> Any:
    """The Arrow schema of event rows (built on first write: pyarrow loads only to write)."""
    import pyarrow as pa

    kinds = {"text": pa.string(), "int": pa.int32(), "float": pa.float64(),
             "bool": pa.bool_(), "date": pa.date32(), "texts": pa.list_(pa.string()),
             "records": pa.string()}
    return pa.schema([(c.name, kinds[c.kind]) for c in STORE_COLUMNS])


# ---- Event -> row ----------------------------------------------------------------------------
def _get(event: Event, col: Column) -> Any:
    value: Any = event
    for attr in col.path:
        if value is None:
            return None
        value = getattr(value, attr)
    if value is None:
        return None
    if col.part is not None:
        return value[col.part]
    if col.kind == "texts":
        return list(value)
    if col.kind == "records":
        return json.dumps([record_dict(v) for v in value], ensure_ascii=False) if value else None
    return value


def record_dict(value: Any) -> dict:
    """A small record (an Amount) as a JSON-ready dict of all its fields."""
    return {f.name: getattr(value, f.name) for f in fields(value)}


def event_values(event: Event, **store: Any) -> tuple:
    """One events row, values in the order of STORE_COLUMNS; `store` gives the STORE_ONLY
    values (cluster_id)."""
    return tuple(store.get(c.name) if not c.path else _get(event, c) for c in STORE_COLUMNS)


def event_row(event: Event, **store: Any) -> dict[str, Any]:
    return dict(zip(COLUMN_NAMES, event_values(event, **store), strict=True))


# ---- row -> Event ----------------------------------------------------------------------------
def _zero(col: Column) -> Any:
    return {"text": "", "int": 0, "float": 0.0, "bool": False, "texts": (),
            "records": ()}.get(col.kind)


def _decode(col: Column, raw: Any) -> Any:
    if raw is None:
        return None
    if col.kind == "date":
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])
    if col.kind == "texts":
        return tuple(raw)
    if col.kind == "records":
        items = json.loads(raw) if isinstance(raw, str) else raw
        return tuple(build_record(col.item, d) for d in items or () if isinstance(d, dict))
    return raw


def build_record(cls: type, values: dict) -> Any:
    """A small record from a dict, tolerating missing keys (those take the field default)."""
    kwargs = {f.name: values[f.name] for f in fields(cls) if f.name in values}
    return cls(**kwargs)


def _raw(row: dict, col: Column) -> Any:
    if col.name in row:
        return row[col.name]
    return row.get(BACKFILL.get(col.name, ""))  # an older store, read without migrating


def _build(record: _Record, row: dict) -> tuple[Any, bool]:
    """(the record, whether any of its columns held a value)."""
    kwargs: dict[str, Any] = {}
    seen = False
    for f in record.fields:
        if f.record is not None:
            value, any_value = _build(f.record, row)
            if f.optional and not any_value:
                value = None
            seen |= any_value
        else:
            raws = [_raw(row, c) for c in f.columns]
            seen |= any(r is not None for r in raws)
            if len(f.columns) == 2:
                value = None if raws[0] is None and raws[1] is None else (
                    raws[0] or 0, raws[1] or 0)
            else:
                value = _decode(f.columns[0], raws[0])
            if value is None and not f.optional:
                # a column an older store lacked, or a NULL where the record wants a value
                value = f.default if f.has_default else (
                    (0, 0) if len(f.columns) == 2 else _zero(f.columns[0]))
        kwargs[f.name] = value
    return record.cls(**kwargs), seen


def row_to_event(row: dict) -> Event:
    """An `Event` rebuilt from an events row (a dict of column -> value). Works on rows from
    stores of any eventcoder version, and on the API's JSON for an event."""
    return _build(_EVENT, row)[0]


# ---- the nested dict of Event.to_dict -> Event -------------------------------------------------
def _from_nested(record: _Record, data: dict) -> Any:
    kwargs: dict[str, Any] = {}
    for f in record.fields:
        if f.name not in data:
            continue
        value = data[f.name]
        if value is None:
            kwargs[f.name] = None
        elif f.record is not None:
            kwargs[f.name] = _from_nested(f.record, value)
        elif len(f.columns) == 2:
            kwargs[f.name] = tuple(value)
        else:
            kwargs[f.name] = _decode(f.columns[0], value)
    return record.cls(**kwargs)


def event_from_dict(data: dict) -> Event:
    """The inverse of `Event.to_dict` (and of a JSON-lines export line)."""
    return _from_nested(_EVENT, data)
