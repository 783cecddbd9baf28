"""The JSON API under attack: SQL in every parameter, path traversal in every spelling, ingest
without (or with a wrong) token, oversized bodies, markup in stored text.

Each attempt must get a definite status code, and the store must be exactly as it was after it
(the tables and their row counts). tests/test_api.py has the first-line checks; these go wider.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOCAL = "http://localhost"  # the apps answer only this machine's Host names

from test_api import EXTRA, build_db  # noqa: E402

TOKEN = "t0ken-for-attack-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def snapshot(client: TestClient) -> dict[str, int]:
    """Every table of the store and its row count, read through the app's own connection."""
    with client.app.state.db.read() as store:
        tables = [r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {t: store.con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in tables}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    from eventcoder.api import create_app

    app = create_app(build_db(tmp_path_factory.mktemp("attacks")))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory):
    from eventcoder.api import create_app

    with TestClient(create_app(build_db(tmp_path_factory.mktemp("attacks-rw")),
                               ingest_token=TOKEN), base_url=LOCAL) as c:
        yield c


# ---- SQL and query injection ----------------------------------------------------------------
PAYLOADS = [
    "' OR '1'='1",
    "HUN' OR 1=1 --",
    "1; DROP TABLE events; --",
    "x'); DELETE FROM articles; --",
    "' UNION SELECT id, text, NULL FROM articles --",
    "%' OR actor LIKE '%",
    "'; ATTACH '/tmp/eventcoder-attack.db' AS x; --",
    "'; INSTALL httpfs; LOAD httpfs; --",
    "'; SET memory_limit='1KB'; --",
    "' || (SELECT string_agg(text, '') FROM articles) || '",
    "\\'; CHECKPOINT; --",
    "' OR 1=1 /*",
    "\x00' OR 1=1",
    "{{7*7}}${7*7}$(id)",
]
# (url, parameter, its length limit, the status every payload within it must get, and for a
# 200 the key that must be empty); a payload over the limit gets 422
PARAMETERS = [
    ("/api/events", "actor", 200, 400, None),
    ("/api/events", "type", 40, 400, None),
    ("/api/events", "since", 40, 400, None),
    ("/api/events", "until", 40, 400, None),
    ("/api/events", "outlet", 300, 200, "items"),
    ("/api/articles", "outlet", 300, 200, "items"),
    ("/api/actors", "q", 200, 200, "items"),
    ("/api/network", "since", 40, 400, None),
    ("/api/network", "type", 10**6, 400, None),
    ("/api/dyad", "a", 200, 400, None),
    ("/api/alliance/NATO", "until", 40, 400, None),
    ("/api/commitments", "actor", 200, 400, None),
    ("/api/commitments", "since", 40, 400, None),
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sql_in_query_parameters_changes_nothing(client: TestClient, payload: str) -> None:
    before = snapshot(client)
    for url, key, limit, status, empty in PARAMETERS:
        params = {key: payload}
        if url == "/api/dyad":
            params["b"] = "RUS"
        r = client.get(url, params=params)
        expected = 422 if len(payload) > limit else status
        assert r.status_code == expected, (url, key, payload, r.status_code, r.text)
        body = r.json()
        if expected == 200:
            assert body[empty] == [] and body["total"] == 0, (url, key, payload)
        else:
            assert isinstance(body["detail"], str) and body["detail"]
    # the same payloads as the mode and context of a real type: unknown, a 400
    for key in ("mode", "context"):
        r = client.get("/api/events", params={"type": "REJECT", key: payload})
        assert r.status_code == (422 if len(payload) > 40 else 400), (key, payload, r.text)
    assert snapshot(client) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sql_in_path_parameters_changes_nothing(client: TestClient, payload: str) -> None:
    before = snapshot(client)
    part = quote(payload, safe="")
    for url, limit in ((f"/api/events/{part}", 200), (f"/api/articles/{part}", 200),
                       (f"/api/articles/{part}/report", 200), (f"/api/actors/{part}", 200),
                       (f"/api/alliance/{part}", 40)):
        r = client.get(url)
        # a '/' (sent as %2F) splits the path: no route, 404 before any length check
        too_long = len(payload) > limit and "/" not in payload
        assert r.status_code == (422 if too_long else 404), (url, r.text)
        assert "root:" not in r.text
    assert snapshot(client) == before


def test_no_statement_smuggled_into_the_filesystem(client: TestClient, tmp_path: Path) -> None:
    leak = tmp_path / "leak.csv"
    other = tmp_path / "other.duckdb"
    for payload in (f"'); COPY events TO '{leak}'; --", f"'; ATTACH '{other}' AS o; --",
                    f"' UNION SELECT * FROM read_csv('{Path('/etc/passwd')}') --"):
        for url, key in (("/api/events", "outlet"), ("/api/actors", "q"),
                         ("/api/articles", "outlet")):
            r = client.get(url, params={key: payload})
            assert r.status_code == 200 and r.json()["items"] == [], (url, payload)
            assert "root:" not in r.text
    assert not leak.exists() and not other.exists()


def test_numeric_parameters_refuse_sql(client: TestClient) -> None:
    for url in ("/api/events", "/api/articles", "/api/actors"):
        for key in ("limit", "page"):
            for value in ("10; DROP TABLE events", "1 OR 1=1", "-1", "1e9", "0x10", ""):
                r = client.get(url, params={key: value})
                assert r.status_code == 422, (url, key, value, r.status_code)
    r = client.get("/api/network", params={"min_events": "1; DROP TABLE events"})
    assert r.status_code == 422


def test_a_parameter_repeated_past_its_limit_is_refused(client: TestClient) -> None:
    r = client.get("/api/network", params=[("type", "ACCUSE")] * 21)
    assert r.status_code == 422 and "type" in r.json()["detail"]
    assert client.get("/api/network", params=[("type", "ACCUSE")] * 20).status_code == 200


# ---- path traversal -------------------------------------------------------------------------
def raw_get(app: Any, raw_path: str) -> tuple[int, bytes]:
    """GET a path exactly as written (no client-side clean-up of '..' or '//'), as uvicorn
    would hand it over: `path` percent-decoded, `raw_path` as sent."""

    async def run() -> tuple[int, bytes]:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "GET", "scheme": "http", "root_path": "", "query_string": b"",
                 "path": unquote(raw_path), "raw_path": raw_path.encode("ascii"),
                 "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 5000),
                 "server": ("testserver", 80)}
        status, body = 0, b""
        sent, done = False, asyncio.Event()

        async def receive() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()  # then the client goes away, as a real one would
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            nonlocal status, body
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body += message.get("body", b"")
                if not message.get("more_body"):
                    done.set()

        await app(scope, receive, send)
        return status, body

    return asyncio.run(run())


