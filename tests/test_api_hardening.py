"""The API holds against cheap abuse: the report never codes again and renders at most
REPORT_RENDERS at once, answers are kept until the database changes, the Host header must name
this server, and `serve` keeps the ingest token off the command line."""

from __future__ import annotations

import asyncio
import os
import threading
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_api import EXTRA, build_db  # noqa: E402

LOCAL = "http://localhost"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("hardening"))


async def _gather(app, urls: list[str], base: str = LOCAL) -> list:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=base, timeout=60) as c:
        return await asyncio.gather(*(c.get(u) for u in urls))


# ---- 12: the report renders what is stored, a bounded number at a time ----------------------
def test_the_report_never_runs_the_coder(db, monkeypatch):
    from eventcoder import coder
    from eventcoder.api import create_app

    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the report page coded the article again")

    monkeypatch.setattr(coder.Coder, "__init__", refuse)
    monkeypatch.setattr(coder.Coder, "code_many", refuse)
    monkeypatch.setattr(coder, "code_batch", refuse)
    with TestClient(create_app(db, cache_bytes=0), base_url=LOCAL) as c:
        for _ in range(3):
            r = c.get("/api/articles/summit/report")
            assert r.status_code == 200 and "<html" in r.text.lower()
            assert "as stored at ingest" in r.text
    assert calls == []


