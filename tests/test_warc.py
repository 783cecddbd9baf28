"""Web archives: records read one at a time, provenance kept, skips counted, and every broken
record a failure naming the archive and the record's byte offset while the rest is read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import warc_files as W

from eventcoder.sources import ReaderOptions, read_inputs

ENGLISH = W.page(
    "Russia strikes Odesa",
    "Russia launched missiles at the Ukrainian port of Odesa on Monday, damaging grain "
    "terminals and killing two workers, officials said.",
    "France condemned the strikes and summoned the Russian ambassador in Paris on Tuesday, "
    "the foreign ministry said in a statement.")
GERMAN = W.page(
    "Sanktionen",
    "Die Regierung hat am Dienstag neue Sanktionen gegen Russland beschlossen, sagte der "
    "Kanzler in Berlin vor Journalisten.",
    "Die Opposition kritisierte die Entscheidung und forderte weitere Gespräche mit den "
    "Partnern in Europa.")
SECOND = ENGLISH.replace(b"Odesa", b"Kherson")


def _crawl(path: Path) -> list[int]:
    """request, English page, broken page, image, German page, English page."""
    return W.write(path,
                   W.request("https://news.example.org/odesa"),
                   W.response("https://news.example.org/odesa", ENGLISH,
                              extra_headers=[("Server", "nginx")]),
                   W.corrupt(W.response("https://news.example.org/broken", ENGLISH * 3)),
                   W.response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" * 40,
                              content_type="image/png"),
                   W.response("https://news.example.org/de", GERMAN),
                   W.response("https://news.example.org/kherson", SECOND))


def _read(*paths: Path, **options) -> list:
    return list(read_inputs(paths, ReaderOptions(**options)))


def test_a_corrupt_record_in_the_middle_is_a_failure_and_the_rest_is_read(tmp_path: Path):
    crawl = tmp_path / "crawl.warc.gz"
    offsets = _crawl(crawl)
    items = _read(crawl)
    articles = [i.article for i in items if i.article]
    assert [a.url for a in articles] == ["https://news.example.org/odesa",
                                         "https://news.example.org/kherson"]
    failures = [i.error for i in items if i.error]
    assert len(failures) == 1 and failures[0].startswith(f"record at byte {offsets[2]}: corrupt")
    assert sorted(i.skipped for i in items if i.skipped) == [
        "WARC request record", "not English (de)", "not HTML"]
    first = articles[0]
    assert first.capture.archive_offset == offsets[1]
    assert first.capture.captured_at.isoformat() == "2025-06-03T10:00:00"
    assert first.capture.http_status == 200
    assert ("Server", "nginx") in first.capture.http_headers
    assert first.date.isoformat() == "2025-06-02"  # the page's own date, not the capture's
    assert "Odesa" in first.text and all(i.origin == str(crawl) for i in items)


def test_a_record_cut_short_is_a_failure_at_its_offset(tmp_path: Path):
    crawl = tmp_path / "cut.warc.gz"
    whole = W.response("https://news.example.org/kherson", SECOND)
    offsets = W.write(crawl, W.response("https://news.example.org/odesa", ENGLISH),
                      whole[: len(whole) // 2])
    items = _read(crawl)
    assert [i.article.url for i in items if i.article] == ["https://news.example.org/odesa"]
    assert [i.error for i in items if i.error] == [
        f"record at byte {offsets[1]}: truncated: the archive ends inside this record"]


def test_a_truncated_record_followed_by_others_does_not_stop_the_archive(tmp_path: Path):
    crawl = tmp_path / "hole.warc.gz"
    cut = W.response("https://news.example.org/odesa", ENGLISH)
    offsets = W.write(crawl, cut[: len(cut) - 40], W.response("https://x.example/k", SECOND))
    items = _read(crawl)
    assert [i.article.url for i in items if i.article] == ["https://x.example/k"]
    errors = [i.error for i in items if i.error]
    assert len(errors) == 1 and errors[0].startswith(f"record at byte {offsets[0]}:")


def test_a_gzip_bomb_in_the_http_payload_is_a_failure_and_the_next_record_is_read(
        tmp_path: Path):
    crawl = tmp_path / "bomb.warc.gz"
    bomb = W.response("https://news.example.org/bomb", W.gzip_bomb_payload(64 << 20),
                      extra_headers=[("Content-Encoding", "gzip")])
    offsets = W.write(crawl, bomb, W.response("https://news.example.org/kherson", SECOND))
    items = _read(crawl, max_text_bytes=1_000_000)
    assert [i.article.url for i in items if i.article] == ["https://news.example.org/kherson"]
    assert [i.error for i in items if i.error] == [
        f"record at byte {offsets[0]}: HTTP payload inflates past max_text_bytes (1000000 "
        "bytes): a gzip bomb or an oversized page; skipped"]


def test_a_record_that_inflates_past_the_limit_is_skipped_without_inflating_it_all(
        tmp_path: Path):
    crawl = tmp_path / "huge.warc.gz"
    huge = W.response("https://news.example.org/huge",
                      b"<html><body>" + b" " * (64 << 20) + b"</body></html>")
    offsets = W.write(crawl, huge, W.response("https://news.example.org/kherson", SECOND))
    items = _read(crawl, max_text_bytes=1_000_000)
    assert [i.article.url for i in items if i.article] == ["https://news.example.org/kherson"]
    errors = [i.error for i in items if i.error]
    assert len(errors) == 1
    assert errors[0].startswith(f"record at byte {offsets[0]}: record inflates past")


def test_a_warc_gz_that_is_not_gzip_is_a_failure_and_an_uncompressed_warc_is_read(
        tmp_path: Path):
    plain = W.response("https://news.example.org/odesa", ENGLISH, gzip_member=False)
    misnamed, junk, good = (tmp_path / n for n in ("a.warc.gz", "b.warc.gz", "c.warc"))
    misnamed.write_bytes(plain)
    junk.write_bytes(b"<html>not an archive</html>")
    good.write_bytes(plain + W.response("https://x.example/k", SECOND, gzip_member=False))
    items = _read(misnamed, junk, good)
    assert [(i.origin, i.error) for i in items if i.error] == [
        (str(misnamed), "record at byte 0: file is named .gz but is not gzip-compressed "
                        "(an uncompressed WARC); rename it .warc"),
        (str(junk), "record at byte 0: not a WARC file (neither gzip-compressed nor "
                    "starting with 'WARC/')")]
    read = [i.article for i in items if i.article]
    assert [a.url for a in read] == ["https://news.example.org/odesa", "https://x.example/k"]
    assert read[1].capture.archive_offset == len(plain)


def test_ingest_stores_the_capture_and_records_the_failure_with_its_offset(tmp_path: Path):
    from eventcoder.ingest import ingest
    from eventcoder.store import EventStore
    from eventcoder.store.articles import load_coded_article

    crawl = tmp_path / "crawl.warc.gz"
    offsets = _crawl(crawl)
    db = tmp_path / "s.duckdb"
    summary = ingest([crawl], db)
    assert (summary.read, summary.added, summary.failures) == (2, 2, 1)
    assert summary.skipped == {"WARC request record": 1, "not HTML": 1, "not English (de)": 1}
    with EventStore(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT url, record_offset, captured_at, http_status, http_headers, language "
            "FROM articles ORDER BY record_offset").fetchall()
        failures = store.con.execute("SELECT origin, reason FROM failures").fetchall()
        first_id = store.con.execute("SELECT id FROM articles WHERE record_offset = ?",
                                     [offsets[1]]).fetchone()[0]
        restored = load_coded_article(store.con, first_id)
    assert [(r[0], r[1], r[3], r[5]) for r in rows] == [
        ("https://news.example.org/odesa", offsets[1], 200, "en"),
        ("https://news.example.org/kherson", offsets[5], 200, "en")]
    assert rows[0][2].isoformat() == "2025-06-03T10:00:00"
    assert ["Server", "nginx"] in json.loads(rows[0][4])
    assert len(failures) == 1 and failures[0][0] == str(crawl)
    assert failures[0][1].startswith(f"record at byte {offsets[2]}: corrupt compressed data")
    assert restored.article.capture.archive_offset == offsets[1]
    assert restored.language == "en"

    pytest.importorskip("fastapi")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventcoder.api import create_app

    with TestClient(create_app(db), base_url="http://localhost") as client:
        shown = client.get(f"/api/articles/{first_id}").json()
    assert (shown["language"], shown["record_offset"], shown["http_status"]) == (
        "en", offsets[1], 200)
    assert shown["captured_at"].startswith("2025-06-03T10:00:00")


@pytest.mark.parametrize("broken", [False, True])
def test_the_command_reads_a_crawl_and_its_exit_code_says_whether_a_record_failed(
        tmp_path: Path, broken: bool):
    crawl = tmp_path / "crawl.warc.gz"
    if broken:
        _crawl(crawl)
    else:
        W.write(crawl, W.request("https://x.example/k"), W.response("https://x.example/k", SECOND))
    proc = subprocess.run([sys.executable, "-m", "eventcoder", "ingest", str(crawl), "--db",
                           str(tmp_path / "s.duckdb")], capture_output=True, timeout=600)
    err = proc.stderr.decode()
    assert proc.returncode == (1 if broken else 0), err
    assert "languages coded: en" in err and "WARC request record 1" in err
