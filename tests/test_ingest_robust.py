"""Ingest under hostile conditions: odd names, ids that collide, failures of many runs, bombs of
bad lines, a full disk. Nothing is lost silently and every failure ends in a clear message."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

TEXT = "Poland accused Russia of sabotage on Monday."
OTHER = "Germany pledged aid to Ukraine on Tuesday."
THIRD = "Japan and Vietnam signed an agreement on coastguard training in Hanoi on Friday."


def _rows(db, sql: str, params=()) -> list[tuple]:
    from eventcoder.store import EventStore

    with EventStore(db, read_only=True) as store:
        return store.con.execute(sql, list(params)).fetchall()


def _feed(path, *records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


# --- 1. a name that is not UTF-8 --------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_does_not_stop_the_ingest(tmp_path):
    from eventcoder.ingest import ingest

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT)
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "w") as fh:
        fh.write(OTHER)
    with open(os.fsencode(folder) + b"/bin\xe9.txt", "wb") as fh:  # and a failure under one
        fh.write(b"\x00\x01\x02 binary")
    db = tmp_path / "a.duckdb"
    summary = ingest([folder], db)
    assert summary.added == 2 and summary.failures == 1
    assert sorted(r[0] for r in _rows(db, "SELECT origin FROM articles")) == [
        f"{folder}/caf\\xe9.txt", f"{folder}/ok.txt"]
    assert _rows(db, "SELECT origin, reason FROM failures WHERE severity = 'error'") == [
        (f"{folder}/bin\\xe9.txt", "binary file")]


# --- 3. different articles under one id -------------------------------------------------------


def test_different_articles_sharing_an_id_are_a_recorded_conflict(tmp_path):
    from eventcoder.ingest import ingest

    feed = tmp_path / "feed.jsonl"
    _feed(feed, {"id": 7, "text": TEXT}, {"id": "7", "text": OTHER}, {"id": 7, "text": TEXT})
    db = tmp_path / "a.duckdb"
    summary = ingest([feed], db)
    assert summary.added == 1 and summary.failures == 1
    assert _rows(db, "SELECT id, text FROM articles") == [("7", TEXT)]
    (line, reason), = _rows(db, "SELECT line, reason FROM failures WHERE severity = 'error'")
    assert line == 2 and "id '7' already names a different article" in reason
    assert f"{feed}:1" in reason  # where the article holding the id came from
    # the same article under its id once more is no conflict: it is already stored
    again = ingest([feed], db)
    assert again.added == 0 and again.already_stored == 2 and again.failures == 1


def test_an_id_conflict_across_batches_of_one_run_is_caught_when_written(tmp_path):
    """With batches coded ahead of the writer, the second text's batch is prepared before the
    first one is stored: the writer's check catches it."""
    from eventcoder.ingest import IngestOptions, ingest

    feed = tmp_path / "feed.jsonl"
    _feed(feed, {"id": "x", "text": TEXT}, {"id": "y", "text": THIRD},
          {"id": "x", "text": OTHER})
    db = tmp_path / "a.duckdb"
    summary = ingest([feed], db, IngestOptions(batch_size=1))
    assert summary.added == 2 and summary.failures == 1
    assert sorted(_rows(db, "SELECT id, text FROM articles")) == [("x", TEXT), ("y", THIRD)]
    assert [r[0] for r in _rows(db, "SELECT line FROM failures WHERE severity = 'error'")] \
        == [3]


def test_an_id_conflict_across_runs_is_recorded(tmp_path):
    from eventcoder.ingest import ingest

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _feed(first, {"id": "story-1", "text": TEXT})
    _feed(second, {"id": "story-1", "text": OTHER}, {"id": "story-2", "text": THIRD})
    db = tmp_path / "a.duckdb"
    ingest([first], db)
    summary = ingest([second], db)
    assert summary.added == 1 and summary.failures == 1
    (origin, reason), = _rows(db, "SELECT origin, reason FROM failures "
                                  "WHERE severity = 'error'")
    assert origin == str(second) and f"{first}:1" in reason


# --- 5. every failure of every run is a row -------------------------------------------------


def test_the_same_failure_in_two_runs_is_two_rows(tmp_path):
    from eventcoder.ingest import ingest

    db = tmp_path / "a.duckdb"
    runs = []
    for _ in range(3):
        stdin = open(os.devnull, "rb")  # "-": an empty stdin fails the same way every time
        with stdin:
            runs.append(ingest(["-"], db, stdin=stdin).run_id)
    rows = _rows(db, "SELECT origin, run_id FROM failures ORDER BY first_seen")
    assert rows == [("-", run) for run in runs]


