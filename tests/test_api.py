"""The JSON API (FastAPI TestClient) over a small database ingested once per module."""

from __future__ import annotations

import asyncio
import json
import re
import time
import warnings
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

fastapi = pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # newer Starlette suggests another httpx package; harmless
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = "http://localhost"  # the apps answer only this machine's Host names

# Our own short articles: alliance members shutting a partner out of talks, a request for
# money, a demand to spend a share of GDP, a second story, and a mirrored copy with a trailer.
SUMMIT = "\n\n".join([
    "Leaders of the alliance gathered in Brussels on Monday for a tense summit.",
    "Hungary, Slovakia and Turkey blocked Ukraine's president from the formal talks, "
    "officials said.",
    "Ukraine asked the European Union for €20 billion to rebuild its power grid.",
    "Mark Rutte urged the members to spend 3% of GDP on defence.",
]) + "\n"
SANCTIONS = "\n\n".join([
    "The United States imposed new sanctions on Russia on Friday.",
    "Russia accused the United States of prolonging the war.",
    "Poland criticised Hungary over its position on Ukraine.",
    "Moscow did not attack Lithuania.",
]) + "\n"
MIRROR = SUMMIT.replace("tense summit", "tense summit of the alliance") + \
    "\nMirrored - Harbour Times\n"
EXTRA = ("Germany pledged 500 million euros in air defence aid to Ukraine on Thursday.\n\n"
         "France and Germany held talks in Paris.\n")


def build_db(root: Path) -> Path:
    """Ingest the three articles into root/events.duckdb and return its path."""
    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.sources.readers import ReaderOptions

    feed = root / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in (
        {"id": "summit", "text": SUMMIT, "date": "2025-06-24", "source": "Harbour Times",
         "title": "Allies bar Kyiv from talks", "url": "https://example.org/summit"},
        {"id": "sanctions", "text": SANCTIONS, "date": "2025-05-16", "source": "Valley Post",
         "title": "New sanctions on Russia"},
        {"id": "mirror", "text": MIRROR, "date": "2025-06-24", "source": "Copy Daily",
         "title": "Allies bar Kyiv"},
    )) + "\n", encoding="utf-8")
    path = root / "events.duckdb"
    summary = ingest([feed], path, IngestOptions(reader=ReaderOptions(
        today=date(2025, 12, 31))))
    assert summary.failures == 0 and summary.events > 0
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db):
    from eventcoder.api import create_app

    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


def ok(client, url: str, **params) -> dict:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, params, r.status_code, r.text)
    return r.json()


def dyads(items) -> set[tuple]:
    return {(e["type"], e["source_code"], e["target_code"]) for e in items}


# ---- events ---------------------------------------------------------------------------------
def test_events_list_and_shape(client):
    data = ok(client, "/api/events")
    assert data["page"] == 1 and data["limit"] == 50 and data["has_more"] is False
    assert data["total"] == len(data["items"]) > 5
    assert {("REJECT", "HUN", "UKR"), ("REJECT", "SVK", "UKR"), ("REJECT", "TUR", "UKR"),
            ("REQUEST", "UKR", "EU"), ("SANCTION", "USA", "RUS"),
            ("ACCUSE", "POL", "HUN")} <= dyads(data["items"])
    # the denied attack is kept out unless asked for
    assert ("ASSAULT", "RUS", "LTU") not in dyads(data["items"])
    e = next(e for e in data["items"] if e["type"] == "REQUEST" and e["source_code"] == "UKR")
    assert e["amounts"][0]["currency"] == "EUR" and e["amounts"][0]["value"] == 20e9
    assert e["outlet"] in ("Harbour Times", "Copy Daily")