TRAVERSALS = [
    "/static/../app.py", "/static/../../../../etc/passwd", "/static/./../app.py",
    "/static/%2e%2e/app.py", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2fapp.py", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/.%2e/app.py",
    "/static/%252e%252e/%252e%252e/etc/passwd",  # double-encoded
    "/static/..%5capp.py", "/static/..%5c..%5c..%5cetc%5cpasswd",  # backslashes
    "/static/%c0%ae%c0%ae/app.py",  # overlong UTF-8 dots
    "/static/..;/app.py", "/static/....//....//etc/passwd",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/%2F%2Fetc%2Fpasswd",
    "/static/app.js%00.css", "/static/%00", "/static/%00/../app.py",
    "/static/index.html/../../app.py",
    "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_static_traversal_in_every_spelling(client: TestClient, path: str) -> None:
    status, body = raw_get(client.app, path)
    assert status == 404, (path, status)
    assert b"root:" not in body and b"create_app" not in body and b"import" not in body


API_TRAVERSALS = [
    ("/api/articles/..%2f..%2fetc%2fpasswd", 404), ("/api/articles/%2e%2e", 404),
    ("/api/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd/report", 404),
    ("/api/articles/..%5c..%5capp.py", 404), ("/api/articles/%00", 404),
    ("/api/articles/summit%00", 404), ("/api/articles/summit%00/report", 404),
    ("/api/events/..%2f..%2fapi%2fhealth", 404), ("/api/events/%2fetc%2fpasswd", 404),
    ("/api/actors/%2e%2e", 404), ("/api/actors/..%2f..%2fetc%2fpasswd", 404),
    ("/api/alliance/..%2fNATO", 404), ("/api/alliance/NATO%00", 404),
    ("/api/articles/" + "%2e%2e%2f" * 80 + "etc%2fpasswd", 404),
    ("/api/articles/" + "a" * 201, 422),
]


@pytest.mark.parametrize(("path", "status"), API_TRAVERSALS)
def test_api_ids_are_never_paths(client: TestClient, path: str, status: int) -> None:
    got, body = raw_get(client.app, path)
    assert got == status, (path, got, body[:200])
    assert b"root:" not in body
    assert isinstance(json.loads(body)["detail"], str | list)
    assert client.get(path).status_code == status  # and through a normal client


def test_the_summit_article_is_still_reachable(client: TestClient) -> None:
    """The traversal answers are 404 because of the attack, not because nothing answers."""
    assert raw_get(client.app, "/api/articles/summit")[0] == 200
    assert raw_get(client.app, "/static/app.js")[0] == 200


# ---- ingest: disabled, without or with a wrong token, oversized -----------------------------
def test_ingest_disabled_refuses_everything_before_reading_the_body(client: TestClient
                                                                    ) -> None:
    before = snapshot(client)
    article = [{"text": EXTRA, "date": "2025-06-26"}]
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer anything"},
                    AUTH, {"Authorization": "Basic dXNlcjpwYXNz"}):
        r = client.post("/api/ingest", json=article, headers=headers)
        assert r.status_code == 403 and "ingest disabled" in r.json()["detail"], headers
        assert r.headers["x-content-type-options"] == "nosniff"
    # not JSON, not a list, enormous: still 403, the body is never parsed
    for content in (b"{not json", b'"just a string"', b"[" + b'{"text": "x"},' * 50_000 + b"{}]"):
        r = client.post("/api/ingest", content=content,
                        headers={"Content-Type": "application/json"})
        assert r.status_code == 403, r.text
    assert snapshot(client) == before


