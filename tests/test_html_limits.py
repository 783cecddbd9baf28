"""HTML pages too big to extract are failures naming the file and the limit, not hangs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventcoder.sources import ReaderOptions, read_inputs

TODAY = date(2024, 6, 1)
STORY = ("<p>Poland accused Russia of meddling in the election, officials said on Monday. "
         "Germany pledged more aid to Ukraine at a donor conference in Berlin.</p>")


def table_bomb(cells: int) -> str:
    """A page with one story paragraph and a table of `cells` cells (about 10 bytes each)."""
    rows = "".join("<tr>" + "<td>cell</td>" * 10 + "</tr>" for _ in range(cells // 10))
    return (f"<html><head><title>Results</title></head><body><article>{STORY}"
            f"<table>{rows}</table></article></body></html>")


def _items(path: Path, **limits: int):
    return list(read_inputs([path], ReaderOptions(today=TODAY, **limits)))


def test_a_table_bomb_is_a_failure_naming_the_file_and_the_limit(tmp_path: Path):
    page = tmp_path / "bomb.html"
    page.write_text(table_bomb(100_000))  # 1.4 MB, 110k elements: minutes in trafilatura
    [item] = _items(page)
    assert item.article is None and item.origin == str(page)
    assert "more than 25,000 elements" in item.error
    assert "html_max_elements" in item.error


def test_the_same_page_within_the_limits_is_extracted(tmp_path: Path):
    page = tmp_path / "results.html"
    page.write_text(table_bomb(200))
    [item] = _items(page)
    assert item.error is None and "accused Russia" in item.article.text
    [item] = _items(page, html_max_elements=100)
    assert item.article is None and "more than 100 elements" in item.error


def test_a_page_over_the_byte_limit_is_a_failure(tmp_path: Path):
    page = tmp_path / "huge.html"
    page.write_text(f"<html><body>{STORY}<!-- {'x' * 5000} --></body></html>")
    [item] = _items(page, html_max_bytes=4000)
    assert item.article is None and "over the limit of 4,000" in item.error
    [item] = _items(page, html_max_bytes=10_000)
    assert item.error is None


def test_html_in_json_lines_has_the_same_limits(tmp_path: Path):
    import json

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"html": table_bomb(400), "date": "2024-05-01"}) + "\n"
                    + json.dumps({"html": table_bomb(20), "date": "2024-05-01"}) + "\n")
    bad, good = _items(feed, html_max_elements=200)
    assert bad.article is None and bad.line == 1 and "more than 200 elements" in bad.error
    assert good.error is None and "accused Russia" in good.article.text


def test_ingest_records_the_bomb_and_codes_the_rest(tmp_path: Path):
    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.store import EventStore

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.html").write_text(table_bomb(100_000))
    (folder / "ok.txt").write_text("Poland accused Russia of meddling in the election.\n")
    db = tmp_path / "s.duckdb"
    summary = ingest([folder], db, IngestOptions(reader=ReaderOptions(date=TODAY)))
    assert summary.added == 1 and summary.failures == 1
    with EventStore(db, read_only=True) as store:
        [(origin, reason)] = store.con.execute(
            "SELECT origin, reason FROM failures WHERE severity = 'error'").fetchall()
    assert origin.endswith("bomb.html") and "html_max_elements" in reason
