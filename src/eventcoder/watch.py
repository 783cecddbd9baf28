"""`eventcoder watch`: ingest the files of a folder as they arrive or change.

Every file goes through the ordinary ingest path (ingest.ingest), so what the watcher stores is
what `eventcoder ingest` would store: idempotent (articles already stored are skipped before
coding) and written one transaction per batch. Change notifications (inotify through watchfiles,
or polling) only wake the watcher up; what to read is decided by scanning the folder, so a
watcher started again after kill -9 catches up on everything that arrived while it was down.

DuckDB lets one process at a time open a file for writing, and none may read it meanwhile. The
watcher therefore holds the database only while it ingests a group of files and closes it
between groups; a server (`eventcoder serve`) reading the same file sees each group's commits,
and the watcher waits while the server holds the file for reading.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EventcoderError, InputError
from .ingest import IngestOptions, IngestSummary, ingest
from .store.shared import held_by_another_process

# (size, mtime in ns, inode): a file whose stamp changed is read again; the inode tells a file
# replaced by another (an atomic rename) even when size and time happen to agree
_Stamp = tuple[int, int, int]


class WatchStopped(EventcoderError):
    """Raised inside an ingest to stop after the batch just committed (the stop was asked)."""


@dataclass(frozen=True)
class WatchOptions:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    files_per_group: int = 16  # files per ingest; the database is free for readers between
    settle_seconds: float = 0.5  # a file must keep its size and time this long to be read
    poll_seconds: float | None = None  # poll at this interval instead of inotify
    rescan_seconds: float = 5.0  # scan even without a notification (missed events, settling)
    lock_retry_seconds: float = 0.2  # between attempts to open a database held by a reader
    # after each group the file is left free this long, so a waiting reader gets it
    yield_seconds: float = 0.1


@dataclass
class WatchStatus:
    """Totals since the watcher started; `note` says what it is doing when it is not coding."""

    read: int = 0
    added: int = 0
    events: int = 0
    failures: int = 0
    warnings: int = 0
    groups: int = 0
    started: float = field(default_factory=time.monotonic)
    coding_seconds: float = 0.0
    note: str = ""

    @property
    def rate(self) -> float:
        """Articles per second of coding (time spent idle waiting for files not counted)."""
        return self.read / self.coding_seconds if self.coding_seconds else 0.0

    def line(self) -> str:
        text = (f"{self.read} articles ({self.rate:.1f}/s), {self.added} added, "
                f"{self.events} events, {self.failures} failures, {self.warnings} warnings")
        return f"{text} - {self.note}" if self.note else text


StatusCallback = Callable[[WatchStatus], None]


class Watcher:
    """Watch `folder` and ingest into `db` until `stop` is set (see `run`)."""

    def __init__(self, folder: str | Path, db: str | Path, options: WatchOptions | None = None,
                 status: StatusCallback | None = None,
                 stop: threading.Event | None = None) -> None:
        self.folder = Path(folder)
        self.db = Path(db)
        self.options = options or WatchOptions()
        self.stop = stop or threading.Event()
        self.status = WatchStatus()
        self._report = status or (lambda s: None)
        self._done: dict[str, _Stamp] = {}  # files ingested in the state they are in now
        self._seen: dict[str, tuple[_Stamp, float]] = {}  # stamp and since when it held

    # ---- the loop ------------------------------------------------------------------------
    def run(self) -> WatchStatus:
        """Ingest what is in the folder, then what arrives, until `stop` is set."""
        if not self.folder.is_dir():
            raise InputError("not a folder", path=str(self.folder))
        self.catch_up()
        for _ in self._wakeups():
            if self.stop.is_set():
                break
            self.catch_up()
        return self.status

    def catch_up(self) -> int:
        """Ingest every file that is new or changed, waiting for those still being written to
        settle; the number of files ingested."""
        done = 0
        while not self.stop.is_set():
            ready, settling = self._ready_files()
            if ready:
                group = ready[: max(1, self.options.files_per_group)]
                try:
                    self._ingest_group(group)
                except WatchStopped:
                    break
                done += len(group)
                self.stop.wait(self.options.yield_seconds)
            elif settling:
                self.stop.wait(min(self.options.settle_seconds, 0.25))
            else:
                break
        self._say("stopping" if self.stop.is_set() else "watching")
        return done

    def _wakeups(self) -> Iterator[object]:
        """One item per reason to look again: a change, or `rescan_seconds` without one."""
        opts = self.options
        if opts.poll_seconds is not None:
            while not self.stop.wait(max(0.01, opts.poll_seconds)):
                yield None
            return
        import watchfiles

        yield from watchfiles.watch(self.folder, stop_event=self.stop, debounce=200,
                                    rust_timeout=int(opts.rescan_seconds * 1000),
                                    yield_on_timeout=True, raise_interrupt=False)

    # ---- what to read --------------------------------------------------------------------
    def _scan(self) -> dict[str, _Stamp]:
        """Readable files under the folder (the extensions and hidden-file rule of ingest)."""
        exts = tuple(e.lower() for e in self.options.ingest.reader.extensions)
        found: dict[str, _Stamp] = {}
        for dirpath, dirnames, filenames in os.walk(self.folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or not name.lower().endswith(exts):
                    continue
                path = os.path.join(dirpath, name)
                stamp = _stamp(path)
                if stamp is not None:
                    found[path] = stamp
        return found

    def _ready_files(self) -> tuple[list[str], bool]:
        """(new or changed files that have settled, whether others are still settling).

        A file has settled when its size and time have held for `settle_seconds`, or when
        its time is that much in the past (files there before the watcher started)."""
        now, wall = time.monotonic(), time.time()
        settle = self.options.settle_seconds
        ready, settling = [], False
        present = self._scan()
        for path, stamp in present.items():
            if self._done.get(path) == stamp:
                continue
            seen = self._seen.get(path)
            if seen is None or seen[0] != stamp:
                seen = self._seen[path] = (stamp, now)
            if now - seen[1] >= settle or wall - stamp[1] / 1e9 >= settle:
                ready.append(path)
            else:
                settling = True
        for gone in set(self._seen) - set(present):
            del self._seen[gone]
        return ready, settling

    # ---- ingesting -----------------------------------------------------------------------
    def _ingest_group(self, paths: list[str]) -> None:
        """Ingest `paths` in one `ingest` call; a file that changed while it was read stays
        to be read again (its new text is a new article), the others are done."""
        before = {p: self._seen[p][0] if p in self._seen else _stamp(p) for p in paths}
        prior = WatchStatus(**{k: v for k, v in vars(self.status).items()})

        reported: list[IngestSummary] = []

        def progress(summary: IngestSummary, _consumed: int) -> None:
            self._count(prior, summary)
            reported.append(summary)
            if self.stop.is_set():
                raise WatchStopped("stop requested")

        summary = self._with_database(lambda: ingest(paths, self.db, self.options.ingest,
                                                     progress=progress))
        self._count(prior, summary, report=not reported)
        self.status.groups += 1
        for path in paths:
            if before[path] is not None and _stamp(path) == before[path]:
                self._done[path] = before[path]
            # else: replaced or rewritten while being read - the next scan reads it again

    def _count(self, prior: WatchStatus, summary: IngestSummary, report: bool = True) -> None:
        """The totals: those before this ingest call plus what the call has done so far."""
        s = self.status
        s.read = prior.read + summary.read
        s.added = prior.added + summary.added
        s.events = prior.events + summary.events
        s.failures = prior.failures + summary.failures
        s.warnings = prior.warnings + summary.warnings
        s.coding_seconds = prior.coding_seconds + summary.seconds
        s.note = ""
        if report:
            self._report(s)

    def _with_database(self, work: Callable[[], IngestSummary]) -> IngestSummary:
        """Run `work` once the database can be opened for writing: while another process
        (a server reading it) holds the file, wait and try again."""
        waited = False
        while True:
            try:
                return work()
            except InputError as exc:
                if not held_by_another_process(exc):
                    raise
            if not waited:
                self._say("waiting for the database (another process holds it)")
                waited = True
            if self.stop.wait(self.options.lock_retry_seconds):
                raise WatchStopped("stop requested")

    def _say(self, note: str) -> None:
        if note == self.status.note:
            return  # a status line only when something changed
        self.status.note = note
        self._report(self.status)


def _stamp(path: str) -> _Stamp | None:
    try:
        st = os.stat(path)
    except OSError:  # gone or unreadable: the reader records why if it is asked to read it
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)

