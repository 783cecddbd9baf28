"""The local process pool: a worker that dies (SIGKILL, out of memory) has its batches re-run,
and one that keeps dying stops the run with a clear message instead of a traceback."""

from __future__ import annotations

import os
import signal
import threading

import psutil
import pytest
from conftest import write_feed

from eventcoder.records import Article
from eventcoder.settings import CoderOptions


def kill_once(articles: list[Article], options: CoderOptions) -> list[str]:
    """A batch function whose worker is killed the first time it meets a "KILL <marker>"
    article (the marker file says it happened), like the out-of-memory killer would."""
    for art in articles:
        if art.text.startswith("KILL "):
            marker = art.text.split(" ", 1)[1]
            if not os.path.exists(marker):
                open(marker, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
    return [a.text for a in articles]


def kill_always(articles: list[Article], options: CoderOptions) -> list[str]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def _batches(texts: list[str], size: int) -> list[tuple[int, list[Article]]]:
    return [(n, [Article(text=t, origin=f"feed.jsonl:{n * size + i + 1}")
                 for i, t in enumerate(texts[n * size:(n + 1) * size])])
            for n in range((len(texts) + size - 1) // size)]


def test_a_killed_worker_has_its_batches_rerun_in_order(tmp_path):
    from eventcoder.executors import ProcessPoolExecutorBackend

    texts = [f"article {i}" for i in range(40)]
    texts[13] = f"KILL {tmp_path / 'killed'}"
    pool = ProcessPoolExecutorBackend(CoderOptions(), workers=2)
    try:
        got = list(pool.map_batches(_batches(texts, 3), kill_once))
    finally:
        pool.close()
    assert (tmp_path / "killed").exists()  # the worker was killed once...
    assert [tag for tag, _ in got] == list(range(14))  # ...and every batch came back, in order
    assert [t for _, result in got for t in result] == texts


def test_a_worker_that_keeps_dying_stops_the_run_with_a_clear_message():
    from eventcoder.errors import WorkerLost
    from eventcoder.executors import ProcessPoolExecutorBackend

    pool = ProcessPoolExecutorBackend(CoderOptions(), workers=2, retries=1)
    try:
        with pytest.raises(WorkerLost) as info:
            list(pool.map_batches(_batches(["a", "b", "c"], 2), kill_always))
    finally:
        pool.close()
    message = str(info.value)
    assert "died 2 times" in message and "feed.jsonl:1" in message
    assert "rerun to resume" in message


def _coding_workers() -> list[psutil.Process]:
    """This process's pool workers (spawned children, not the resource tracker)."""
    return [p for p in psutil.Process().children(recursive=True)
            if "resource_tracker" not in " ".join(p.cmdline())]


def test_an_ingest_with_a_killed_worker_stores_everything_once(tmp_path):
    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.store import EventStore

    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 60, seed=31, prefix="k", day="2024-04-02")
    db = tmp_path / "killed.duckdb"
    result: dict = {}
    first_batch = threading.Event()

    def run() -> None:
        try:
            result["summary"] = ingest([feed], db, IngestOptions(batch_size=3, workers=2),
                                       progress=lambda summary, consumed: first_batch.set())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            result["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    assert first_batch.wait(timeout=600)
    killed_mid_run = worker.is_alive()
    victims = _coding_workers()
    assert victims
    victims[0].send_signal(signal.SIGKILL)
    worker.join(timeout=900)
    assert not worker.is_alive()
    assert "error" not in result, result.get("error")
    assert killed_mid_run, "the ingest finished before the kill; make the corpus larger"
    assert result["summary"].added == 60
    with EventStore(db, read_only=True) as store:
        ids = [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()]
        events = store.con.execute("SELECT count(*), count(DISTINCT id) FROM events"
                                   ).fetchone()
    assert sorted(ids) == [f"k{i:05d}" for i in range(60)]
    assert events[0] == events[1] > 0