def test_events_filters(client):
    src = ok(client, "/api/events", actor="Hungary", role="source")["items"]
    assert src and {e["source_code"] for e in src} == {"HUN"}
    assert ok(client, "/api/events", actor="HUN", role="source")["items"] == src
    tgt = ok(client, "/api/events", actor="HUN", role="target")["items"]
    assert dyads(tgt) == {("ACCUSE", "POL", "HUN")}
    rej = ok(client, "/api/events", type="reject")["items"]
    assert rej and {e["type"] for e in rej} == {"REJECT"}
    assert {e["mode"] for e in ok(client, "/api/events", type="REQUEST", mode="change")["items"]
            } == {"change"}
    may = ok(client, "/api/events", since="2025-05-01", until="2025-05-31")["items"]
    assert may and all("2025-05-01" <= e["date"] <= "2025-05-31" for e in may)
    assert ok(client, "/api/events", outlet="valley post")["total"] == len(may)
    flagged = ok(client, "/api/events", include_flagged="true", actor="RUS")["items"]
    denied = [e for e in flagged if e["negated"]]
    assert dyads(denied) == {("ASSAULT", "RUS", "LTU")}
    # dedup: the mirror's copies of the summit events count once
    every = ok(client, "/api/events", type="REJECT")["total"]
    once = ok(client, "/api/events", type="REJECT", dedup="true")["total"]
    assert every == 6 and once == 3
    assert ok(client, "/api/events", context="diplomatic")["total"] >= 1


def test_events_pagination(client):
    everything = ok(client, "/api/events", limit=500)["items"]
    seen = []
    page = 1
    while True:
        data = ok(client, "/api/events", limit=4, page=page)
        assert len(data["items"]) <= 4 and data["total"] == len(everything)
        seen += [e["id"] for e in data["items"]]
        if not data["has_more"]:
            break
        page += 1
    assert page > 1 and seen == [e["id"] for e in everything]
    beyond = ok(client, "/api/events", limit=4, page=999)
    assert beyond["items"] == [] and beyond["has_more"] is False


def test_event_detail_with_evidence(client):
    e = ok(client, "/api/events", actor="SVK", role="source", type="REJECT")["items"][0]
    d = ok(client, f"/api/events/{e['id']}")
    ev = d["evidence"]
    assert ev["trigger"]["text"] == "blocked"
    assert ev["source"]["text"] == "Slovakia"
    assert ev["target"]["text"] == "Ukraine's president"
    assert ev["sentence"].startswith("Hungary, Slovakia and Turkey blocked")
    assert "".join(s["text"] for s in ev["segments"]) == ev["sentence"]
    marked = {s["text"]: s["roles"] for s in ev["segments"] if s["roles"]}
    assert marked == {"Slovakia": ["source"], "blocked": ["trigger"],
                      "Ukraine's president": ["target"]}
    assert d["article"]["id"] == d["article_id"] and d["article"]["title"]
    snip = d["snippet"]
    assert snip["before"] + ev["sentence"] + snip["after"] == snip["text"]
    assert "Leaders of the alliance" in snip["text"]


def test_event_unknown_id_404(client):
    r = client.get("/api/events/does-not-exist")
    assert r.status_code == 404 and "does-not-exist" in r.json()["detail"]


# ---- articles -------------------------------------------------------------------------------
def test_articles_list_and_pagination(client):
    data = ok(client, "/api/articles")
    assert data["total"] == 3 and {a["id"] for a in data["items"]} == {
        "summit", "sanctions", "mirror"}
    assert "text" not in data["items"][0]
    mirror = next(a for a in data["items"] if a["id"] == "mirror")
    assert mirror["mirrored_from"] == "Harbour Times" and mirror["cluster_id"] == "summit"
    p1, p2 = ok(client, "/api/articles", limit=2), ok(client, "/api/articles", limit=2, page=2)
    assert p1["has_more"] and not p2["has_more"]
    assert len({a["id"] for a in p1["items"] + p2["items"]}) == 3
    assert ok(client, "/api/articles", outlet="Valley Post")["total"] == 1


