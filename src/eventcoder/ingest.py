"""Corpora in, an event database out: read → code → cluster mirrors → store, in batches.

Each batch is written in one transaction after it is coded, and articles already in the store
are skipped before coding, so ingestion is idempotent and a killed run resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .coder import code_batch
from .errors import StoreError
from .executors import make_executor
from .records import Article, CodedArticle
from .settings import CoderOptions
from .sources.mirrors import ClusterAssigner, band_keys, signature
from .sources.readers import ReaderOptions, ReadItem, read_inputs
from .store import (
    MEMORY_ENV,
    WRITER_MEMORY,
    EventStore,
    Failure,
    StoredArticle,
    cache_size,
)


@dataclass(frozen=True)
class IngestOptions:
    """Everything `eventcoder ingest` can be told; the CLI maps its flags onto this."""

    coder: CoderOptions = field(default_factory=CoderOptions)
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    workers: int = 1
    # articles per transaction: each costs the writer a few fixed milliseconds, which with
    # two Dask workers on two cores is CPU taken from coding (128 gave 1.82x, 64 1.68-1.77x)
    batch_size: int = 128
    # ...and at most this many characters of article text per batch (at least one article):
    # a batch's coded results are held until written and grow with its text (10 MB of long
    # articles in one batch peaked at 1.1 GB), so long articles make batches smaller
    batch_chars: int = 2_000_000
    release_every: int = 2048  # articles between releases of the store's cache (flat memory)
    db_memory: str | None = None  # DuckDB's cache while writing (None: store.WRITER_MEMORY)
    scheduler: str | None = None  # a Dask scheduler address, e.g. tcp://host:8786
    dask_workers: int = 0  # start a local Dask cluster of this many workers


@dataclass
class IngestSummary:
    read: int = 0  # articles read
    added: int = 0  # new articles stored
    already_stored: int = 0  # skipped: the same article is in the store
    mirrors: int = 0  # new articles that joined an existing story cluster
    events: int = 0
    failures: int = 0  # items that could not be read or coded
    warnings: int = 0  # input problems that did not stop an article, and the coder's warnings
    # articles coded in this run by the language detected ("unknown": could not tell)
    languages: dict[str, int] = field(default_factory=dict)
    # input items passed over on purpose, by reason (a WARC's request records, images...)
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    run_id: str = ""

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


Progress = Callable[[IngestSummary, int], None]  # (summary so far, input bytes consumed)


def ingest(inputs: Iterable[str | Path], db: str | Path, options: IngestOptions | None = None,
           progress: Progress | None = None, stdin: BinaryIO | None = None) -> IngestSummary:
    """Read `inputs` (files, folders, '-'), code them and store the events in `db`."""
    import duckdb  # here, not at the top: workers import this module only to code

    options = options or IngestOptions()
    inputs = [str(i) for i in inputs]
    summary = IngestSummary()
    started = time.perf_counter()
    memory = cache_size(options.db_memory, WRITER_MEMORY)
    with EventStore(db, threads=1, memory_limit=memory) as store:
        executor = make_executor(options.coder, options.workers, options.scheduler,
                                 options.dask_workers)
        assigner = ClusterAssigner(store)
        consumed = since_release = 0
        try:
            summary.run_id = store.start_run(inputs)
            items = read_inputs(inputs, options.reader, stdin=stdin)
            prepared = ((b, b.articles) for b in _prepare(items, store, options.batch_size,
                                                          summary, options.batch_chars))
            for batch, signed in executor.map_batches(prepared, code_and_sign):
                stored = []
                assigner.prefetch(k for _, _, keys in signed for k in keys)
                for (result, sig, keys), line in zip(signed, batch.lines, strict=True):
                    _note_warnings(result, line, batch.failures, summary)
                    lang = result.language or "unknown"
                    summary.languages[lang] = summary.languages.get(lang, 0) + 1
                    cluster, sim = assigner.assign(result.article.id, sig, keys)
                    if cluster != result.article.id:
                        summary.mirrors += 1
                    stored.append(StoredArticle(result, cluster, sim, sig.tobytes(),
                                                assigner.indexable(keys), line))
                    consumed += len(result.article.text)
                added, events = store.write_batch(stored, batch.failures, summary.run_id)
                summary.added += added
                summary.already_stored += len(stored) - added
                summary.events += events
                assigner.flush()
                since_release += len(stored)
                if since_release >= options.release_every:
                    store.release_memory()
                    since_release = 0
                summary.seconds = time.perf_counter() - started
                if progress:
                    progress(summary, consumed)
        except duckdb.OutOfMemoryException as exc:
            raise StoreError(
                f"the database needed more memory than its {memory} limit (the batch being "
                f"written was not stored; rerun to resume): raise it with --db-memory or "
                f"{MEMORY_ENV}") from exc
        finally:
            executor.close()
            summary.seconds = time.perf_counter() - started
            if summary.run_id:
                store.finish_run(summary.run_id, summary.added, summary.already_stored,
                                 summary.events, summary.failures)
    return summary


def code_and_sign(articles: list[Article], options: CoderOptions
                  ) -> list[tuple[CodedArticle, np.ndarray, list[int]]]:
    """The batch function ingestion runs on every executor: `code_batch`, then each article's
    MinHash signature and band keys, so the workers and not the single writer do the hashing."""
    out = []
    for result in code_batch(articles, options):
        sig = signature(result.article.text)
        out.append((result, sig, band_keys(sig)))
    return out


def _note_warnings(result: CodedArticle, line: int | None, failures: list[Failure],
                   summary: IngestSummary) -> None:
    """Count what the coder said about an article (no date, not English...) and record it in
    `failures` as a warning, written in the same transaction as the article."""
    for warning in result.warnings:
        summary.warnings += 1
        failures.append(Failure(result.article.origin or "-", line, warning, "warning"))


@dataclass
class _Batch:
    articles: list[Article]
    lines: list[int | None]
    failures: list[Failure]


def _take(items: Iterator[ReadItem], size: int, max_chars: int) -> list[ReadItem]:
    """The next items up to `size` of them or `max_chars` characters of text (at least one)."""
    chunk: list[ReadItem] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item.article.text) if item.article is not None else 0
        if len(chunk) >= size or chars >= max_chars:
            break
    return chunk


def _prepare(items: Iterator[ReadItem], store: EventStore, size: int,
             summary: IngestSummary, max_chars: int = 2_000_000) -> Iterator[_Batch]:
    """Group read items into batches of new articles, with the failures met on the way.

    Only what the store already holds is skipped here; the same text twice within a run is
    caught when it is written (keeping no per-run set keeps memory flat)."""
    while True:
        chunk = _take(items, size, max_chars)
        if not chunk:
            return
        failures: list[Failure] = []
        fresh: list[tuple[Article, int | None]] = []
        for item in chunk:
            if item.skipped:
                summary.skipped[item.skipped] = summary.skipped.get(item.skipped, 0) + 1
                continue
            if item.warning:
                summary.warnings += 1
                failures.append(Failure(item.origin, item.line, item.warning, "warning"))
            if item.article is None:
                summary.failures += 1
                failures.append(Failure(item.origin, item.line, item.error or "unreadable"))
                continue
            summary.read += 1
            fresh.append((item.article, item.line))
        known = store.known_articles(a.id for a, _ in fresh)
        batch = _Batch([], [], failures)
        for art, line in fresh:
            if art.id in known:
                summary.already_stored += 1
                continue
            batch.articles.append(art)
            batch.lines.append(line)
        yield batch
