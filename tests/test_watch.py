"""`eventcoder watch`: files ingested as they arrive, resumable after kill -9, a clean stop on
SIGINT/SIGTERM, files changing under the reader, and a reader beside the watcher."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eventcoder.ingest import IngestOptions
from eventcoder.settings import CoderOptions
from eventcoder.sources.readers import ReaderOptions
from eventcoder.store import EventStore
from eventcoder.watch import Watcher, WatchOptions

ROOT = Path(__file__).resolve().parent.parent
STORY = "Poland accused Belarus on Monday of pushing migrants across the shared border."
OTHER = "Japan and Vietnam signed an agreement on coastguard training in Hanoi on Friday."


def _write_articles(folder: Path, n: int, seed: int = 3) -> list[Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import articles

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(articles(n, seed=seed, paragraphs=(1, 1))):
        path = folder / f"a{i:03d}.txt"
        path.write_text(text)
        paths.append(path)
    return paths


def _options(poll: float | None = 0.1, **kw) -> WatchOptions:
    reader = ReaderOptions(date=__import__("datetime").date(2024, 5, 1))
    return WatchOptions(ingest=IngestOptions(coder=CoderOptions(), reader=reader, batch_size=4),
                        settle_seconds=0.1, poll_seconds=poll, **kw)


def _snapshot(db: Path) -> tuple[list, list]:
    with EventStore(db, read_only=True) as store:
        arts = store.con.execute("SELECT id FROM articles ORDER BY id").fetchall()
        evs = store.con.execute("SELECT id FROM events ORDER BY id").fetchall()
    return arts, evs


def _start(folder: Path, db: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "eventcoder", "watch", str(folder), "--db", str(db),
         "--date", "2024-05-01", "--poll", "0.1", "--settle", "0.1", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_line(proc: subprocess.Popen, want, timeout: float = 300) -> str:
    """Read the watcher's status lines until one satisfies `want`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            raise AssertionError(f"watcher ended early (rc={proc.poll()})")
        if line.startswith("watch: ") and want(line):
            return line
    raise AssertionError("no such status line in time")


def _added(line: str) -> int:
    return int(line.split(" added")[0].rsplit(" ", 1)[1])


def _in_thread(watcher: Watcher) -> threading.Thread:
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    return thread