def test_article_detail_marks_every_event(client):
    a = ok(client, "/api/articles/sanctions")
    assert a["text"] == SANCTIONS and a["outlet"] == "Valley Post"
    assert "".join(s["text"] for s in a["segments"]) == a["text"]
    ids = {e["id"] for e in a["events"]}
    marked = {i for s in a["segments"] for i in s["events"]}
    assert marked == ids
    assert any(e["negated"] for e in a["events"])  # flagged events are listed, and marked
    assert any(s["flagged"] for s in a["segments"])
    assert a["report_url"] == "/api/articles/sanctions/report"
    assert client.get("/api/articles/nope").status_code == 404


def test_article_report(client):
    r = client.get("/api/articles/summit/report")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<!DOCTYPE html>" in r.text and "Allies bar Kyiv from talks" in r.text
    assert "blocked" in r.text and "Harbour Times" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert not re.search(r"""(src|href)=["']https?://""", r.text)  # nothing fetched
    assert client.get("/api/articles/nope/report").status_code == 404


# ---- actors, network, dyad, alliance, commitments --------------------------------------------
def test_actors(client):
    data = ok(client, "/api/actors")
    by_code = {a["code"]: a for a in data["items"]}
    assert {"HUN", "UKR", "USA", "RUS", "SVK", "TUR", "POL", "EU"} <= set(by_code)
    assert by_code["HUN"]["as_source"] == 2 and by_code["HUN"]["as_target"] == 1
    assert by_code["HUN"]["kind"] == "state" and by_code["EU"]["kind"] == "igo"
    assert by_code["UKR"]["mentions"] >= by_code["HUN"]["mentions"] > 0
    found = ok(client, "/api/actors", q="slovak")["items"]
    assert [a["code"] for a in found] == ["SVK"]
    one = ok(client, "/api/actors", limit=1)
    assert len(one["items"]) == 1 and one["has_more"]
    hun = ok(client, "/api/actors/Hungary")
    assert hun["code"] == "HUN"
    assert {"type": "REJECT", "as_source": 2, "as_target": 0} in hun["by_type"]
    assert client.get("/api/actors/Narnia").status_code == 404


def test_network(client):
    net = ok(client, "/api/network")
    nodes = {n["id"] for n in net["nodes"]}
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert {"HUN", "UKR", "USA", "RUS"} <= nodes
    assert edges[("HUN", "UKR")]["weight"] == 1  # the mirror counts once
    assert edges[("USA", "RUS")]["conflict"] == 1
    assert "NATO" in next(n for n in net["nodes"] if n["id"] == "HUN")["alliances"]
    only = ok(client, "/api/network", type="ACCUSE")
    assert {(e["source"], e["target"]) for e in only["edges"]} == {("RUS", "USA"),
                                                                    ("POL", "HUN")}
    assert ok(client, "/api/network", since="2025-06-01")["edges"]
    assert client.get("/api/network", params={"type": "NOPE"}).status_code == 400


def test_dyad(client):
    d = ok(client, "/api/dyad", a="USA", b="RUS", freq="week")
    assert d["a_code"] == "USA" and d["b_code"] == "RUS" and d["both_directions"]
    assert sum(r["events"] for r in d["rows"]) == 2
    row = d["rows"][0]
    assert row["period"] == "2025-05-12" and row["material_conflict"] == 1
    one_way = ok(client, "/api/dyad", a="USA", b="RUS", one_way="true")
    assert sum(r["events"] for r in one_way["rows"]) == 1
    assert ok(client, "/api/dyad", a="Hungary", b="Ukraine", freq="month")["rows"]
    assert client.get("/api/dyad", params={"a": "USA", "b": "RUS", "freq": "hour"}
                      ).status_code == 422
    assert client.get("/api/dyad", params={"a": "USA"}).status_code == 422


def test_alliance(client):
    r = ok(client, "/api/alliance/NATO")
    assert r["alliance"] == "NATO" and any(m["code"] == "HUN" for m in r["members"])
    blocks = {(b["source"], b["target"], b["type"], b["relation"]) for b in r["blockers"]}
    # barring Ukraine is not a quarrel inside the alliance; Poland criticising Hungary is
    assert blocks == {("POL", "HUN", "ACCUSE", "member → member")}
    assert r["intra_conflictual"] >= 1
    assert r["periods"] and all(0 <= p["dissent_share"] <= 1 for p in r["periods"])
    assert ok(client, "/api/alliance/nato", freq="quarter")["alliance"] == "NATO"
    assert client.get("/api/alliance/NOPE").status_code == 404


