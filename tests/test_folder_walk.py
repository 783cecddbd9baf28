"""What a folder walk reads (one rule, the same as for named files) and how odd file names and
files that are not regular files are met: never a crash, never a hang, never a silent skip."""

from __future__ import annotations

import gzip
import json
import os
import threading

import pytest

TEXT = "Poland accused Russia of sabotage on Monday."
OTHER = "Germany pledged aid to Ukraine on Tuesday."


def _in_thread(fn, timeout: float):
    """fn() run in a thread, so a reader that blocks fails the test instead of hanging it."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "reading blocked"
    assert out, "the call raised (see the thread's traceback above)"
    return out[0]


def _read(*inputs, timeout: float = 60.0) -> list:
    """Every item read_inputs gives."""
    from eventcoder.sources.readers import read_inputs

    return _in_thread(lambda: list(read_inputs(list(inputs))), timeout)


def _texts(items) -> dict[str, str]:
    return {i.origin: i.article.text for i in items if i.ok}


# --- 1. file names that are not UTF-8 ---------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_and_stored_escaped(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT)
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(OTHER.encode())
    got = _texts(_read(folder))
    assert got == {f"{folder}/ok.txt": TEXT, f"{folder}/caf\\xe9.txt": OTHER}
    for origin in got:
        origin.encode("utf-8")  # valid UTF-8: what DuckDB and Arrow need


def test_escaped_names_stay_distinct_from_names_that_look_like_escapes():
    from eventcoder.sources.items import origin_name

    raw = os.fsdecode(b"caf\xe9.txt")
    literal = "caf\\xe9.txt"  # a real name with a backslash in it
    assert origin_name(raw) == "caf\\xe9.txt"
    assert origin_name(literal) == "caf\\\\xe9.txt"
    assert origin_name("plain/café.txt") == "plain/café.txt"  # valid names are unchanged


def test_a_named_file_with_such_a_name_is_escaped_too(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xff\xfe.jsonl"
    with open(name, "wb") as fh:
        fh.write(json.dumps({"text": TEXT}).encode() + b"\n\x00\x01 binary\n")
    items = _read(os.fsdecode(name))
    assert [i.origin for i in items] == [f"{tmp_path}/\\xff\\xfe.jsonl"] * 2
    assert items[0].ok and items[1].error and items[1].line == 2


# --- 2. files that are not regular files ------------------------------------------------------


def test_a_fifo_in_a_folder_is_skipped_with_a_warning_not_waited_on(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    os.mkfifo(folder / "b.txt")
    items = _read(folder, timeout=30)
    assert _texts(items) == {f"{folder}/a.txt": TEXT}
    fifo = [i for i in items if i.origin.endswith("b.txt")]
    assert len(fifo) == 1 and fifo[0].skipped and not fifo[0].ok
    assert "FIFO" in fifo[0].warning and "not a regular file" in fifo[0].warning


# --- 4. one rule for what a folder walk reads ---------------------------------------------------


def _one_of_each_kind(folder) -> dict[str, str]:
    """A file of every ending eventcoder reads; name -> the text it holds."""
    from eventcoder.sources.items import SUFFIX_KINDS

    want = {}
    for n, (suffix, kind) in enumerate(SUFFIX_KINDS):
        if kind not in ("jsonl", "html", "text"):
            continue  # web archives and feeds: tests/test_warc.py, tests/test_feeds.py
        text = f"Article {n}: Poland accused Russia of spying in {suffix} files."
        path = folder / f"a{n}{suffix}"
        if kind == "jsonl":
            data = (json.dumps({"text": text}) + "\n").encode()
            path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
        elif kind == "html":
            path.write_text(f"<html><head><title>T</title></head><body><article><p>{text}"
                            f"</p></article></body></html>")
        else:
            path.write_text(text)
        want[path.name] = text
    return want


def test_a_folder_walk_reads_every_ending_but_xml():
    from eventcoder.sources.items import DEFAULT_OPTIONS, SUFFIX_KINDS, WALK_PASSES_OVER

    assert WALK_PASSES_OVER == (".xml",)
    assert set(DEFAULT_OPTIONS.extensions) == {s for s, _ in SUFFIX_KINDS} - {".xml"}


def test_a_folder_walk_reads_every_ending_a_named_file_is_read_by(tmp_path):
    want = _one_of_each_kind(tmp_path)
    assert {"a3.ndjson.gz", "a7.xhtml"} <= set(want)  # both were skipped in folders before
    walked = {os.path.basename(o): t for o, t in _texts(_read(tmp_path)).items()}
    assert walked == want
    named = {os.path.basename(o): t
             for o, t in _texts(_read(*sorted(tmp_path.iterdir()))).items()}
    assert named == walked


def test_symlinked_folders_are_walked_once_and_loops_end(tmp_path):
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.txt").write_text(TEXT)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked").symlink_to(real)  # a linked folder, as a linked file is read
    (corpus / "file.txt").symlink_to(real / "sub" / "a.txt")
    (real / "sub" / "loop").symlink_to(real)  # a loop back up
    texts = _texts(_read(corpus, timeout=30))
    assert texts == {f"{corpus}/file.txt": TEXT, f"{corpus}/linked/sub/a.txt": TEXT}


def test_files_a_walk_passes_over_are_skipped_items(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".notes.txt").write_text(OTHER)
    items = _read(tmp_path)
    skipped = sorted((os.path.basename(i.origin), i.skipped) for i in items if i.skipped)
    assert skipped == [(".notes.txt", "hidden file in a folder"),
                       ("logo.png", "file of another kind in a folder")]
    assert all(i.error is None and i.warning is None for i in items if i.skipped)
    assert _texts(items) == {f"{tmp_path}/a.txt": TEXT}


@pytest.mark.parametrize("make", ["fifo", "png"])
def test_ingest_counts_skipped_files_and_records_the_odd_ones(tmp_path, make):
    from eventcoder.ingest import ingest
    from eventcoder.store import EventStore

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    if make == "fifo":
        os.mkfifo(folder / "b.txt")
    else:
        (folder / "b.png").write_bytes(b"\x89PNG")
    summary = _in_thread(lambda: ingest([folder], tmp_path / "s.duckdb"), 300)
    assert summary.added == 1 and summary.failures == 0
    assert summary.skipped == ({"not a regular file": 1} if make == "fifo"
                               else {"file of another kind in a folder": 1})
    with EventStore(tmp_path / "s.duckdb", read_only=True) as store:
        rows = store.con.execute("SELECT origin, severity, reason FROM failures "
                                 "WHERE origin LIKE '%b.%'").fetchall()
    if make == "fifo":  # a FIFO where an article was expected is worth a row
        assert rows == [(f"{folder}/b.txt", "warning",
                         "skipped: a FIFO (named pipe), not a regular file")]
    else:  # an image among articles is not
        assert rows == []
