"""The API answers what the store holds: every event field, the stored report, true counts."""

from __future__ import annotations

import dataclasses
import warnings
from datetime import date
from html import escape
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = "http://localhost"  # the apps answer only this machine's Host names

from test_record_schema import full_event  # noqa: E402

from eventcoder.records import Article, CodedArticle  # noqa: E402
from eventcoder.store import EventStore, StoredArticle  # noqa: E402
from eventcoder.store.columns import STORE_COLUMNS, row_to_event  # noqa: E402

SIG = np.zeros(128, dtype=np.uint32).tobytes()
TEXT = ("Germany criticised Russia on Monday over the border closures.\n\n"
        "Poland pledged 500 million euros to Ukraine.\n")


def _stored_db(tmp_path: Path) -> tuple[Path, CodedArticle]:
    """One article whose stored events are not what coding its text would give: a report
    that re-coded the text could not show them."""
    art = Article(text=TEXT, id="art1", date=None, source="Stored Wire", title="Stored")
    fact = dataclasses.replace(full_event(), id="fact1", article_id="art1",
                               flags=dataclasses.replace(full_event().flags, negated=False,
                                                         hypothetical=False))
    denied = dataclasses.replace(full_event(), id="denied1", article_id="art1")
    result = CodedArticle(art, events=[fact], flagged=[denied],
                          warnings=["no publication date: events are undated"],
                          provenance={"origin": "Origin Post", "trailer": "Mirrored - X"})
    db = tmp_path / "s.duckdb"
    with EventStore(db) as store:
        store.write_batch([StoredArticle(result, "art1", 1.0, SIG, [])], [])
    return db, result


@pytest.fixture
def stored(tmp_path: Path):
    from eventcoder.api import create_app

    db, result = _stored_db(tmp_path)
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c, result


def test_event_out_is_the_store_columns_the_rule_chain_and_the_outlet_tags():
    from eventcoder.api.models import EventOut

    assert list(EventOut.model_fields) == [c.name for c in STORE_COLUMNS] + [
        "rule_chain", "outlet_labels", "outlet_country", "origin_outlet", "origin_labels"]


def test_every_event_field_reaches_the_api(stored):
    client, result = stored
    for e in [*result.events, *result.flagged]:
        got = client.get(f"/api/events/{e.id}").json()
        assert row_to_event(got) == e
        assert got["rule_chain"] == [e.evidence.rule, *e.evidence.conventions]
        assert got["evidence"]["rule_chain"] == got["rule_chain"]
        assert got["evidence"]["conventions"] == list(e.evidence.conventions)
    listed = client.get("/api/events", params={"include_flagged": True}).json()
    assert listed["total"] == 2
    assert {i["id"]: row_to_event(i) for i in listed["items"]} == {
        e.id: e for e in [*result.events, *result.flagged]}


def test_the_report_shows_the_stored_events_not_a_new_coding(stored):
    client, result = stored
    html = client.get("/api/articles/art1/report").text
    fact, denied = result.events[0], result.flagged[0]
    for e in (fact, denied):
        assert f'data-ev="{e.id}"' in html
        assert escape(" → ".join(e.evidence.rule_chain)) in html
    # coding the text again would find Poland's pledge; the store has no such event
    assert "POL" not in html and "pledged" not in html.split('<section id="events">')[1]
    assert "no publication date: events are undated" in html  # the stored warning
    assert "Origin Post" in html  # the stored provenance
    assert "as stored at ingest" in html


def test_a_stored_article_reads_back_as_the_coders_answer(tmp_path: Path):
    from eventcoder.store.articles import load_coded_article

    db, result = _stored_db(tmp_path)
    with EventStore(db, read_only=True) as store:
        back = load_coded_article(store.con, "art1")
        assert load_coded_article(store.con, "nope") is None
    assert back.article == result.article
    assert (back.events, back.flagged) == (result.events, result.flagged)
    assert (back.warnings, back.provenance) == (result.warnings, result.provenance)


def test_article_answers_carry_the_stored_warnings(stored):
    client, _ = stored
    a = client.get("/api/articles/art1").json()
    assert a["warnings"] == ["no publication date: events are undated"]
    assert a["published"] is None
    assert client.get("/api/articles").json()["items"][0]["warnings"] == a["warnings"]


def test_event_totals_are_counted_not_cut_from_sql(tmp_path: Path):
    """Totals over several articles and filters equal the number of matching events."""
    from eventcoder.analysis import EventQuery, count_events, query_events

    db = tmp_path / "s.duckdb"
    base = full_event()
    items = []
    for n in range(5):
        aid = f"a{n}"
        evs = [dataclasses.replace(base, id=f"{aid}-{k}", article_id=aid,
                                   date=date(2025, 1, 1 + k) if k % 2 else None,
                                   flags=dataclasses.replace(base.flags, negated=k == 2))
               for k in range(n + 1)]
        res = CodedArticle(Article(text=f"text {n}", id=aid),
                           events=[e for e in evs if e.flags.is_fact()],
                           flagged=[e for e in evs if not e.flags.is_fact()])
        items.append(StoredArticle(res, aid, 1.0, SIG, []))
    with EventStore(db) as store:
        store.write_batch(items, [])
        for q in (EventQuery(), EventQuery(include_flagged=True),
                  EventQuery(since="2025-01-02", include_flagged=True),
                  EventQuery(type=base.type, limit=2, offset=3), EventQuery(dedup=True)):
            everything = query_events(store, dataclasses.replace(q, limit=10_000, offset=0))
            assert count_events(store, q) == len(everything), q


def test_undated_events_are_served_by_every_read_endpoint(tmp_path: Path):
    """Events of an undated article (date NULL) must not break any answer."""
    from eventcoder.api import create_app

    base = full_event()
    evs = [dataclasses.replace(
        base, id=f"u{n}", article_id="u", date=None, type=t, mode=None, contexts=(),
        quad_class=q, source=dataclasses.replace(base.source, code=s),
        target=dataclasses.replace(base.target, code=g),
        flags=dataclasses.replace(base.flags, negated=False, hypothetical=False))
        for n, (t, q, s, g) in enumerate([("REJECT", 3, "HUN", "DEU"), ("AID", 2, "DEU", "POL"),
                                          ("ACCUSE", 3, "DEU", "HUN")])]
    db = tmp_path / "s.duckdb"
    with EventStore(db) as store:
        store.write_batch([StoredArticle(CodedArticle(Article(text=TEXT, id="u"), events=evs),
                                         "u", 1.0, SIG, [])], [])
    with TestClient(create_app(db), base_url=LOCAL) as client:
        for url in ("/api/events", "/api/events/u0", "/api/articles", "/api/articles/u",
                    "/api/articles/u/report", "/api/actors", "/api/actors/DEU",
                    "/api/network", "/api/dyad?a=DEU&b=HUN", "/api/alliance/NATO",
                    "/api/commitments", "/api/health", "/api/map", "/api/timeline"):
            r = client.get(url)
            assert r.status_code == 200, (url, r.text[:300])
        assert client.get("/api/events/u0").json()["date"] is None
        # undated events: counted, not drawn
        assert client.get("/api/timeline").json()["undated"] == 3
        assert client.get("/api/timeline").json()["periods"] == []