def test_commitments(client):
    r = ok(client, "/api/commitments")
    kinds = {(c["kind"], c["source"], c["text"]) for c in r["rows"]}
    assert ("requested", "UKR", "€20 billion") in kinds
    assert ("demanded", "NATO", "3% of GDP") in kinds
    assert {"kind": "requested", "currency": "EUR", "total": 20e9} in r["money"]
    assert [g["value"] for g in r["gdp_shares"]] == [3.0]
    assert ok(client, "/api/commitments", actor="UKR", role="source")["rows"]
    assert ok(client, "/api/commitments", actor="HUN")["rows"] == []


# ---- bad input: clear 4xx, never a 500 -------------------------------------------------------
@pytest.mark.parametrize(("url", "params", "status", "words"), [
    ("/api/events", {"actor": "Narnia"}, 400, "unknown actor"),
    ("/api/events", {"since": "2025-13-45"}, 400, "YYYY-MM-DD"),
    ("/api/events", {"until": "yesterday"}, 400, "YYYY-MM-DD"),
    ("/api/events", {"since": "2025-07-01", "until": "2025-06-01"}, 400, "after"),
    ("/api/events", {"limit": 10_000}, 422, "limit"),
    ("/api/events", {"limit": 0}, 422, "limit"),
    ("/api/events", {"page": 0}, 422, "page"),
    ("/api/events", {"page": "two"}, 422, "page"),
    ("/api/events", {"type": "PARTY"}, 400, "unknown PLOVER type"),
    ("/api/events", {"type": "REJECT", "mode": "dance"}, 400, "unknown mode"),
    ("/api/events", {"context": "cooking"}, 400, "context"),
    ("/api/events", {"role": "bystander"}, 422, "role"),
    ("/api/events", {"actor": "x" * 5000}, 422, "actor"),
    ("/api/articles", {"limit": 10_000}, 422, "limit"),
    ("/api/actors", {"limit": 501}, 422, "limit"),
    ("/api/dyad", {"a": "USA", "b": "Atlantis"}, 400, "unknown actor"),
    ("/api/dyad", {"a": "USA", "b": "RUS", "since": "2025-02-30"}, 400, "YYYY-MM-DD"),
    ("/api/network", {"since": "2025-06-30", "until": "2025-06-01"}, 400, "after"),
    ("/api/alliance/NATO", {"until": "31/12/2025"}, 400, "YYYY-MM-DD"),
    ("/api/commitments", {"actor": "Narnia"}, 400, "unknown actor"),
    ("/api/commitments", {"since": "2025-09-01", "until": "2025-01-01"}, 400, "after"),
])
def test_bad_input_is_a_clear_4xx(client, url, params, status, words):
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and words.lower() in detail.lower()


@pytest.mark.parametrize("value", [
    "HUN' OR 1=1 --", "HUN\" OR \"1\"=\"1", "'; DROP TABLE events; --", "HUN); DELETE FROM events",
    "%", "_", "*", "../../etc/passwd", "\x00", "HUN' UNION SELECT * FROM articles --",
])
def test_injection_attempts_are_refused_or_empty(client, value):
    for url, key in (("/api/events", "actor"), ("/api/events", "outlet"),
                     ("/api/events", "type"), ("/api/articles", "outlet"),
                     ("/api/actors", "q"), ("/api/commitments", "actor")):
        r = client.get(url, params={key: value})
        assert r.status_code < 500, (url, key, value, r.text)
        if r.status_code == 200:
            body = r.json()
            assert body.get("items", body.get("rows")) == [], (url, key, value)
    part = quote(value, safe="")
    for url in (f"/api/events/{part}", f"/api/articles/{part}", f"/api/actors/{part}"):
        assert client.get(url).status_code in (404, 422), url
    assert ok(client, "/api/events")["total"] > 0  # nothing was dropped


