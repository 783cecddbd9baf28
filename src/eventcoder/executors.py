"""Where coding runs: in this process, or in a local pool of processes.

Every executor calls the same pure function, `eventcoder.coder.code_batch`; there is no
second implementation of the pipeline. Batches come back in the order they went in, and at
most a few batches are in flight, so memory stays flat on any corpus size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol

from .coder import code_batch
from .records import Article, CodedArticle
from .settings import CoderOptions

Tagged = tuple[Any, list[Article]]  # (caller's bookkeeping, articles) travels with its batch


class Executor(Protocol):
    def map_batches(self, batches: Iterable[Tagged]) -> Iterator[tuple[Any, list[CodedArticle]]]:
        """Code batches, yielding (tag, results) in input order."""

    def close(self) -> None: ...


class InProcessExecutor:
    """Codes in the calling process (one worker)."""

    def __init__(self, options: CoderOptions) -> None:
        self.options = options

    def map_batches(self, batches: Iterable[Tagged]) -> Iterator[tuple[Any, list[CodedArticle]]]:
        for tag, batch in batches:
            yield tag, code_batch(batch, self.options)

    def close(self) -> None:
        pass


class ProcessPoolExecutorBackend:
    """Codes on `workers` local processes; each loads the model once (a cached Coder)."""

    def __init__(self, options: CoderOptions, workers: int) -> None:
        self.options = options
        self.window = max(2, workers * 2)
        # spawn, not fork: the parent holds a DuckDB connection and threads
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))

    def map_batches(self, batches: Iterable[Tagged]) -> Iterator[tuple[Any, list[CodedArticle]]]:
        pending: deque[tuple[Any, Future]] = deque()
        for tag, batch in batches:
            pending.append((tag, self._pool.submit(code_batch, batch, self.options)))
            if len(pending) >= self.window:
                tag0, fut = pending.popleft()
                yield tag0, fut.result()
        while pending:
            tag0, fut = pending.popleft()
            yield tag0, fut.result()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def make_executor(options: CoderOptions, workers: int = 1) -> Executor:
    """The local executor for `workers` processes (1 = in this process)."""
    if workers <= 1:
        return InProcessExecutor(options)
    return ProcessPoolExecutorBackend(options, workers)