def test_a_store_with_the_old_failures_key_keeps_its_rows_and_loses_the_key(tmp_path):
    import duckdb

    from eventcoder.store import EventStore, Failure

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE failures (origin VARCHAR NOT NULL, line INTEGER NOT NULL, "
                "reason VARCHAR NOT NULL, severity VARCHAR NOT NULL, first_seen TIMESTAMP "
                "NOT NULL, run_id VARCHAR, PRIMARY KEY (origin, line, reason))")
    con.execute("INSERT INTO failures VALUES ('-', 1, 'bad', 'error', now(), 'r1')")
    con.close()
    with EventStore(db) as store:
        store.write_batch([], [Failure("-", 1, "bad")], "r2")
    assert sorted(r[0] for r in _rows(db, "SELECT run_id FROM failures")) == ["r1", "r2"]


# --- 11. a bomb of bad lines -----------------------------------------------------------------


def test_failure_rows_are_capped_per_file_and_the_rest_counted(tmp_path):
    from eventcoder.ingest import IngestOptions, ingest

    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"{}\n" * 1000))
    small = tmp_path / "small.jsonl"
    small.write_text("{}\n" * 3 + json.dumps({"text": TEXT}) + "\n")
    db = tmp_path / "a.duckdb"
    summary = ingest([bomb, small], db)
    assert summary.failures == 1003 and summary.added == 1  # every failure is counted
    rows = _rows(db, "SELECT origin, line, reason FROM failures WHERE severity = 'error' "
                     "ORDER BY origin, line")
    mine = [r for r in rows if r[0] == str(bomb)]
    assert [r[1] for r in mine] == [0] + list(range(1, 101))
    assert mine[0][2] == ("900 more problems in this file not recorded one by one "
                          "(900 errors, 0 warnings): at most 100 rows per file")
    assert [r[1] for r in rows if r[0] == str(small)] == [1, 2, 3]  # under the cap: all
    assert IngestOptions().failure_rows_per_file == 100


def test_the_cap_is_an_option(tmp_path):
    from eventcoder.ingest import IngestOptions, ingest

    bomb = tmp_path / "bomb.jsonl"
    bomb.write_bytes(b"[]\n" * 30)
    db = tmp_path / "a.duckdb"
    ingest([bomb], db, IngestOptions(failure_rows_per_file=5))
    assert [r[0] for r in _rows(db, "SELECT line FROM failures ORDER BY line")] == [
        0, 1, 2, 3, 4, 5]


# --- 6. a full disk --------------------------------------------------------------------------


def test_disk_full_is_a_clear_error_naming_the_database_and_the_cause(tmp_path, monkeypatch):
    """The chain DuckDB gives on a full disk (an IO error, then a failed rollback), injected."""
    import duckdb

    from eventcoder.errors import StoreError
    from eventcoder.ingest import ingest
    from eventcoder.store import EventStore

    feed = tmp_path / "feed.jsonl"
    _feed(feed, {"text": TEXT})
    real_write_batch = EventStore.write_batch

    def full_disk(self, items, failures, run_id=None):
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            raise duckdb.IOException(f'IO Error: Could not write file "{self.path}.wal": '
                                     "No space left on device")
        except duckdb.Error:
            con.execute("ROLLBACK")
            con.execute("ROLLBACK")  # what the old writer did: a second error on top
    monkeypatch.setattr(EventStore, "write_batch", full_disk)
    db = tmp_path / "a.duckdb"
    with pytest.raises(StoreError) as info:
        ingest([feed], db)
    message = str(info.value)
    assert str(db) in message and "No space left on device" in message
    assert "rerun to resume" in message
    monkeypatch.setattr(EventStore, "write_batch", real_write_batch)
    assert ingest([feed], db).added == 1  # resume


def test_a_failed_commit_raises_its_own_error_not_the_rollbacks(tmp_path, monkeypatch):
    import duckdb

    from eventcoder.store import EventStore

    with EventStore(tmp_path / "a.duckdb") as store:
        real = store.con

        class FullDisk:
            def __getattr__(self, name):
                return getattr(real, name)

            def execute(self, sql, *args):
                if sql == "COMMIT":
                    real.execute("ROLLBACK")  # the transaction is gone, as after a failed write
                    raise duckdb.IOException("IO Error: No space left on device")
                return real.execute(sql, *args)

        store.con = FullDisk()
        with pytest.raises(duckdb.IOException, match="No space left"):
            store.write_batch([], [_failure()], "r")
        store.con = real


