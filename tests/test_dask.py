"""Distributed runs on Dask: the same batch function, the same store, nothing duplicated."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from conftest import write_feed

dask_distributed = pytest.importorskip("dask.distributed")


def _feed(path, n: int) -> None:
    write_feed(path, n, seed=23, prefix="d", day="2024-04-02", outlets=5)


def _snapshot(db):
    from eventcoder.store import EventStore

    with EventStore(db, read_only=True) as store:
        return (store.con.execute("SELECT id, cluster_id FROM articles ORDER BY id").fetchall(),
                store.con.execute("SELECT id FROM events ORDER BY id").fetchall())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from eventcoder.ingest import IngestOptions, ingest

    tmp = tmp_path_factory.mktemp("dask")
    feed = tmp / "feed.jsonl"
    _feed(feed, 150)
    clean = tmp / "clean.duckdb"
    ingest([feed], clean, IngestOptions(batch_size=6))
    return feed, _snapshot(clean)


def test_local_dask_cluster_gives_the_same_store_as_one_process(corpus, tmp_path):
    from eventcoder.ingest import IngestOptions, ingest

    feed, clean = corpus
    db = tmp_path / "dask.duckdb"
    summary = ingest([feed], db, IngestOptions(batch_size=6, dask_workers=2))
    assert summary.added == 150
    assert _snapshot(db) == clean


def test_a_killed_worker_has_its_batches_rerun_without_duplicates(corpus, tmp_path):
    from dask.distributed import Client, LocalCluster

    from eventcoder.ingest import IngestOptions, ingest

    feed, clean = corpus
    db = tmp_path / "killed-worker.duckdb"
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    try:
        client = Client(cluster)
        pids = list(client.run(os.getpid).values())
        result = {}
        first_batch = threading.Event()

        def run() -> None:
            result["summary"] = ingest([feed], db, IngestOptions(
                batch_size=3, scheduler=cluster.scheduler_address),
                progress=lambda summary, consumed: first_batch.set())

        worker = threading.Thread(target=run)
        worker.start()
        # kill a worker once coding is under way (the first batch is stored)
        assert first_batch.wait(timeout=300)
        killed_mid_run = worker.is_alive()
        os.kill(pids[0], signal.SIGKILL)
        worker.join(timeout=600)
        assert not worker.is_alive()
        assert result["summary"].added == 150
        assert killed_mid_run, "the ingest finished before the kill; make the corpus larger"
        client.close()
    finally:
        cluster.close()
    assert _snapshot(db) == clean


def test_missing_dask_names_the_extra(monkeypatch):
    import builtins

    from eventcoder.errors import EventcoderError
    from eventcoder.executors import DaskExecutor
    from eventcoder.settings import CoderOptions

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError("no dask here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(EventcoderError, match=r"eventcoder\[dask\]"):
        DaskExecutor(CoderOptions(), workers=1)
