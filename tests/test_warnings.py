"""What the coder says about an article (no date, not English) is counted and shown: by
`eventcoder ingest`, `eventcoder code` and the API's ingest answer, and kept in the store."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pytest

GERMAN = ("Der Bundeskanzler hat heute in Berlin mit dem französischen Präsidenten gesprochen "
          "und die Lage der Ukraine besprochen. Die Regierung will mehr Geld ausgeben.\n")
ENGLISH = "Germany criticised Russia over the border closures.\n"
UNDATED = "no publication date: the events are undated"
NOT_ENGLISH = "text does not look like English (detected: de): no events coded"


def _feed(path: Path, *items: dict) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def test_ingest_counts_the_coders_warnings_and_stores_them(tmp_path: Path):
    from eventcoder.ingest import ingest
    from eventcoder.store import EventStore

    feed = _feed(tmp_path / "f.jsonl", {"id": "de", "text": GERMAN, "date": "2025-06-01"},
                 {"id": "en", "text": ENGLISH, "date": "2025-06-01"})
    db = tmp_path / "s.duckdb"
    summary = ingest([feed], db)
    assert (summary.added, summary.failures, summary.warnings) == (2, 0, 1)
    with EventStore(db, read_only=True) as store:
        rows = store.con.execute("SELECT line, severity, reason FROM failures").fetchall()
        stored = dict(store.con.execute("SELECT id, warnings FROM articles").fetchall())
    assert rows == [(1, "warning", NOT_ENGLISH)]
    assert stored == {"de": [NOT_ENGLISH], "en": []}
    # a run that adds nothing warns of nothing: the article was not coded again
    assert ingest([feed], db).warnings == 0


def test_undated_articles_are_warnings_of_the_run(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    """The coder warns about an article without a date; ingest counts each such warning.
    Where the coder in use says nothing about it, a stand-in warning is added, so the test
    holds for the coder with and without that warning and does not depend on its wording."""
    from eventcoder import ingest as ingest_module
    from eventcoder.store import EventStore

    real = ingest_module.code_batch

    def warning_coder(articles, options):
        out = real(articles, options)
        for r in out:
            if r.article.date is None and not r.warnings:
                r.warnings.append(UNDATED)
        return out

    monkeypatch.setattr(ingest_module, "code_batch", warning_coder)
    feed = _feed(tmp_path / "f.jsonl", {"id": "a", "text": ENGLISH},
                 {"id": "b", "text": ENGLISH.replace("Russia", "Belarus")},
                 {"id": "c", "text": ENGLISH.replace("Germany", "Poland"), "date": "2025-01-02"})
    db = tmp_path / "s.duckdb"
    summary = ingest_module.ingest([feed], db, ingest_module.IngestOptions(batch_size=2))
    assert summary.warnings == 2
    with EventStore(db, read_only=True) as store:
        assert store.con.execute("SELECT line FROM failures WHERE severity = 'warning' "
                                 "ORDER BY line").fetchall() == [(1,), (2,)]
        undated = store.con.execute("SELECT warnings FROM articles ORDER BY id").fetchall()
        assert [len(w) for (w,) in undated] == [1, 1, 0]
        assert store.con.execute("SELECT published FROM articles ORDER BY id").fetchall() == [
            (None,), (None,), (date(2025, 1, 2),)]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], input=stdin,
                          capture_output=True, timeout=600)


def test_the_cli_summaries_show_the_warnings(tmp_path: Path):
    feed = _feed(tmp_path / "f.jsonl", {"text": GERMAN, "date": "2025-06-01"},
                 {"text": ENGLISH, "date": "2025-06-01"})
    proc = _run("ingest", str(feed), "--db", str(tmp_path / "s.duckdb"))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "0 failed, 1 warnings" in err and "1 warning(s): see `eventcoder stats" in err
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    proc = _run("code", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--date",
                "2025-06-01", "--format", "jsonl")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "de.txt: text does not look like English" in err
    assert "2 article(s) coded" in err and "1 warning(s), 0 failed" in err


def test_the_api_ingest_answer_counts_and_lists_the_warnings(tmp_path: Path):
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventcoder.api import create_app
    from eventcoder.ingest import ingest

    db = tmp_path / "s.duckdb"
    ingest([_feed(tmp_path / "seed.jsonl", {"text": ENGLISH, "date": "2025-06-01"})], db)
    with TestClient(create_app(db, ingest_token="tok"), base_url="http://localhost") as client:
        r = client.post("/api/ingest", headers={"Authorization": "Bearer tok"},
                        json=[{"text": GERMAN, "date": "2025-06-02"}])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["warnings"] == 1 and body["failures"] == 0
    assert body["problems"] == [
        f"warning: article 1: {NOT_ENGLISH}"]