def test_ingest_disabled_by_an_empty_token_and_not_read_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.api import create_app

    monkeypatch.setenv("EVENTCODER_INGEST_TOKEN", TOKEN)
    path = build_db(tmp_path)
    for app in (create_app(path), create_app(path, ingest_token="")):
        with TestClient(app, base_url=LOCAL) as c:
            r = c.post("/api/ingest", json=[{"text": EXTRA}], headers=AUTH)
            assert r.status_code == 403
            assert c.get("/api/health").json()["ingest_enabled"] is False


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": TOKEN},
    {"Authorization": f"Token {TOKEN}"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN.upper()}"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer x{TOKEN}"},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer ' OR '1'='1"},
    {"Authorization": f"Bearer {TOKEN} {TOKEN}"},
    {"X-Ingest-Token": TOKEN},
    {"Cookie": f"token={TOKEN}"},
    {"X-HTTP-Method-Override": "POST", "X-Forwarded-User": "admin"},
])
def test_ingest_with_a_wrong_token_changes_nothing(writable: TestClient,
                                                  headers: dict[str, str]) -> None:
    before = snapshot(writable)
    r = writable.post("/api/ingest", json=[{"text": EXTRA, "date": "2025-06-26"}],
                      headers=headers)
    assert r.status_code == 401, (headers, r.status_code, r.text)
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["detail"] == "missing or wrong bearer token"
    # the token in the query string is not a token either
    r = writable.post(f"/api/ingest?token={TOKEN}&access_token={TOKEN}",
                      json=[{"text": EXTRA}], headers=headers)
    assert r.status_code == 401
    # nor is a wrong token with a broken body a way to learn about validation
    r = writable.post("/api/ingest", content=b"{not json", headers={
        **headers, "Content-Type": "application/json"})
    assert r.status_code == 401
    assert snapshot(writable) == before