def _failure():
    from eventcoder.store import Failure

    return Failure("-", 1, "bad")


_FULL_DISK_SCRIPT = textwrap.dedent("""
    import json, os, subprocess, sys
    mnt, work = sys.argv[1], sys.argv[2]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mnt], check=True)
    db = os.path.join(mnt, "events.duckdb")
    def ingest(feed):
        return subprocess.run([sys.executable, "-m", "eventcoder", "ingest", feed, "--db", db,
                               "--batch-size", "4"], capture_output=True, text=True)
    first = ingest(os.path.join(work, "first.jsonl"))
    filler = os.path.join(mnt, "filler")
    with open(filler, "wb") as fh:  # leave about 64 KB free
        try:
            while True:
                fh.write(b"x" * 65536)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            pass
    os.truncate(filler, max(0, os.path.getsize(filler) - 65536))
    full = ingest(os.path.join(work, "second.jsonl"))
    stats = subprocess.run([sys.executable, "-m", "eventcoder", "stats", "--db", db],
                           capture_output=True, text=True)
    os.remove(filler)
    resumed = ingest(os.path.join(work, "second.jsonl"))
    final = subprocess.run([sys.executable, "-m", "eventcoder", "stats", "--db", db],
                           capture_output=True, text=True)
    print(json.dumps({k: [p.returncode, p.stdout, p.stderr] for k, p in (
        ("first", first), ("full", full), ("stats", stats), ("resumed", resumed),
        ("final", final))}))
""")


def test_a_real_full_disk_ends_clearly_and_resumes(tmp_path):
    """A 16 MB tmpfs in a mount namespace of our own (skipped where one cannot be made)."""
    from conftest import write_feed

    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run(
        [unshare, "-m", "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {tmp_path}"],
        capture_output=True)
    if not probe or probe.returncode:
        pytest.skip("cannot mount a tmpfs in a mount namespace here")
    write_feed(tmp_path / "first.jsonl", 4, seed=5, prefix="f")
    with (tmp_path / "second.jsonl").open("w") as fh:
        for i in range(40):  # texts large enough to overflow 64 KB in the first batches
            fh.write(json.dumps({"id": f"s{i}", "text": f"Poland accused Russia ({i}). "
                                 + OTHER * 120, "date": "2024-01-01"}) + "\n")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = tmp_path / "full_disk.py"
    script.write_text(_FULL_DISK_SCRIPT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([unshare, "-m", sys.executable, str(script), str(mnt),
                           str(tmp_path)], capture_output=True, text=True, timeout=900,
                          env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["first"][0] == 0, out["first"][2]
    code, _, err = out["full"]
    assert code == 2, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert f"{mnt}/events.duckdb" in last and "No space left on device" in last, err
    assert out["stats"][0] == 0, out["stats"][2]  # the store stays readable
    stored_when_full = int(out["stats"][1].split()[1])  # "articles   N"
    assert 4 <= stored_when_full < 44
    assert out["resumed"][0] == 0, out["resumed"][2]
    assert out["final"][1].split()[:2] == ["articles", "44"]  # nothing lost, nothing twice


def test_the_api_ingest_reports_an_id_conflict(tmp_path):
    from fastapi.testclient import TestClient

    from eventcoder.api import create_app
    from eventcoder.ingest import ingest

    feed = tmp_path / "feed.jsonl"
    _feed(feed, {"id": "7", "text": TEXT, "date": "2024-01-02"})
    db = tmp_path / "a.duckdb"
    ingest([feed], db)
    auth = {"Authorization": "Bearer s3cret-token"}
    body = [{"id": "7", "text": OTHER, "date": "2024-01-02"},
            {"id": "8", "text": THIRD, "date": "2024-01-02"},
            {"id": "8", "text": TEXT, "date": "2024-01-02"},
            {"id": "7", "text": TEXT, "date": "2024-01-02"}]
    with TestClient(create_app(db, ingest_token="s3cret-token"),
                    base_url="http://127.0.0.1") as client:  # a Host the API accepts
        answer = client.post("/api/ingest", json=body, headers=auth).json()
    assert (answer["added"], answer["already_stored"], answer["failures"]) == (1, 1, 2)
    conflicts = [p for p in answer["problems"] if "already names a different article" in p]
    assert [p.split(":")[1].strip() for p in conflicts] == ["article 1", "article 3"]
