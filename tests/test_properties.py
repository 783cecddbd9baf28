"""Property-based tests: exports round-trip, the coder and ingestion never break on hostile input.

Hypothesis drives every test here with a small example budget (the whole file runs in well
under a minute); the heavier, plain-random fuzzing lives in `benchmarks/fuzz.py`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import tempfile
import types
import typing
from datetime import date
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventcoder.ontology import load_ontology
from eventcoder.records import (
    Amount,
    Article,
    CodedArticle,
    Event,
)

ONTO = load_ontology()
TYPES = sorted(ONTO.types)
CONTEXTS = sorted(ONTO.contexts)
SECTORS = sorted(ONTO.sectors)
CODES = ["USA", "RUS", "UKR", "EU", "NATO", "HUN", "POL", "CHN", "UN", "ISR", "PSE"]
CURRENCIES = ["EUR", "USD", "GBP", "JPY", "UAH", "RUB", None]
UNITS = ["currency", "percent", "percent of GDP", "troops", "missiles", "people"]

# characters that break naive code: controls, NUL, bidi overrides, zero-width, line separators
HOSTILE = ("\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\r", "\n", "\t", "\x0b", "\x0c",
           "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a",
           "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
           "\u2028", "\u2029", "\u00a0", "\u2011", "\ufffd", "\"", "'", "\\", ",", ";", "|")
RTL = ("وزير الخارجية", "ירושלים", "\u202eRussia\u202c", "بوتين", "كييف", "ئۇيغۇر")
SEEDS = (
    "Poland accused Belarus on Monday of pushing migrants across the border.",
    "The European Union pledged 500 million euros to Ukraine.",
    "Russian drones struck Kyiv overnight, officials said.",
    "Hungary vetoed the EU's aid package for Ukraine on Tuesday.",
    "The United States urged Israel to allow aid into Gaza.",
    "China and Russia held talks in Beijing last week.",
    "NATO asked members to spend 3.5% of GDP on defence.",
    "Ukraine's foreign minister asked the EU for €20 billion.",
)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])

chars = st.characters(codec="utf-8")  # any code point except lone surrogates
nasty_text = st.lists(
    st.sampled_from(HOSTILE) | st.sampled_from(RTL) | st.text(chars, max_size=12),
    max_size=8).map("".join)
some_text = nasty_text | st.text(chars, max_size=30)
finite = st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False)


def _strategy(hint):
    """Values of a records.py field type. Derived from the type hints, so a field added to a
    record gets random values here (and must survive the round trips below) without an edit;
    a type this does not know fails loudly."""
    base, optional = hint, False
    if isinstance(hint, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        base, optional = args[0], len(args) < len(typing.get_args(hint))
    origin, args = typing.get_origin(base), typing.get_args(base)
    if dataclasses.is_dataclass(base):
        hints = typing.get_type_hints(base)
        out = st.builds(base, **{f.name: _strategy(hints[f.name])
                                 for f in dataclasses.fields(base)})
    elif base in LEAVES:
        out = LEAVES[base]
    elif origin is tuple and args == (int, int):
        out = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6))
    elif origin is tuple and args[1:] == (Ellipsis,):
        out = st.lists(_strategy(args[0]), max_size=3).map(tuple)
    else:
        raise TypeError(f"no strategy for {hint!r}")
    return st.none() | out if optional else out


LEAVES = {str: some_text, int: st.integers(0, 10**6), bool: st.booleans(),
          float: st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
          date: st.dates(date(1800, 1, 1), date(2200, 12, 31))}
ANY_EVENT = _strategy(Event)


@st.composite
def events(draw, article_id: str, outlet: str | None) -> Event:
    """Any Event, with the fields the ontology checks (type, mode, contexts) made valid."""
    etype = draw(st.sampled_from(TYPES))
    mode = draw(st.none() | st.sampled_from(sorted(ONTO.types[etype].modes) or [None]))
    e = draw(ANY_EVENT)
    source = dataclasses.replace(e.source, code=draw(st.sampled_from(CODES)))
    target = e.target and dataclasses.replace(e.target, code=draw(st.sampled_from(CODES)))
    amounts = tuple(dataclasses.replace(a, unit=draw(st.sampled_from(UNITS)),
                                        currency=draw(st.sampled_from(CURRENCIES)))
                    for a in e.amounts)
    return dataclasses.replace(
        e, type=etype, mode=mode, contexts=tuple(draw(st.lists(
            st.sampled_from(CONTEXTS), max_size=3, unique=True))),
        quad_class=ONTO.quad_class(etype), score=ONTO.score(etype, mode), source=source,
        target=target, amounts=amounts, article_id=article_id, source_name=outlet)


@st.composite
def coded_articles(draw) -> CodedArticle:
    text = draw(st.text(chars, min_size=1, max_size=200))
    outlet = draw(st.none() | some_text.filter(bool))
    art = Article(text=text, date=draw(st.none() | st.dates()), source=outlet,
                  title=draw(st.none() | some_text), origin=draw(st.none() | some_text))
    evs = draw(st.lists(events(art.id, outlet), max_size=6))
    evs = [_with_id(e, f"{art.id[:8]}{n:08x}") for n, e in enumerate(evs)]
    return CodedArticle(
        article=art,
        events=[e for e in evs if e.flags.is_fact()],
        flagged=[e for e in evs if not e.flags.is_fact()],
        mentions=[e.source for e in evs])


def _with_id(e: Event, ident: str) -> Event:
    d = dict(e.__dict__)
    d["id"] = ident
    return Event(**d)


def _store_one(db: Path, result: CodedArticle):
    from eventcoder.store import EventStore, StoredArticle

    store = EventStore(db)
    sig = np.zeros(128, dtype=np.uint32).tobytes()
    added, n_events = store.write_batch(
        [StoredArticle(result, result.article.id, 1.0, sig, [])], [])
    assert added == 1
    assert n_events == len(result.events) + len(result.flagged)
    return store


def _amount_key(a: Amount) -> tuple:
    return (float(a.value), a.unit, a.currency or None, a.text)


# --- exports round-trip ---------------------------------------------------------------------


@SETTINGS
@given(coded_articles())
def test_every_export_format_round_trips(result: CodedArticle):
    from eventcoder.store.columns import event_from_dict, row_to_event
    from eventcoder.store.export import export, iter_events

    written = result.events + result.flagged
    facts = {e.id: e for e in result.events}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with _store_one(tmp / "events.duckdb", result) as store:
            rebuilt = {e.id: e for e in iter_events(store)}
            # every field of every record, the new ones included, comes back as written
            assert rebuilt == {e.id: e for e in written}

            for fmt in ("jsonl", "plover", "csv", "parquet", "cameo-tsv"):
                for flagged in (False, True):
                    out = tmp / f"out-{flagged}.{fmt}"
                    n = export(store, fmt, out, include_flagged=flagged)
                    want = {e.id: e for e in written} if flagged else facts
                    rows = _read_back(fmt, out)
                    assert n == len(rows) == len(want), fmt
                    assert {r["id"] for r in rows} == set(want), fmt
                    if fmt in ("jsonl", "parquet"):
                        for r in rows:
                            _check_row(fmt, r, want[r["id"]])
                            back = (event_from_dict(r) if fmt == "jsonl" else row_to_event(r))
                            assert back == want[r["id"]], fmt


def _read_back(fmt: str, path: Path) -> list[dict]:
    if fmt == "jsonl":
        with path.open(encoding="utf-8", newline="") as fh:  # iterate on "\n" only
            return [json.loads(line) for line in fh]
    if fmt == "plover":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:-1]]
    return rows


def _check_row(fmt: str, row: dict, e: Event) -> None:
    if fmt == "jsonl":
        assert (row["type"], row["source"]["code"]) == (e.type, e.source.code)
        assert (row["target"] or {}).get("code") == (e.target.code if e.target else None)
        got = [(float(a["value"]), a["unit"], a.get("currency"), a["text"])
               for a in row["amounts"]]
    else:
        assert (row["type"], row["source_code"], row["target_code"]) == e.dyad()
        got = [(float(a["value"]), a["unit"], a.get("currency"), a["text"])
               for a in json.loads(row["amounts"] or "[]")]
    assert got == [_amount_key(a) for a in e.amounts]
    assert all(math.isfinite(v) for v, *_ in got)


# --- the coder ------------------------------------------------------------------------------

long_words = st.builds(lambda c, n: c * n, st.sampled_from("aZ9ـ\u0301x-"),
                       st.integers(100, 6000))
news_like = st.lists(st.sampled_from(SEEDS) | nasty_text | long_words
                     | st.text(chars, max_size=60), min_size=1, max_size=10).map(" ".join)


@SETTINGS
@given(news_like | st.text(chars, max_size=400), st.none() | st.dates())
def test_coder_never_raises_and_offsets_point_into_the_text(coder, text: str, day):
    result = coder.code(Article(text=text, date=day))
    assert isinstance(result.events, list) and isinstance(result.flagged, list)
    assert isinstance(result.mentions, list) and isinstance(result.warnings, list)
    n = len(text)
    for e in result.events + result.flagged:
        ev = e.evidence
        lo, hi = ev.trigger
        assert 0 <= lo < hi <= n
        assert text[lo:hi] == ev.trigger_text
        assert 0 <= ev.sentence_start <= lo
        assert ev.sentence_start + len(ev.sentence) <= n
        for span in (ev.source, ev.target):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= n
        for a in e.amounts:
            assert a.value >= 0


@SETTINGS
@given(news_like | st.text(chars, max_size=400))
def test_normalise_and_gates_on_hostile_text(text: str):
    from eventcoder.language import detect_language
    from eventcoder.normalise import looks_like_text, normalise

    norm = normalise(text)
    assert len(norm.text) == len(text)
    assert isinstance(looks_like_text(text), bool)
    assert isinstance(detect_language(text).english, bool)
    assert isinstance(detect_language(norm.text).english, bool)


# --- ingest of hostile JSON lines -----------------------------------------------------------

GOOD = [
    json.dumps({"text": SEEDS[0], "date": "2024-05-06", "source": "Wire"}).encode(),
    json.dumps({"text": "Talks\u0000 in \u202eRiga\u202c ended.", "id": 7}).encode(),
    json.dumps({"text": SEEDS[1], "date": 1e400, "title": ["x"]}).encode(),  # warnings only
    json.dumps({"text": "وزير الخارجية " + SEEDS[2]}, ensure_ascii=False).encode(),
]
BAD = [
    b"[" * 10_000 + b"]" * 10_000,  # nested 10k deep
    b'{"text": "x", "deep": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    b"[1, 2, 3]", b'"just a string"', b"null", b"42", b"true",  # not objects
    b"1" * 5000,  # int too long to convert
    b'{"text": "x", "id": ' + b"9" * 5000 + b"}",
    b'{"text": 1e999999}', b'{"text": -1E400}', b'{"text": 12345678901234567890123}',
    b'{"text": "ok \xff\xfe bad"}', b"\xc3\x28", b"\xed\xa0\x80",  # invalid UTF-8, surrogate
    b'{"text": ""}', b'{"text": "   "}', b'{"html": 3}',
    b'{"text": null}', b"{broken", b'{"text": "unterminated', b"\x00\x00\x00",
    b'{"title": "no text field"}', b'{"text": ["a"]}', b"NaN", b"\x1b[31m{}",
]


def _ingest_bytes(data: bytes, name: str = "feed.jsonl") -> tuple[object, list[tuple]]:
    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.sources.readers import ReaderOptions
    from eventcoder.store import EventStore

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / name
        f.write_bytes(data)
        db = Path(tmp) / "events.duckdb"
        opts = IngestOptions(reader=ReaderOptions(date=date(2024, 5, 8),
                                                  today=date(2024, 5, 10)), batch_size=8)
        summary = ingest([f], db, opts)
        with EventStore(db, read_only=True) as store:
            failures = store.con.execute(
                "SELECT line, reason FROM failures WHERE severity = 'error' ORDER BY line"
            ).fetchall()
            n_articles = store.counts()["articles"]
        assert n_articles == summary.added
    return summary, failures


@SETTINGS
@given(st.lists(st.sampled_from(GOOD) | st.sampled_from(BAD) | st.just(b"")
                | st.sampled_from([b" ", b"\r", b"\t "]), min_size=1, max_size=12))
def test_ingest_records_every_bad_line(lines: list[bytes]):
    summary, failures = _ingest_bytes(b"\n".join(lines) + b"\n")
    bad = [n + 1 for n, line in enumerate(lines) if line in BAD]
    if not any(line.strip() for line in lines):
        bad = [0]  # nothing but blank lines: the file itself is the one failure
    assert [line for line, _ in failures] == bad
    assert summary.failures == len(bad)
    good = [line for line in lines if line in GOOD]
    assert summary.read == len(good)
    assert summary.added == len(set(good))


@SETTINGS
@given(st.binary(max_size=600) | st.lists(
    st.sampled_from([b"{", b"}", b"\n", b" ", b'"text"', b":", b'"a"', b"[", b"\xff", b"1e9999",
                     b"\xef\xbb\xbf", b'"html"', b"null", b",", b"\r", b'"Talks in Riga."',
                     b"\\u0000", b"\x00", b"\xe2\x80\xae", b"9" * 30]),
    max_size=60).map(b"".join), st.sampled_from(["feed.jsonl", "blob", "page.html", "a.txt"]))
def test_ingest_of_arbitrary_bytes_never_raises(data: bytes, name: str):
    from eventcoder.sources.readers import ReaderOptions, read_inputs

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / name
        f.write_bytes(data)
        items = list(read_inputs([f], ReaderOptions(date=date(2024, 5, 8),
                                                    today=date(2024, 5, 10))))
    assume(len(items) < 50)
    summary, failures = _ingest_bytes(data, name)
    errors = [i for i in items if i.error]
    assert summary.failures == len(errors)
    assert sorted(line for line, _ in failures) == sorted(i.line or 0 for i in errors)
    assert summary.read == len(items) - len(errors)
