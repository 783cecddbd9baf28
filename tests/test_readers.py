"""Input readers: every format, every bad input, and property tests that nothing raises."""

from __future__ import annotations

import gzip
import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.records import content_id
from eventcoder.sources import ReaderOptions, ReadItem, read_inputs

TODAY = date(2024, 6, 1)
OPTS = ReaderOptions(today=TODAY)

STORY = ("The finance ministers of two neighbouring states met on Monday to discuss a shared "
         "customs union.\nBoth sides said the talks were constructive and agreed to meet again "
         "in the autumn.\n")

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Harbour talks resume after long pause</title>
<meta name="author" content="Mira Castell">
<meta property="og:site_name" content="Coastline Courier">
<meta property="article:published_time" content="2024-03-05">
<link rel="canonical" href="https://courier.example.org/harbour-talks">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour talks resume after long pause</h1>
<p>Delegations from two coastal countries met on Tuesday to restart negotiations over a
disputed harbour, according to a statement issued after the meeting.</p>
<p>The negotiators agreed to set up a joint committee on shipping lanes and fishing rights,
and said they would meet again next month in the capital.</p>
</article>
<footer><p>Subscribe to our newsletter for daily updates.</p></footer>
</body></html>
"""


def read(*inputs, options: ReaderOptions = OPTS, stdin=None) -> list[ReadItem]:
    return list(read_inputs(inputs, options, stdin=stdin))


def one(*inputs, **kw) -> ReadItem:
    items = read(*inputs, **kw)
    assert len(items) == 1, items
    return items[0]


def jsonl(rows) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows)


# --- formats --------------------------------------------------------------------------------


def test_plain_text_is_one_article_with_defaults(tmp_path: Path):
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    opts = ReaderOptions(date=date(2024, 2, 1), source="Daily Ledger", today=TODAY)
    item = one(f, options=opts)
    assert item.error is None and item.warning is None and item.line is None
    assert item.origin == str(f)
    art = item.article
    assert art.text == STORY
    assert art.date == date(2024, 2, 1) and art.source == "Daily Ledger"
    assert art.origin == str(f) and art.id == content_id(STORY)


def test_markdown_and_bom_are_text(tmp_path: Path):
    f = tmp_path / "notes.md"
    f.write_bytes(b"\xef\xbb\xbf" + b"# Vote delayed\nParliament postponed the vote.")
    assert one(f).article.text == "# Vote delayed\nParliament postponed the vote."


def test_html_main_text_and_metadata(tmp_path: Path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    item = one(f, options=ReaderOptions(source="fallback outlet", today=TODAY))
    assert item.error is None, item.error
    art = item.article
    assert "joint committee on shipping lanes" in art.text
    assert "Subscribe" not in art.text and "Sport" not in art.text  # boilerplate dropped
    assert art.title == "Harbour talks resume after long pause"
    assert art.author == "Mira Castell"
    assert art.source == "Coastline Courier"  # the page's sitename beats the default
    assert art.url == "https://courier.example.org/harbour-talks"
    assert art.date == date(2024, 3, 5)
    assert art.origin == str(f)


def test_html_without_sitename_uses_default_source(tmp_path: Path):
    f = tmp_path / "bare.htm"
    f.write_text("<html><body><article><p>" + STORY + "</p></article></body></html>")
    art = one(f, options=ReaderOptions(source="Wire Desk", today=TODAY)).article
    assert art.source == "Wire Desk" and "customs union" in art.text


@pytest.mark.parametrize("meta", ['<meta charset="windows-1252">',
                                  '<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=iso-8859-1">', ""])
def test_html_that_is_not_utf8(tmp_path: Path, meta: str):
    body = ("<html><head>" + meta + "</head><body><article><p>The caf\xe9 owners in the old "
            "town protested against the new tax on Friday, blocking the main square for "
            "several hours.</p></article></body></html>")
    f = tmp_path / "latin.html"
    f.write_bytes(body.encode("cp1252"))
    item = one(f)
    assert "café owners" in item.article.text
    assert (item.warning is None) == bool(meta)  # a guessed encoding is worth a warning


def test_jsonl_fields(tmp_path: Path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(jsonl([
        {"text": "Rebels seized a border town overnight.", "date": "2024-01-15",
         "source": "Frontier Post", "url": "https://fp.example/1", "title": "Town seized",
         "author": "Ana Ruiz", "id": 42},
        {"text": "The central bank raised its main rate.", "date": "2024-02-20T08:30:00Z"},
    ]))
    opts = ReaderOptions(date=date(2024, 5, 5), source="Default Wire", today=TODAY)
    first, second = read(f, options=opts)
    assert (first.line, second.line) == (1, 2)
    assert first.origin == second.origin == str(f)
    a = first.article
    assert (a.date, a.source, a.url, a.title, a.author, a.id) == (
        date(2024, 1, 15), "Frontier Post", "https://fp.example/1", "Town seized", "Ana Ruiz",
        "42")
    b = second.article
    assert b.date == date(2024, 2, 20) and b.source == "Default Wire"
    assert b.id == content_id(b.text) and b.origin == str(f)


def test_jsonl_html_field_goes_through_trafilatura(tmp_path: Path):
    f = tmp_path / "pages.ndjson"
    f.write_bytes(jsonl([{"html": PAGE, "source": "Given Outlet"}]))
    art = one(f).article
    assert "joint committee" in art.text and "Subscribe" not in art.text
    assert art.source == "Given Outlet"  # the line's own field wins over the page
    assert art.title == "Harbour talks resume after long pause"
    assert art.date == date(2024, 3, 5)


def test_jsonl_gz_and_blank_lines(tmp_path: Path):
    f = tmp_path / "feed.jsonl.gz"
    data = jsonl([{"text": "Troops withdrew from the valley."}]) + b"\n  \n" + jsonl(
        [{"text": "Aid convoys reached the city."}])
    f.write_bytes(gzip.compress(data))
    items = read(f)
    assert [i.article.text for i in items] == ["Troops withdrew from the valley.",
                                               "Aid convoys reached the city."]
    assert [i.line for i in items] == [1, 4]


def test_json_gz_extension(tmp_path: Path):
    f = tmp_path / "dump.json.gz"
    f.write_bytes(gzip.compress(jsonl([{"text": "Strikes closed the ports."}])))
    assert one(f).article.text == "Strikes closed the ports."


def test_folder_recursion_sorted_with_skips(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second folder story about a ceasefire.")
    (tmp_path / "a" / "1.txt").write_text("First folder story about an election.")
    (tmp_path / "a" / "deep" / "page.html").write_text(PAGE)
    (tmp_path / "a" / "feed.jsonl").write_text('{"text": "A line about sanctions."}\n')
    (tmp_path / "a" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".hidden" / "x.txt").write_text("Never read.")
    (tmp_path / "a" / ".draft.txt").write_text("Never read either.")
    every = read(tmp_path)
    items = [i for i in every if not i.skipped]
    assert all(i.error is None for i in items), [i.error for i in items]
    origins = [Path(i.origin).relative_to(tmp_path).as_posix() for i in items]
    assert origins == ["a/1.txt", "a/feed.jsonl", "a/deep/page.html", "b/2.txt"]
    assert all(i.article.origin == i.origin for i in items)
    # files passed over are skipped items (counted by ingest); hidden folders are not entered
    assert [Path(i.origin).relative_to(tmp_path).as_posix() for i in every if i.skipped] == [
        "a/.draft.txt", "a/photo.png"]


def test_folder_with_nothing_readable(tmp_path: Path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    skipped, item = read(tmp_path)
    assert skipped.skipped and skipped.origin.endswith("photo.png")
    assert item.article is None and "no files with a readable extension" in item.error


@pytest.mark.parametrize("payload,expect", [
    (b'\n  {"text": "Envoys met in the capital."}\n{"text": "Talks broke down."}\n',
     ["Envoys met in the capital.", "Talks broke down."]),
    (PAGE.encode(), None),
    (b"Protesters gathered outside the ministry on Sunday.",
     ["Protesters gathered outside the ministry on Sunday."]),
])
def test_stdin_sniffing(payload: bytes, expect):
    items = read("-", stdin=io.BytesIO(payload))
    assert all(i.origin == "-" and i.article.origin == "-" for i in items)
    if expect is None:  # HTML
        assert len(items) == 1 and "joint committee" in items[0].article.text
        assert items[0].article.title == "Harbour talks resume after long pause"
    else:
        assert [i.article.text for i in items] == expect


def test_stdin_jsonl_lines_are_numbered():
    items = read("-", stdin=io.BytesIO(b'{"text": "One."}\n\n{"text": 5}\n'))
    assert [i.line for i in items] == [1, 3]
    assert items[1].article is None and "'text' is not a string" in items[1].error


def test_unknown_extension_given_explicitly_is_sniffed(tmp_path: Path):
    f = tmp_path / "export.dat"
    f.write_bytes(b'{"text": "The summit ended early."}\n')
    item = one(f)
    assert item.line == 1 and item.article.text == "The summit ended early."


# --- bad inputs -----------------------------------------------------------------------------


def failure(item: ReadItem) -> str:
    assert item.article is None and item.error, item
    return item.error


def test_missing_file(tmp_path: Path):
    item = one(tmp_path / "nope.txt")
    assert failure(item) == "no such file or directory"
    assert item.origin == str(tmp_path / "nope.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path):
    f = tmp_path / "locked.txt"
    f.write_text("Secret cable about the summit.")
    f.chmod(0)
    try:
        assert "permission denied" in failure(one(f))
    finally:
        f.chmod(0o644)


def test_permission_error_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Root ignores file modes, so simulate the denial where the reader opens the file.
    from eventcoder.sources import readers

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    f = tmp_path / "locked.jsonl"
    f.write_text('{"text": "Secret cable about the summit."}\n')
    monkeypatch.setattr(readers, "open", denied, raising=False)
    assert failure(one(f)) == "cannot read file (permission denied)"


def test_empty_and_blank_files(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    assert [failure(i) for i in read(tmp_path / "empty.txt", tmp_path / "blank.txt")] == [
        "empty file", "empty file"]


def test_binary_file(tmp_path: Path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"GIF89a\x00\x01\x02" * 10)
    assert failure(one(f)) == "binary file"


def test_invalid_utf8_reports_offset(tmp_path: Path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"The minister resigned." + b"\xff" + b" More text.")
    assert failure(one(f)) == "not valid UTF-8 at byte 22"
    f.write_bytes(b"\xef\xbb\xbfAB\xc3")  # offsets count the BOM: they are file offsets
    assert failure(one(f)) == "not valid UTF-8 at byte 5"


def test_text_file_larger_than_limit(tmp_path: Path):
    f = tmp_path / "huge.txt"
    f.write_text("word " * 400)
    item = one(f, options=ReaderOptions(max_text_bytes=1000, today=TODAY))
    assert "larger than max_text_bytes" in failure(item)


def test_bad_jsonl_lines_do_not_stop_the_file(tmp_path: Path):
    f = tmp_path / "mixed.jsonl"
    long_line = json.dumps({"text": "x" * 5000}).encode()
    f.write_bytes(jsonl([
        [1, 2, 3],                                   # 1 not an object
        b"{not json",                                # 2
        long_line,                                   # 3 too long
        {"title": "No body"},                        # 4
        {"text": ["a", "list"]},                     # 5
        {"text": "   "},                              # 6 empty
        {"html": "<html><body></body></html>"},      # 7
        {"text": "Fighting resumed near the dam."},  # 8
        b"\xff\xfe",                                 # 9
    ]))
    items = read(f, options=ReaderOptions(max_text_bytes=1000, today=TODAY))
    assert [i.line for i in items] == list(range(1, 10))
    errors = [i.error for i in items]
    assert errors[0] == "line 1 is not a JSON object"
    assert errors[1].startswith("line 2: not valid JSON (")
    assert errors[2] == "line 3 is longer than max_text_bytes (1000 bytes)"
    assert errors[3] == "line 4 has no 'text' or 'html' field"
    assert errors[4] == "line 5: 'text' is not a string (got array)"
    assert errors[5] == "line 6: 'text' is empty"
    assert errors[6] == "line 7: no article text found in HTML"
    assert errors[7] is None and items[7].article.text == "Fighting resumed near the dam."
    assert errors[8] == "line 9: not valid UTF-8 at byte 0 of the line"


def test_long_last_line_without_newline(tmp_path: Path):
    f = tmp_path / "tail.jsonl"
    f.write_bytes(b'{"text": "Short one."}\n' + b'{"text": "' + b"y" * 3000 + b'"}')
    items = read(f, options=ReaderOptions(max_text_bytes=1000, today=TODAY))
    assert items[0].article.text == "Short one."
    assert items[1].line == 2 and "longer than max_text_bytes" in failure(items[1])
    assert len(items) == 2


def test_html_without_article_text(tmp_path: Path):
    f = tmp_path / "gallery.html"
    f.write_text('<html><head><title>Gallery</title></head><body><img src="a.png">'
                 "<script>var x = 1;</script></body></html>")
    assert failure(one(f)) == "no article text found in HTML"


def test_deeply_nested_html_does_not_crash(tmp_path: Path):
    f = tmp_path / "nested.html"
    f.write_text("<div>" * 50_000 + "Officials met." + "</div>" * 10)
    item = one(f)
    assert item.article is not None or item.error


def test_truncated_gzip_keeps_earlier_items(tmp_path: Path):
    rows = [{"text": f"Report {n}: " + os.urandom(600).hex()} for n in range(200)]
    blob = gzip.compress(jsonl(rows))
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(blob[: len(blob) // 2])
    items = read(f)
    good, last = items[:-1], items[-1]
    assert len(good) > 10 and all(i.article is not None for i in good)
    assert [i.article.text for i in good] == [r["text"] for r in rows[: len(good)]]
    assert "truncated" in failure(last) and last.line == len(good) + 1


def test_not_gzip_at_all(tmp_path: Path):
    f = tmp_path / "fake.jsonl.gz"
    f.write_bytes(b'{"text": "plain, not compressed"}\n')
    assert "not a valid gzip file" in failure(one(f))


def test_future_and_unparseable_dates(tmp_path: Path):
    f = tmp_path / "dates.jsonl"
    f.write_bytes(jsonl([
        {"text": "A treaty was signed.", "date": "2031-01-01"},
        {"text": "A treaty was ratified.", "date": "yesterday-ish"},
        {"text": "A treaty was renounced.", "date": 20240101},
    ]))
    items = read(f)
    assert all(i.article is not None and i.article.date is None for i in items)
    assert items[0].warning == "date '2031-01-01' is in the future; publication date left empty"
    assert items[1].warning == "unparseable date 'yesterday-ish'; publication date left empty"
    assert items[2].warning.startswith("unparseable date '20240101'")
    default = ReaderOptions(date=date(2024, 1, 2), today=TODAY)
    items = read(f, options=default)
    assert all(i.article.date == date(2024, 1, 2) for i in items)
    assert items[1].warning == "unparseable date 'yesterday-ish'; using the default date"


def test_readitem_is_frozen():
    item = ReadItem("-", None, None, error="x")
    with pytest.raises(AttributeError):
        item.error = "y"  # type: ignore[misc]


# --- properties -----------------------------------------------------------------------------

PROPS = settings(max_examples=50, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(st.lists(st.text(min_size=1).filter(str.strip), max_size=8))
def test_jsonl_round_trip(tmp_path: Path, texts: list[str]):
    f = tmp_path / "round.jsonl"
    f.write_bytes(jsonl([{"text": t, "id": str(i)} for i, t in enumerate(texts)]))
    items = read(f)
    if not texts:  # an empty feed is one failure, not silence
        assert [(i.line, i.error) for i in items] == [
            (None, "no articles: empty, or only blank lines")]
        return
    assert [i.article.text for i in items] == texts
    assert [i.line for i in items] == list(range(1, len(texts) + 1))


@PROPS
@given(st.binary(max_size=400) | st.lists(
    st.sampled_from([b"{", b"}", b"\n", b" ", b'"text"', b":", b'"a"', b"[", b"\xff", b"1e9999",
                     b"\xef\xbb\xbf", b'"html"', b"null", b",", b"\r"]), max_size=40).map(b"".join))
def test_arbitrary_jsonl_bytes_never_raise(tmp_path: Path, data: bytes):
    f = tmp_path / "fuzz.jsonl"
    f.write_bytes(data)
    items = read(f)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if lines:
        lines[0] = lines[0].removeprefix(b"\xef\xbb\xbf")
    non_blank = [n + 1 for n, line in enumerate(lines) if line.strip()]
    assert [i.line for i in items] == (non_blank or [None])  # nothing at all: one failure
    assert all((i.article is None) == bool(i.error) for i in items)


@PROPS
@given(st.binary(max_size=400))
def test_arbitrary_text_bytes_never_raise(tmp_path: Path, data: bytes):
    f = tmp_path / "fuzz.txt"
    f.write_bytes(data)
    item = one(f)
    assert (item.article is None) == bool(item.error)
    if item.article is not None:
        assert item.article.text.encode() == data.removeprefix(b"\xef\xbb\xbf")


# tag soup: fragments of real markup in any order, unclosed, nested, with odd bytes between
_HTML_BITS = [b"<html>", b"</html>", b"<head>", b"<title>", b"</title>", b"<body>", b"<p>",
              b"</p>", b"<div>", b"</div>", b"<article>", b"</article>", b"<script>",
              b"</script>", b"<!--", b"-->", b"<meta charset='x-unknown'>", b"<![CDATA[",
              b"&amp;", b"&#0;", b"&#xD800;", b"Talks resumed in Oslo on Monday. ", b"\x00",
              b"\xff\xfe", b"\xe2\x80\xae", b"<meta property='article:published_time' "
              b"content='2999-01-01'>", b"<a href='javascript:x'>", b"\n"]


@PROPS
@given(st.lists(st.sampled_from(_HTML_BITS), max_size=60).map(b"".join) | st.binary(max_size=300))
def test_arbitrary_html_never_raises(tmp_path: Path, data: bytes):
    f = tmp_path / "page.html"
    f.write_bytes(data)
    item = one(f)
    assert (item.article is None) == bool(item.error)
    if item.article is not None:
        assert item.article.text.strip()
        assert item.article.date is None or item.article.date <= TODAY


@PROPS
@given(st.binary(max_size=300), st.booleans())
def test_gzipped_jsonl_of_any_bytes_never_raises(tmp_path: Path, data: bytes, compress: bool):
    """Real gzip around garbage, and garbage that only claims to be gzip by its name."""
    f = tmp_path / "feed.jsonl.gz"
    f.write_bytes(gzip.compress(data) if compress else data)
    items = read(f)
    assert items, "even an unreadable archive gives one failure item"
    assert all((i.article is None) == bool(i.error) for i in items)


@PROPS
@given(st.binary(max_size=300))
def test_stdin_of_any_bytes_never_raises(data: bytes):
    items = read("-", stdin=io.BytesIO(data))
    assert all((i.article is None) == bool(i.error) for i in items)
    assert all(i.origin == "-" for i in items)


@PROPS
@given(st.lists(st.tuples(st.sampled_from([".txt", ".html", ".jsonl", ".gz", ".png", ""]),
                          st.binary(max_size=80)), max_size=6))
def test_folders_of_any_files_never_raise(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("news")
    for n, (ext, data) in enumerate(files):
        sub = folder / ("deep" if n % 2 else ".") / f"f{n}{ext}"
        sub.parent.mkdir(parents=True, exist_ok=True)
        sub.write_bytes(data)
    every = read(folder)
    items = [i for i in every if not i.skipped]
    assert all(i.article is None and not i.error for i in every if i.skipped)
    assert all((i.article is None) == bool(i.error) for i in items)
    readable = {".txt", ".html", ".jsonl", ".gz"}
    origins = {Path(i.origin.split(":")[0]).name for i in items}
    expected = {f"f{n}{ext}" for n, (ext, _) in enumerate(files) if ext in readable}
    # a folder with nothing readable in it is itself the one failure
    assert origins <= expected or origins == {folder.name}, origins
