"""Where coding runs: in this process, or in a local pool of processes.

Every executor calls the same pure function, `eventcoder.coder.code_batch`; there is no
second implementation of the pipeline. Batches come back in the order they went in, and at
most a few batches are in flight, so memory stays flat on any corpus size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol

from .coder import code_batch
from .records import Article
from .settings import CoderOptions

# Batches in flight per worker. Results are taken in order, so a worker that runs ahead of the
# oldest batch keeps busy only while it has more batches to take; two each left workers idle
# (15% of the CPU with two Dask workers). Memory: a few coded batches more, whatever the corpus.
BATCHES_PER_WORKER = 4

Tagged = tuple[Any, list[Article]]  # (caller's bookkeeping, articles) travels with its batch
# the pure batch function: code_batch, or a wrapper of it such as ingest's code_and_sign
BatchFn = Callable[[list[Article], CoderOptions], Any]


class Executor(Protocol):
    def map_batches(self, batches: Iterable[Tagged], fn: BatchFn = code_batch
                    ) -> Iterator[tuple[Any, Any]]:
        """Run `fn(articles, options)` on every batch, yielding (tag, result) in input order."""

    def close(self) -> None: ...


class InProcessExecutor:
    """Codes in the calling process (one worker)."""

    def __init__(self, options: CoderOptions) -> None:
        self.options = options

    def map_batches(self, batches: Iterable[Tagged], fn: BatchFn = code_batch
                    ) -> Iterator[tuple[Any, Any]]:
        for tag, batch in batches:
            yield tag, fn(batch, self.options)

    def close(self) -> None:
        pass


class ProcessPoolExecutorBackend:
    """Codes on `workers` local processes; each loads the model once (a cached Coder)."""

    def __init__(self, options: CoderOptions, workers: int) -> None:
        self.options = options
        self.window = BATCHES_PER_WORKER * max(1, workers)
        # spawn, not fork: the parent holds a DuckDB connection and threads
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))

    def map_batches(self, batches: Iterable[Tagged], fn: BatchFn = code_batch
                    ) -> Iterator[tuple[Any, Any]]:
        submitted = ((tag, self._pool.submit(fn, batch, self.options))
                     for tag, batch in batches)
        yield from _in_order(submitted, self.window)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskExecutor:
    """Codes on a Dask cluster: an existing scheduler, or a local cluster of `workers`.

    Each worker process keeps one Coder (the cached `code_batch` path), so the model loads
    once per worker. A batch whose worker dies is re-run by Dask (retries); results come back
    in order and the store skips anything already written, so nothing is duplicated.
    """

    def __init__(self, options: CoderOptions, scheduler: str | None = None, workers: int = 2,
                 retries: int = 3) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            from .errors import EventcoderError

            raise EventcoderError(
                "Dask is not installed: install the extra with "
                "pip install 'eventcoder[dask]'") from exc
        self.options = options
        self.retries = retries
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                         processes=True, dashboard_address=None)
            self.client = Client(self._cluster)
        slots = sum(w.get("nthreads", 1)
                    for w in self.client.scheduler_info().get("workers", {}).values())
        self.window = BATCHES_PER_WORKER * max(1, slots)

    def map_batches(self, batches: Iterable[Tagged], fn: BatchFn = code_batch
                    ) -> Iterator[tuple[Any, Any]]:
        submitted = ((tag, self.client.submit(fn, batch, self.options, pure=False,
                                              retries=self.retries))
                     for tag, batch in batches)
        yield from _in_order(submitted, self.window)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _in_order(submitted: Iterable[tuple[Any, Future]], window: int
              ) -> Iterator[tuple[Any, Any]]:
    """Results in submission order, with at most `window` batches in flight (flat memory)."""
    pending: deque[tuple[Any, Future]] = deque()
    for tag, fut in submitted:
        pending.append((tag, fut))
        if len(pending) >= window:
            tag0, done = pending.popleft()
            yield tag0, done.result()
    while pending:
        tag0, done = pending.popleft()
        yield tag0, done.result()


def make_executor(options: CoderOptions, workers: int = 1, scheduler: str | None = None,
                  dask_workers: int = 0) -> Executor:
    """The executor to use: Dask when a scheduler or Dask workers are asked for, else local
    (`workers` processes; 1 = in this process)."""
    if scheduler or dask_workers:
        return DaskExecutor(options, scheduler=scheduler, workers=dask_workers or 2)
    if workers <= 1:
        return InProcessExecutor(options)
    return ProcessPoolExecutorBackend(options, workers)