def _until(check, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.parametrize("poll", [None, 0.1], ids=["inotify", "polling"])
def test_files_arriving_are_ingested_once(tmp_path, poll):
    folder, db = tmp_path / "in", tmp_path / "e.duckdb"
    folder.mkdir()
    (folder / "first.txt").write_text(STORY)
    # rescans far apart: with inotify, the later file is found through its notification
    watcher = Watcher(folder, db, _options(poll, rescan_seconds=60))
    thread = _in_thread(watcher)
    _until(lambda: watcher.status.added == 1)
    (folder / "later.txt").write_text(OTHER)
    (folder / "notes.png").write_bytes(b"\x89PNG")  # not an article: never read
    _until(lambda: watcher.status.added == 2)
    watcher.stop.set()
    thread.join(30)
    assert not thread.is_alive()
    arts, evs = _snapshot(db)
    assert len(arts) == 2 and evs
    # a second watcher over the same folder (a restart) adds nothing
    again = Watcher(folder, db, _options())
    again.catch_up()  # what a restarted watcher does first
    assert again.status.read == 2 and again.status.added == 0
    assert _snapshot(db) == (arts, evs)


def test_a_file_changed_or_gone_while_read_is_reread_or_recorded(tmp_path, monkeypatch):
    """A file rewritten while the ingest reads it is read again (its new text stored too); a
    file gone before it is read is a recorded failure; the watcher goes on either way."""
    import eventcoder.watch as watch_module

    folder, db = tmp_path / "in", tmp_path / "e.duckdb"
    folder.mkdir()
    changing, vanishing = folder / "changing.txt", folder / "vanishing.txt"
    changing.write_text(STORY)
    vanishing.write_text(OTHER)
    real_ingest = watch_module.ingest
    calls = []

    def racing_ingest(paths, *args, **kwargs):
        calls.append(sorted(Path(p).name for p in paths))
        if len(calls) == 1:
            vanishing.unlink()
            summary = real_ingest(paths, *args, **kwargs)
            changing.write_text(STORY + " Warsaw recalled its ambassador.")
            return summary
        return real_ingest(paths, *args, **kwargs)

    monkeypatch.setattr(watch_module, "ingest", racing_ingest)
    watcher = Watcher(folder, db, _options())
    thread = _in_thread(watcher)
    _until(lambda: len(calls) >= 2 and watcher.status.added == 2)
    watcher.stop.set()
    thread.join(30)
    assert calls[1] == ["changing.txt"]
    with EventStore(db, read_only=True) as store:
        texts = [r[0] for r in store.con.execute("SELECT text FROM articles").fetchall()]
        failures = store.con.execute("SELECT origin, reason FROM failures").fetchall()
    assert sorted(texts) == [STORY, STORY + " Warsaw recalled its ambassador."]
    assert [(Path(o).name, r) for o, r in failures] == [("vanishing.txt",
                                                        "no such file or directory")]
    assert watcher.status.failures == 1


def test_a_file_replaced_by_rename_is_read_again_even_with_the_same_size_and_time(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "e.duckdb"
    folder.mkdir()
    target = folder / "story.txt"
    target.write_text(STORY)
    time.sleep(0.2)  # settled
    watcher = Watcher(folder, db, _options())
    watcher.catch_up()
    assert watcher.status.added == 1
    before = os.stat(target)
    fresh = folder / ".story.tmp"  # hidden: never read itself
    fresh.write_text(STORY.replace("Monday", "Friday"))  # the same length
    os.utime(fresh, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(fresh, target)
    assert os.stat(target).st_size == before.st_size
    assert os.stat(target).st_mtime_ns == before.st_mtime_ns
    watcher.catch_up()
    assert watcher.status.added == 2
    with EventStore(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles WHERE text LIKE '%Friday%'"
                                 ).fetchone()[0] == 1


def test_sigkill_then_restart_loses_and_duplicates_nothing(tmp_path):
    folder = tmp_path / "in"
    _write_articles(folder, 24)
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "eventcoder", "ingest", str(folder), "--db",
                    str(clean), "--date", "2024-05-01"], check=True, capture_output=True,
                   env=env, timeout=600)
    full = _snapshot(clean)
    proc = _start(folder, killed, "--batch-size", "2", "--files-per-group", "4")
    try:
        line = _wait_for_line(proc, lambda s: _added(s) >= 2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _added(line) < 24, "the watcher finished before its kill; make the corpus larger"
    partial = _snapshot(killed)
    assert 0 < len(partial[0]) < 24
    assert set(partial[1]) <= set(full[1])
    with EventStore(killed, read_only=True) as store:  # the killed run never finished
        assert store.con.execute("SELECT count(*) FROM runs WHERE finished IS NULL"
                                 ).fetchone()[0] == 1
    proc = _start(folder, killed, "--batch-size", "2", "--files-per-group", "4")
    try:
        _wait_for_line(proc, lambda s: s.rstrip().endswith("- watching"))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    assert proc.returncode == 0
    arts, evs = _snapshot(killed)
    assert (arts, evs) == full
    assert len(evs) == len(set(evs))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_watcher_cleanly_after_a_commit(tmp_path, signum):
    folder, db = tmp_path / "in", tmp_path / "e.duckdb"
    _write_articles(folder, 16)
    proc = _start(folder, db, "--batch-size", "2", "--files-per-group", "16")
    _wait_for_line(proc, lambda s: _added(s) >= 2)  # mid-group: more batches to come
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "watch stopped:" in err
    arts, _ = _snapshot(db)
    assert 2 <= len(arts) < 16  # it stopped after a batch instead of finishing the folder
    with EventStore(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM runs WHERE finished IS NULL"
                                 ).fetchone()[0] == 0


def test_a_server_reads_each_commit_while_the_watcher_writes(tmp_path):
    """The API's store (SharedStore) reads the database between the watcher's groups, and
    the watcher waits while the reader holds the file: both see every batch, neither fails."""
    from eventcoder.errors import StoreUnavailable
    from eventcoder.store.shared import SharedStore

    folder, db = tmp_path / "in", tmp_path / "e.duckdb"
    _write_articles(folder, 12)
    proc = _start(folder, db, "--batch-size", "2", "--files-per-group", "2")
    shared = SharedStore(db, idle_seconds=0.05, busy_seconds=1)
    seen: list[int] = []
    lines: list[str] = []
    reader_done = threading.Event()

    def read_status() -> None:
        for line in proc.stderr:
            lines.append(line)
        reader_done.set()

    threading.Thread(target=read_status, daemon=True).start()
    busy = 0
    try:
        deadline = time.monotonic() + 300
        while (not seen or seen[-1] < 12) and time.monotonic() < deadline:
            try:
                with shared.read() as r:
                    n = r.counts()["articles"]
                if not seen or n != seen[-1]:
                    seen.append(n)
            except StoreUnavailable:
                busy += 1  # the watcher holds the file for a group: try again
            time.sleep(0.1)
            shared.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    assert proc.returncode == 0, "".join(lines)
    assert seen[-1] == 12
    assert len([n for n in seen if 0 < n < 12]) >= 2, seen  # commits seen as they came
    assert seen == sorted(seen)
