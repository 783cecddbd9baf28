"""Corpora in, an event database out: read → code → cluster mirrors → store, in batches.

Each batch is written in one transaction after it is coded, and articles already in the store
are skipped before coding, so ingestion is idempotent and a killed run resumes where it stopped.
"""

from __future__ import annotations

import errno
import os
import sys
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
    content_hash,
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
    # rows of read failures and warnings kept per input file; the rest are counted in one
    # summary row (a gzip of 10 million bad lines would otherwise write 10 million rows)
    failure_rows_per_file: int = 100


@dataclass
class IngestSummary:
    read: int = 0  # articles read
    added: int = 0  # new articles stored
    already_stored: int = 0  # skipped: the same article is in the store
    mirrors: int = 0  # new articles that joined an existing story cluster
    events: int = 0
    failures: int = 0  # items that could not be read or coded (every one, rows or not)
    warnings: int = 0  # input problems that did not stop an article, and the coder's warnings
    undated: int = 0  # articles coded with no publication date (their events have date None)
    # articles coded in this run by the language detected ("unknown": could not tell)
    languages: dict[str, int] = field(default_factory=dict)
    # input items passed over on purpose, by reason (a WARC's request records, a folder's
    # images, hidden files and FIFOs...)
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
            rows = FailureRows(options.failure_rows_per_file)
            prepared = ((b, b.articles) for b in _prepare(items, store, options.batch_size,
                                                          summary, rows, options.batch_chars))
            for batch, signed in executor.map_batches(prepared, code_and_sign):
                stored = []
                assigner.prefetch(k for _, _, keys in signed for k in keys)
                claims = _IdClaims(store, [r.article for r, _, _ in signed])
                for (result, sig, keys), line in zip(signed, batch.lines, strict=True):
                    conflict = claims.conflict(result.article, line)
                    if conflict:  # a batch written since this one was prepared took the id
                        summary.failures += 1
                        batch.failures.append(conflict)
                        continue
                    _note_warnings(result, line, batch.failures, summary)
                    summary.undated += result.article.date is None
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
        except (duckdb.Error, OSError) as exc:
            reason = disk_refusal(exc)
            if reason is None:
                raise
            raise StoreError(f"{db}: cannot write the event database: {reason}. The batch "
                             "being written was not stored; what was stored before it is "
                             "intact: make room and rerun to resume") from exc
        finally:
            executor.close()
            summary.seconds = time.perf_counter() - started
            if summary.run_id:
                _finish_run(store, summary)
    return summary