def test_static_files_and_traversal(client):
    index = client.get("/")
    assert index.status_code == 200 and "text/html" in index.headers["content-type"]
    assert '<script src="/static/app.js"' in index.text
    assert "default-src 'self'" in index.headers["content-security-policy"]
    for name, kind in (("app.js", "javascript"), ("style.css", "text/css")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    # nothing in the UI is loaded from elsewhere
    for name in ("index.html", "app.js", "style.css"):
        text = client.get(f"/static/{name}").text
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), name
    for path in ("/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                 "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e%2f%2e%2e%2fetc/passwd",
                 "/static//etc/passwd", "/static/../app.py", "/static/%2e%2e/app.py"):
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert "root:" not in r.text and "create_app" not in r.text


def test_openapi_and_docs(client):
    spec = ok(client, "/openapi.json")
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/articles",
            "/api/articles/{article_id}", "/api/articles/{article_id}/report", "/api/actors",
            "/api/network", "/api/dyad", "/api/alliance/{code}", "/api/commitments",
            "/api/ingest"} <= paths
    limit = next(p for p in spec["paths"]["/api/events"]["get"]["parameters"]
                 if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 500
    assert client.get("/docs").status_code == 200
    assert ok(client, "/api/health")["events"] > 0


# ---- many reads at once; the shared read connection ----------------------------------------
READ_URLS = ["/api/health", "/api/events", "/api/events?actor=HUN", "/api/articles",
             "/api/articles/summit", "/api/actors", "/api/actors/HUN", "/api/network",
             "/api/dyad?a=USA&b=RUS", "/api/alliance/NATO", "/api/commitments"]


async def _gather(app, requests: list[tuple[str, str, dict]]) -> list:
    """Send the requests all at once through the ASGI app (sync routes run on its threads)."""
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=LOCAL) as c:
        return await asyncio.gather(*(c.request(m, u, **kw) for m, u, kw in requests))


def test_concurrent_reads_get_the_sequential_answers(db):
    from eventcoder.api import create_app

    app = create_app(db, cache_bytes=0)  # every read goes to the store
    with TestClient(app, base_url=LOCAL) as c:
        first = {u: c.get(u) for u in READ_URLS}
    assert {u: r.status_code for u, r in first.items()} == dict.fromkeys(READ_URLS, 200)
    expected = {u: r.json() for u, r in first.items()}
    answers = asyncio.run(_gather(app, [("GET", u, {}) for u in READ_URLS * 15]))
    assert [r.status_code for r in answers] == [200] * len(answers)
    for u, r in zip(READ_URLS * 15, answers, strict=True):
        assert r.json() == expected[u], u
    assert app.state.db.is_open  # one connection served them all, each read with a cursor


def test_the_shared_connection_closes_when_idle_and_sees_new_data(tmp_path):
    import duckdb

    from eventcoder.store.shared import SharedStore

    path = build_db(tmp_path)
    database = SharedStore(path, idle_seconds=0.2)
    with database.read() as r:
        assert r.counts()["articles"] == 3
    assert database.is_open
    # while it is open, nothing in this process may open the file for writing
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(path))
    deadline = time.monotonic() + 10
    while database.is_open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not database.is_open
    con = duckdb.connect(str(path))  # e.g. `eventcoder ingest` while the server idles
    con.execute("CREATE TABLE probe AS SELECT 42 AS x")
    con.close()
    with database.read() as r:
        assert r.con.execute("SELECT x FROM probe").fetchone()[0] == 42


