"""Where coding runs: in this process, or in a local pool of processes.

Every executor calls the same pure function, `eventcoder.coder.code_batch`; there is no
second implementation of the pipeline. Batches come back in the order they went in, and at
most a few batches are in flight, so memory stays flat on any corpus size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Protocol

from .coder import code_batch
from .errors import WorkerLost
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
    """Codes on `workers` local processes; each loads the model once (a cached Coder).

    A worker that dies (SIGKILL, the kernel's out-of-memory killer) breaks the whole pool and
    every batch in flight with it. The pool is then started again and those batches re-run,
    in order, as the Dask executor does; nothing was stored from them, so nothing is
    duplicated. Batches in flight through more than `retries` deaths stop the run with a
    `WorkerLost` naming them (the batches before them are stored: a rerun resumes)."""

    def __init__(self, options: CoderOptions, workers: int, retries: int = 3) -> None:
        self.options = options
        self.workers = workers
        self.retries = retries
        self.window = BATCHES_PER_WORKER * max(1, workers)
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent holds a DuckDB connection and threads
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"))

    def map_batches(self, batches: Iterable[Tagged], fn: BatchFn = code_batch
                    ) -> Iterator[tuple[Any, Any]]:
        pending: deque[_InFlight] = deque()
        for tag, batch in batches:
            entry = _InFlight(tag, batch)
            pending.append(entry)
            self._submit(entry, pending, fn)
            if len(pending) >= self.window:
                yield self._take(pending, fn)
        while pending:
            yield self._take(pending, fn)

    def _submit(self, entry: _InFlight, pending: deque[_InFlight], fn: BatchFn) -> None:
        try:
            entry.future = self._pool.submit(fn, entry.batch, self.options)
        except BrokenProcessPool:  # a worker died while idle: the pool takes no more work
            self._restart(pending, fn)

    def _take(self, pending: deque[_InFlight], fn: BatchFn) -> tuple[Any, Any]:
        while True:
            head = pending[0]
            try:
                result = head.future.result()
            except BrokenProcessPool:
                self._restart(pending, fn)
                continue
            pending.popleft()
            return head.tag, result

    def _restart(self, pending: deque[_InFlight], fn: BatchFn) -> None:
        """A new pool, with every batch in flight submitted to it again."""
        for entry in pending:
            entry.deaths += 1
        worst = max(pending, key=lambda e: e.deaths)
        if worst.deaths > self.retries:
            raise WorkerLost(
                f"a coding worker process died {worst.deaths} times (killed, or out of "
                f"memory?) while the batch of {len(worst.batch)} articles starting with "
                f"{_first_origin(worst.batch)} was in flight; the batches before it are "
                "stored: rerun to resume, with --workers 1 to see any error")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        for entry in pending:
            entry.future = self._pool.submit(fn, entry.batch, self.options)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


@dataclass
class _InFlight:
    """A batch submitted to the pool, kept until its result is taken so it can be re-run."""

    tag: Any
    batch: list[Article]
    future: Any = None
    deaths: int = 0  # pools that broke while it was in flight


def _first_origin(batch: list[Article]) -> str:
    return next((a.origin for a in batch if a.origin), "-") if batch else "-"


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