def test_reports_render_at_most_two_at_once_and_health_still_answers(db, monkeypatch):
    from eventcoder.api import create_app, routes_events
    from eventcoder.report import page

    running, most, lock = 0, 0, threading.Lock()
    release = threading.Event()
    real = page.build_report

    def slow_report(*args, **kwargs):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            release.wait(timeout=30)
            return real(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr("eventcoder.report.build_report", slow_report)
    app = create_app(db, cache_bytes=0)
    ids = ["summit", "sanctions", "mirror"] * 3

    async def scenario() -> tuple[list, int, int]:
        reports = asyncio.ensure_future(_gather(app, [f"/api/articles/{i}/report" for i in ids]))
        await asyncio.sleep(0.5)  # the reports are in: two rendering, the others waiting
        health = (await _gather(app, ["/api/health"]))[0]
        waiting_threads = running
        release.set()
        return await reports, health.status_code, waiting_threads

    answers, health, busy = asyncio.run(scenario())
    assert [r.status_code for r in answers] == [200] * len(ids)
    assert health == 200  # answered while reports were held
    assert busy == most == routes_events.REPORT_RENDERS == 2


# ---- the answer cache ------------------------------------------------------------------------
def test_answers_are_kept_until_the_database_changes(db, tmp_path, monkeypatch):
    import shutil

    from eventcoder.api import create_app
    from eventcoder.ingest import ingest

    path = tmp_path / "copy.duckdb"
    shutil.copy(db, path)
    app = create_app(path, ingest_token="tok")
    opened = []
    real_read = app.state.db.read

    def counting_read():
        opened.append(1)
        return real_read()

    monkeypatch.setattr(app.state.db, "read", counting_read)
    with TestClient(app, base_url=LOCAL) as c:
        first = c.get("/api/articles").json()
        reads = len(opened)
        assert c.get("/api/articles").json() == first
        assert c.get("/api/articles/summit/report").status_code == 200
        after_report = len(opened)
        assert c.get("/api/articles/summit/report").status_code == 200
        assert len(opened) == after_report and reads == 1  # the second answers were kept
        # a write through the API: the kept answers go
        r = c.post("/api/ingest", headers={"Authorization": "Bearer tok"},
                   json=[{"text": EXTRA, "date": "2025-07-01", "source": "Api Wire"}])
        assert r.status_code == 200 and r.json()["added"] == 1
        assert c.get("/api/articles").json()["total"] == first["total"] + 1
        # a refused write (wrong token) empties nothing
        before = len(opened)
        assert c.post("/api/ingest", headers={"Authorization": "Bearer no"},
                      json=[{"text": EXTRA}]).status_code == 401
        c.get("/api/articles")
        assert len(opened) == before
    # a write by another process (`eventcoder ingest`) while the server idles
    feed = tmp_path / "more.jsonl"
    feed.write_text('{"text": "Poland criticised Hungary on Monday.", "date": "2025-07-02"}\n')
    app.state.db.close()
    ingest([feed], path)
    with TestClient(app, base_url=LOCAL) as c:
        assert c.get("/api/articles").json()["total"] == first["total"] + 2


def test_without_the_cache_every_answer_is_read_again(db, monkeypatch):
    from eventcoder.api import create_app

    app = create_app(db, cache_bytes=0)
    opened = []
    real_read = app.state.db.read
    monkeypatch.setattr(app.state.db, "read", lambda: (opened.append(1), real_read())[1])
    with TestClient(app, base_url=LOCAL) as c:
        for _ in range(3):
            assert c.get("/api/articles").status_code == 200
    assert len(opened) == 3


def test_the_cache_keeps_at_most_its_bytes():
    from eventcoder.api.middleware import CachedAnswer, ResponseCache

    cache = ResponseCache(app=None, db_path="/nonexistent", max_bytes=1600)
    v = cache.version()
    for i in range(30):
        cache._keep((f"/api/x{i}", b""), CachedAnswer(v, {}, b"x" * 90))
    assert cache.size <= 1600 and len(cache._answers) == 17
    assert cache._lookup(("/api/x29", b""), v) is not None  # the newest stay
    assert cache._lookup(("/api/x0", b""), v) is None
    cache._keep(("/api/big", b""), CachedAnswer(v, {}, b"x" * 101))  # over max_bytes // 16
    assert cache._lookup(("/api/big", b""), v) is None


# ---- 13: the Host header ---------------------------------------------------------------------
@pytest.mark.parametrize("host, status", [
    ("localhost", 200), ("localhost:8000", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200),
    ("LOCALHOST.", 200), ("evil.example", 400), ("evil.example:8000", 400),
    ("localhost.evil.example", 400), ("127.0.0.1.nip.io", 400), ("", 400), ("::1", 400),
])
def test_only_this_machines_names_are_answered(db, host, status):
    from eventcoder.api import create_app

    with TestClient(create_app(db), base_url=LOCAL) as c:
        r = c.get("/api/health", headers={"host": host})
        assert r.status_code == status, (host, r.text)
        if status == 400:
            assert "not served here" in r.json()["detail"]
            # nothing of the app leaks, not even the UI
            assert c.get("/", headers={"host": host}).status_code == 400


def test_allowed_hosts_are_configurable(db):
    from eventcoder.api import create_app

    with TestClient(create_app(db, allowed_hosts=["api.example.org", "*.corp.example"]),
                    base_url=LOCAL) as c:
        for host, status in [("api.example.org", 200), ("API.example.org:443", 200),
                             ("a.corp.example", 200), ("corp.example", 400),
                             ("localhost", 400), ("evil.example", 400)]:
            assert c.get("/api/health", headers={"host": host}).status_code == status, host
    with TestClient(create_app(db, allowed_hosts=["*"]), base_url=LOCAL) as c:
        assert c.get("/api/health", headers={"host": "evil.example"}).status_code == 200


def test_allowed_hosts_for_a_bind_address():
    from eventcoder.api.middleware import allowed_hosts_for, host_of

    assert allowed_hosts_for("127.0.0.1") == ["localhost", "127.0.0.1", "::1"]
    assert allowed_hosts_for("0.0.0.0") == ["localhost", "127.0.0.1", "::1"]
    assert allowed_hosts_for("192.168.1.5", ["events.lan, Other.LAN", "x.lan"]) == [
        "localhost", "127.0.0.1", "::1", "192.168.1.5", "events.lan", "other.lan", "x.lan"]
    assert allowed_hosts_for("::1") == ["localhost", "127.0.0.1", "::1"]
    assert host_of("[::1]:80") == "::1" and host_of("a.b:1") == "a.b" and host_of("::1") == ""


# ---- 13, 14: `eventcoder serve` options ------------------------------------------------------
@pytest.fixture
def serve_args(monkeypatch):
    """Run `eventcoder serve` in this process without serving: the uvicorn.run arguments."""
    import uvicorn
    from typer.testing import CliRunner

    from eventcoder.cli import app

    seen: dict = {}

    def fake_run(target, **kwargs):
        seen.update(kwargs, target=target)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("EVENTCODER_INGEST_TOKEN", raising=False)
    monkeypatch.delenv("EVENTCODER_ALLOWED_HOSTS", raising=False)

    def run(*args: str, env: dict | None = None):
        seen.clear()
        result = CliRunner().invoke(app, ["serve", *args], env=env)
        return result, dict(seen)

    return run


def _health(target, host: str, token: str | None = None) -> tuple[int, dict]:
    with TestClient(target, base_url=LOCAL) as c:
        health = c.get("/api/health", headers={"host": host})
        ingest = c.post("/api/ingest", headers={"host": "localhost",
                                                "Authorization": f"Bearer {token}"},
                        json=[]) if token else None
    return health.status_code, {"ingest": ingest.status_code if ingest else None}


def test_serve_token_on_the_command_line_warns(db, serve_args):
    result, seen = serve_args("--db", str(db), "--ingest-token", "s3cret")
    assert result.exit_code == 0, result.output
    assert "warning: --ingest-token puts the token on the command line" in result.output
    assert "EVENTCODER_INGEST_TOKEN" in result.output
    assert _health(seen["target"], "localhost", "s3cret")[1]["ingest"] == 422  # token taken


def test_serve_token_from_the_environment_or_a_file_does_not_warn(db, serve_args, tmp_path):
    result, seen = serve_args("--db", str(db), env={"EVENTCODER_INGEST_TOKEN": "from-env"})
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "ingest enabled" in result.output
    assert _health(seen["target"], "localhost", "from-env")[1]["ingest"] == 422
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n")
    token_file.chmod(0o600)
    result, seen = serve_args("--db", str(db), "--ingest-token-file", str(token_file))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "ingest enabled" in result.output
    assert _health(seen["target"], "localhost", "from-file")[1]["ingest"] == 422
    token_file.chmod(0o644)
    result, _ = serve_args("--db", str(db), "--ingest-token-file", str(token_file))
    assert result.exit_code == 0 and "readable by other users" in result.output


def test_serve_token_file_problems(db, serve_args, tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("\n")
    result, seen = serve_args("--db", str(db), "--ingest-token-file", str(empty))
    assert result.exit_code == 2 and "is empty" in result.output and not seen
    result, seen = serve_args("--db", str(db), "--ingest-token-file", str(tmp_path / "none"))
    assert result.exit_code == 2 and "cannot read the ingest token" in result.output
    token_file = tmp_path / "t"
    token_file.write_text("x")
    result, _ = serve_args("--db", str(db), "--ingest-token-file", str(token_file),
                           "--ingest-token", "y")
    assert result.exit_code == 2 and "not both" in result.output


def test_serve_allowed_hosts(db, serve_args):
    result, seen = serve_args("--db", str(db))
    assert result.exit_code == 0
    assert _health(seen["target"], "localhost")[0] == 200
    assert _health(seen["target"], "evil.example")[0] == 400
    result, seen = serve_args("--db", str(db), "--allowed-host", "events.lan",
                              "--allowed-host", "*.corp.example")
    assert _health(seen["target"], "events.lan:8000")[0] == 200
    assert _health(seen["target"], "a.corp.example")[0] == 200
    assert _health(seen["target"], "evil.example")[0] == 400
    result, seen = serve_args("--db", str(db), env={"EVENTCODER_ALLOWED_HOSTS": "a.lan b.lan"})
    assert _health(seen["target"], "b.lan")[0] == 200
    result, seen = serve_args("--db", str(db), "--host", "0.0.0.0")
    assert "add the names clients use with --allowed-host" in result.output
    assert _health(seen["target"], "0.0.0.0")[0] == 400


def test_serve_workers(db, serve_args):
    result, seen = serve_args("--db", str(db), "--workers", "2", "--cache-mb", "8")
    assert result.exit_code == 0, result.output
    assert seen["target"] == "eventcoder.cli_serve:worker_app" and seen["workers"] == 2
    from eventcoder.cli_serve import worker_app

    assert _health(worker_app(), "localhost")[0] == 200  # the settings reached the worker
    os.environ.pop("EVENTCODER_SERVE_CONFIG", None)
    result, seen = serve_args("--db", str(db), "--workers", "2",
                              env={"EVENTCODER_INGEST_TOKEN": "t"})
    assert result.exit_code == 2 and "ingest needs a single server process" in result.output
    assert not seen