def test_an_ingest_among_concurrent_reads(tmp_path):
    from eventcoder.api import create_app

    app = create_app(build_db(tmp_path), ingest_token="s3cret-token")
    body = [{"text": EXTRA, "date": "2025-06-26", "source": "Api Wire"}]
    reads = [("GET", u, {}) for u in READ_URLS * 3]
    post = ("POST", "/api/ingest", {"json": body,
                                    "headers": {"Authorization": "Bearer s3cret-token"}})
    answers = asyncio.run(_gather(app, reads[:16] + [post] + reads[16:]))
    assert [r.status_code for r in answers] == [200] * len(answers), [
        (r.request.url.path, r.status_code, r.text[:200]) for r in answers if r.status_code != 200]
    assert answers[16].json()["added"] == 1
    # the ingest closed the shared connection; reads reopen it
    with TestClient(app, base_url=LOCAL) as c:
        assert ok(c, "/api/articles")["total"] == 4
        assert ok(c, "/api/articles", outlet="Api Wire")["total"] == 1
    assert not app.state.db.is_open  # closed when the app stopped


# ---- ingest ---------------------------------------------------------------------------------
def test_ingest_disabled_without_a_configured_token(client):
    r = client.post("/api/ingest", json=[{"text": EXTRA}],
                    headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "ingest disabled" in r.json()["detail"]


@pytest.fixture()
def writable(tmp_path):
    from eventcoder.api import create_app

    path = build_db(tmp_path)
    with TestClient(create_app(path, ingest_token="s3cret-token"), base_url=LOCAL) as c:
        yield c


def test_ingest_needs_the_token(writable):
    body = [{"text": EXTRA, "date": "2025-06-26", "source": "Api Wire"}]
    assert writable.post("/api/ingest", json=body).status_code == 401
    for header in ("Bearer wrong", "s3cret-token", "Basic s3cret-token", "Bearer ",
                   "Bearer s3cret-token-and-more"):
        r = writable.post("/api/ingest", json=body, headers={"Authorization": header})
        assert r.status_code == 401, header
        assert r.headers.get("www-authenticate") == "Bearer"
    assert ok(writable, "/api/articles")["total"] == 3


def test_ingest_with_the_token_adds_events(writable):
    before = ok(writable, "/api/events")["total"]
    auth = {"Authorization": "Bearer s3cret-token"}
    body = [{"text": EXTRA, "date": "2025-06-26", "source": "Api Wire", "title": "Aid pledge",
             "url": "https://example.org/aid"},
            {"html": "<html><head><title>Talks</title></head><body><article><p>Japan and "
                     "India signed a trade agreement in Tokyo on Wednesday.</p></article>"
                     "</body></html>", "date": "2025-06-26", "source": "Html Wire"}]
    r = writable.post("/api/ingest", json=body, headers=auth)
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["read"] == 2 and s["added"] >= 1 and s["events"] > 0 and s["run_id"]
    after = ok(writable, "/api/events")
    assert after["total"] > before
    assert any(e["source_code"] == "DEU" and e["outlet"] == "Api Wire"
               for e in after["items"])
    assert ok(writable, "/api/articles", outlet="Api Wire")["total"] == 1
    # the same articles again: nothing new
    again = writable.post("/api/ingest", json=body, headers=auth).json()
    assert again["added"] == 0 and again["already_stored"] == 2
    assert ok(writable, "/api/events")["total"] == after["total"]


@pytest.mark.parametrize("body", [
    [{"url": "https://example.org/no-text"}],
    [{"text": "   "}],
    [{"text": EXTRA, "date": "26/06/2025"}],
    [{"text": EXTRA, "colour": "blue"}],
    [],
    {"text": EXTRA},
    "just a string",
])
def test_ingest_bad_bodies(writable, body):
    r = writable.post("/api/ingest", json=body,
                      headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 422, r.text
    assert isinstance(r.json()["detail"], str)


def test_create_app_needs_a_database(tmp_path):
    from eventcoder.api import create_app
    from eventcoder.errors import InputError

    with pytest.raises(InputError, match="no such database"):
        create_app(tmp_path / "missing.duckdb")


def test_serve_command_refuses_a_missing_database(tmp_path):
    from typer.testing import CliRunner

    from eventcoder.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2
    assert "no such database" in result.output