def test_ingest_refuses_oversized_bodies(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.api import app as appmod
    from eventcoder.api import create_app

    monkeypatch.setattr(appmod, "MAX_INGEST_BYTES", 20_000)
    with TestClient(create_app(build_db(tmp_path), ingest_token=TOKEN), base_url=LOCAL) as c:
        before = snapshot(c)
        big = json.dumps([{"text": "Germany pledged aid to Ukraine. " * 1000}]).encode()
        assert len(big) > 20_000
        # announced by Content-Length
        r = c.post("/api/ingest", content=big, headers={
            **AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413 and "20000 bytes" in r.json()["detail"]
        # streamed without a length: cut off as it arrives
        chunks = (big[i:i + 4096] for i in range(0, len(big), 4096))
        r = c.post("/api/ingest", content=chunks, headers={
            **AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413, r.text
        # a bogus length
        r = c.post("/api/ingest", content=b"[]", headers={
            **AUTH, "Content-Type": "application/json", "Content-Length": "-5"})
        assert r.status_code in (400, 413)
        assert snapshot(c) == before
        # under the limit it still works
        r = c.post("/api/ingest", json=[{"text": EXTRA, "date": "2025-06-26"}], headers=AUTH)
        assert r.status_code == 200 and r.json()["added"] == 1


def test_ingested_fields_are_data_not_sql(writable: TestClient) -> None:
    before = snapshot(writable)
    evil_id = "x'); DROP TABLE events; DELETE FROM articles; --"
    body = [{"id": evil_id, "text": EXTRA, "date": "2025-06-27",
             "source": "'; UPDATE articles SET title = 'pwned'; --",
             "title": "Robert'); DROP TABLE actors;--",
             "url": "https://example.org/?q=' OR '1'='1"}]
    r = writable.post("/api/ingest", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    after = snapshot(writable)
    assert set(after) == set(before)  # no table dropped or added
    assert after["articles"] == before["articles"] + 1
    assert after["events"] > before["events"]
    stored = writable.get(f"/api/articles/{quote(evil_id, safe='')}")
    assert stored.status_code == 200
    art = stored.json()
    assert art["id"] == evil_id and art["title"] == "Robert'); DROP TABLE actors;--"
    titles = {a["title"] for a in writable.get("/api/articles", params={"limit": 500}
                                               ).json()["items"]}
    assert "pwned" not in titles


def test_markup_in_stored_articles_comes_back_escaped(writable: TestClient) -> None:
    script = '<script>alert("x")</script>'
    img = "<img src=x onerror=alert(1)>"
    text = (f"France condemned Russia on Monday over the attack. {script}\n\n"
            f"Germany pledged 500 million euros to Ukraine. {img}\n")
    r = writable.post("/api/ingest", headers=AUTH, json=[{
        "id": "markup", "text": text, "date": "2025-06-28", "title": f"Title {script}",
        "source": f"Outlet {img}"}])
    assert r.status_code == 200, r.text
    # JSON: the markup is a string value, sent as JSON the browser must not sniff
    a = writable.get("/api/articles/markup")
    assert a.headers["content-type"].startswith("application/json")
    assert a.headers["x-content-type-options"] == "nosniff"
    assert a.json()["title"] == f"Title {script}"
    # the HTML report: escaped, and a CSP that would block inline handlers from elsewhere
    report = writable.get("/api/articles/markup/report")
    assert report.status_code == 200
    assert script not in report.text and img not in report.text
    assert "&lt;script&gt;" in report.text and "&lt;img src=x onerror=alert(1)&gt;" in report.text
    assert "default-src 'none'" in report.headers["content-security-policy"]
