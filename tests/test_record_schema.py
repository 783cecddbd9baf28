"""One event schema: the store, the exports and the API follow the records in records.py.

The events here are built from the column list itself (`row_to_event` over one value per
column), so a field added to a record is part of every check below without editing this file:
each field must survive the store and reach every full export, or a test fails naming it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from eventcoder.output import plover_record, write_events
from eventcoder.records import Article, CodedArticle, Event
from eventcoder.store import EventStore, StoredArticle
from eventcoder.store.columns import (
    COLUMN_NAMES,
    EVENT_COLUMNS,
    STORE_COLUMNS,
    event_from_dict,
    event_row,
    row_to_event,
)
from eventcoder.store.export import export, iter_events

ROOT = Path(__file__).resolve().parent.parent
SIG = np.zeros(128, dtype=np.uint32).tobytes()
# values the ontology accepts, for the columns plover_record and cameo-tsv look up
VALID = {"type": ("REQUEST", "ACCUSE"), "mode": ("assist", "change"),
         "contexts": (["economic"], ["military"])}
ALT_MODE = {"ACCUSE": "allege"}


def _value(col, n: int, other: bool = False):
    """A value of the column's kind, distinct per column (and a second one for `other`)."""
    k = n * 2 + (1 if other else 0)
    if col.name in VALID:
        return VALID[col.name][1 if other else 0]
    return {
        "text": f"<{col.name}{'-b' if other else ''}>",
        "int": 1000 + k,
        "float": 0.5 + k,
        "bool": not other,
        "date": date(2024, 1, 1 + k % 28).replace(month=1 + k // 28 % 12),
        "texts": [f"<{col.name}-{k}>", "second"],
        "records": [{"value": 10.0 + k, "unit": "currency", "currency": "EUR",
                     "text": f"<{col.name}-{k}>"}],
    }[col.kind]


def full_row(**changes) -> dict:
    row = {c.name: _value(c, i) for i, c in enumerate(STORE_COLUMNS)}
    row.update(changes)
    return row


def full_event(**changes) -> Event:
    return row_to_event(full_row(**changes))


def variants() -> list[tuple[str, Event]]:
    """(column, the full event with only that column's value changed), for every column."""
    out = []
    for i, col in enumerate(EVENT_COLUMNS):
        changes = {col.name: _value(col, i, other=True)}
        if col.name == "type":
            changes["mode"] = ALT_MODE["ACCUSE"]
        out.append((col.name, full_event(**changes)))
    return out


def test_every_leaf_of_the_event_records_is_a_column():
    """Walk the dataclasses independently of columns.py: every leaf field has its column."""
    leaves = []

    def walk(obj, path):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                walk(value, (*path, f.name))
            else:
                leaves.append((*path, f.name))

    walk(full_event(), ())
    assert sorted({c.path for c in EVENT_COLUMNS}) == sorted(leaves)
    assert len(COLUMN_NAMES) == len(set(COLUMN_NAMES))


def test_the_full_event_really_uses_every_column():
    base = full_event()
    for name, changed in variants():
        assert changed != base, f"{name}: the reader ignores the column"


def test_a_store_round_trip_keeps_every_field(tmp_path: Path):
    events = [full_event()] + [dataclasses.replace(e, id=f"v-{n}")
                               for n, e in variants()]
    undated = full_event(id="undated", date=None, date_text=None)
    events.append(undated)
    art = Article(text="Some text.", id=events[0].article_id)
    result = CodedArticle(art, events=[e for e in events if e.flags.is_fact()],
                          flagged=[e for e in events if not e.flags.is_fact()])
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write_batch([StoredArticle(result, "c1", 1.0, SIG, [])], [])
        table = [r[0] for r in store.con.execute(
            "SELECT name FROM pragma_table_info('events')").fetchall()]
        back = {e.id: e for e in iter_events(store)}
    assert table == list(COLUMN_NAMES)
    assert back == {e.id: e for e in events}
    assert back["undated"].date is None


@pytest.mark.parametrize("render", ["plover", "jsonl"])
def test_every_field_reaches_the_full_exports(render: str):
    def out(e: Event) -> str:
        rec = plover_record(e) if render == "plover" else e.to_dict()
        return json.dumps(rec, sort_keys=True, default=str)

    base = out(full_event())
    missing = [name for name, e in variants() if out(e) == base]
    assert not missing, f"{render} does not carry {missing}"


def test_jsonl_lines_read_back_as_the_same_event():
    e = full_event()
    assert event_from_dict(json.loads(json.dumps(e.to_dict()))) == e
    undated = full_event(date=None)
    assert event_from_dict(json.loads(json.dumps(undated.to_dict()))) == undated


def test_csv_and_parquet_exports_have_every_column(tmp_path: Path):
    e = full_event()
    result = CodedArticle(Article(text="x", id=e.article_id), events=[e])
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write_batch([StoredArticle(result, "c1", 1.0, SIG, [])], [])
        export(store, "csv", tmp_path / "e.csv", include_flagged=True)
        export(store, "parquet", tmp_path / "e.parquet", include_flagged=True)
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # every column of the store, then what the outlet registry says about the outlet
    assert list(rows[0]) == [*COLUMN_NAMES, "outlet_labels", "outlet_country",
                             "origin_outlet", "origin_labels"]
    assert rows[0]["conventions"] == ";".join(e.evidence.conventions)
    assert rows[0]["source_group"] == e.source.group and rows[0]["cue"] == e.flags.cue
    import pyarrow.parquet as pq

    (prow,) = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert row_to_event(prow) == e


def test_cameo_tsv_carries_groups_and_the_rule_chain_and_undated_events():
    buf = io.StringIO()
    e = full_event(date=None)
    write_events([e], "cameo-tsv", buf)
    head, line = buf.getvalue().splitlines()
    row = dict(zip(head.split("\t"), line.split("\t"), strict=True))
    assert row["date"] == ""
    assert (row["source_group"], row["target_group"]) == (e.source.group, e.target.group)
    assert row["rule_chain"].split(";") == list(e.evidence.rule_chain)
    write_events([e], "table", io.StringIO())  # an undated event in the table too


def test_event_row_puts_store_values_beside_the_record():
    row = event_row(full_event(), cluster_id="c9")
    assert row["cluster_id"] == "c9" and list(row) == list(COLUMN_NAMES)
    assert row_to_event(row) == full_event()


def test_the_store_documentation_names_every_event_column():
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    missing = [c for c in COLUMN_NAMES if f"| `{c}` |" not in doc]
    assert not missing, f"docs/store.md does not describe {missing}"