def disk_refusal(exc: BaseException) -> str | None:
    """The cause when `exc` (or an error it was raised from) is the disk refusing a write:
    DuckDB reports a full disk as an IO error whose cause may sit deep in the chain."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS:
            return os.strerror(exc.errno)
        text = str(exc)
        for errno_ in _DISK_ERRNOS:
            if os.strerror(errno_).lower() in text.lower():
                return os.strerror(errno_)
        exc = exc.__cause__ or exc.__context__
    return None


_DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


def _finish_run(store: EventStore, summary: IngestSummary) -> None:
    """Record the run's totals. When the run is ending on an error (a full disk, say), a
    failure to record them must not hide that error."""
    failing = sys.exc_info()[1] is not None
    try:
        store.finish_run(summary.run_id, summary.added, summary.already_stored,
                         summary.events, summary.failures)
    except Exception:
        if not failing:
            raise


def code_and_sign(articles: list[Article], options: CoderOptions
                  ) -> list[tuple[CodedArticle, np.ndarray, list[int]]]:
    """The batch function ingestion runs on every executor: `code_batch`, then each article's
    MinHash signature and band keys, so the workers and not the single writer do the hashing."""
    out: list[tuple[CodedArticle, np.ndarray, list[int]]] = []
    if not articles:  # a batch of failures only: no need to load the model for it
        return out
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


class FailureRows:
    """The failure rows of a run: at most `cap` per input file, in reading order. The rest are
    counted, and summed up in one row when the reader moves on to another file."""

    def __init__(self, cap: int) -> None:
        self.cap = max(0, cap)
        self._origin: str | None = None
        self._rows = 0
        self._over = {"error": 0, "warning": 0}

    def add(self, origin: str, line: int | None, reason: str, severity: str,
            out: list[Failure]) -> None:
        if origin != self._origin:
            self.close(out)
            self._origin = origin
        if self._rows < self.cap:
            self._rows += 1
            out.append(Failure(origin, line, reason, severity))
        else:  # only counted: this is the path a file of millions of bad lines takes
            self._over[severity] = self._over.get(severity, 0) + 1

    def close(self, out: list[Failure]) -> None:
        """End the current file: its summary row, if rows were left out."""
        errors, warnings = self._over.get("error", 0), self._over.get("warning", 0)
        if self._origin is not None and errors + warnings:
            out.append(Failure(
                self._origin, None,
                f"{errors + warnings} more problems in this file not recorded one by one "
                f"({errors} errors, {warnings} warnings): at most {self.cap} rows per file",
                "error" if errors else "warning"))
        self._rows = 0
        self._over = {"error": 0, "warning": 0}
        self._origin = None


class _IdClaims:
    """Which text each id of a batch stands for: the stored article's, or the first one met
    in the batch. Another text under a taken id is a conflict, recorded, never stored."""

    def __init__(self, store: EventStore, articles: list[Article]) -> None:
        self._claims = store.stored_texts(a.id for a in articles)
        self.stored = set(self._claims)  # the ids already in the store

    def conflict(self, art: Article, line: int | None) -> Failure | None:
        digest = content_hash(art.text)
        claim = self._claims.setdefault(art.id, (digest, art.origin, line))
        if claim[0] == digest:
            return None
        _, origin, at = claim
        where = f"{origin}:{at}" if at else origin or "-"
        return Failure(art.origin or "-", line,
                       f"id {art.id!r} already names a different article (from {where}); "
                       "this one was not stored: give each article its own id")


def _prepare(items: Iterator[ReadItem], store: EventStore, size: int,
             summary: IngestSummary, rows: FailureRows, max_chars: int = 2_000_000
             ) -> Iterator[_Batch]:
    """Group read items into batches of up to `size` new articles, with the failures met on
    the way. A stretch of input with no new article (a file of bad lines, a corpus already
    stored) costs no batch until it has `size` rows to write.

    Only what the store already holds is skipped here; the same text twice within a run is
    caught when it is written (keeping no per-run set keeps memory flat)."""
    while True:
        failures: list[Failure] = []
        fresh: list[tuple[Article, int | None]] = []
        ended = True
        chars = 0  # of the batch's article text: long articles make a batch end sooner
        for item in items:
            if item.warning:
                summary.warnings += 1
                rows.add(item.origin, item.line, item.warning, "warning", failures)
            if item.skipped:
                summary.skipped[item.skipped] = summary.skipped.get(item.skipped, 0) + 1
            elif item.article is None:
                summary.failures += 1
                rows.add(item.origin, item.line, item.error or "unreadable", "error", failures)
            else:
                summary.read += 1
                fresh.append((item.article, item.line))
                chars += len(item.article.text)
            if len(fresh) >= size or len(failures) >= size or chars >= max_chars:
                ended = False
                break
        if ended:
            rows.close(failures)
        batch = _Batch([], [], failures)
        claims = _IdClaims(store, [a for a, _ in fresh])
        for art, line in fresh:
            conflict = claims.conflict(art, line)
            if conflict:
                summary.failures += 1
                failures.append(conflict)
            elif art.id in claims.stored:
                summary.already_stored += 1
            else:
                batch.articles.append(art)
                batch.lines.append(line)
        if batch.articles or batch.failures:
            yield batch
        if ended:
            return
