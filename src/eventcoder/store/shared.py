"""One store shared by the threads of a server: concurrent reads, one writer at a time.

Reads share one read-only DuckDB connection, each through a cursor of its own (a DuckDB
connection must not serve two threads at once; a cursor is a connection of its own to the same
database). Opening the file costs far more than a query on a small store, so the connection
stays open while reads come in. DuckDB refuses a read-write connection next to a read-only one
in the same process, so a readers-writer lock keeps a write apart from the reads: reads run
together, a write waits for them to finish, closes the shared connection and holds new reads
off while it runs. After `idle_seconds` without reads the connection is closed too, so another
process (`eventcoder ingest`, `eventcoder watch`) can take the file while the server idles.
While another process holds the file, a read waits for it (up to `busy_seconds`): the watcher
holds it only for one group of files at a time, so reads see each of its commits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import InputError, StoreUnavailable
from . import EventStore, table_counts

READ_IDLE_SECONDS = 5.0  # the shared read-only connection closes after this long unused
BUSY_SECONDS = 30.0  # how long a read waits for a running write before giving up
LOCK_RETRY_SECONDS = 0.05  # between attempts to open a file another process holds


def held_by_another_process(exc: InputError) -> bool:
    """Whether opening the database failed only because another process holds its file."""
    return "could not set lock" in str(exc).lower()


class Reader:
    """What a read gets: `con`, a DuckDB cursor of its own (analysis functions take it)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def counts(self) -> dict[str, int]:
        return table_counts(self.con)


class SharedStore:
    """The store at `path` for many threads: `with shared.read() as r: r.con.execute(...)`,
    and `with shared.write(): ...` around anything that opens it for writing."""

    def __init__(self, path: str | Path, idle_seconds: float = READ_IDLE_SECONDS,
                 busy_seconds: float = BUSY_SECONDS) -> None:
        self.path = Path(path)
        self.idle_seconds = idle_seconds
        self.busy_seconds = busy_seconds
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0
        self._shared: EventStore | None = None  # whose connection the cursors come from
        self._last_read = 0.0
        self._reaper: threading.Thread | None = None

    @property
    def is_open(self) -> bool:
        """Whether the shared read-only connection is open now."""
        with self._cond:
            return self._shared is not None

    def _cursor(self) -> Any:
        """A new cursor on the shared connection, opening it first if needed (lock held)."""
        if self._shared is None:
            if not self.path.is_file():
                raise StoreUnavailable(f"{self.path.name}: no such database")
            deadline = time.monotonic() + self.busy_seconds
            while self._shared is None:
                try:
                    self._shared = EventStore(self.path, read_only=True)
                except InputError as exc:
                    if not held_by_another_process(exc) or time.monotonic() >= deadline:
                        raise StoreUnavailable(str(exc)) from None
                    # another process (an ingest or a watcher) is writing: it lets go of the
                    # file after each group; the other reads wait here meanwhile
                    time.sleep(LOCK_RETRY_SECONDS)
            if self._reaper is None:
                self._reaper = threading.Thread(target=self._close_when_idle, daemon=True,
                                                name="eventcoder-db-idle")
                self._reaper.start()
        return self._shared.con.cursor()

    def _close_shared(self) -> None:  # lock held, no reads running
        if self._shared is not None:
            self._shared.close()
            self._shared = None

    def _close_when_idle(self) -> None:
        with self._cond:
            while self._shared is not None:
                if self._readers:
                    self._cond.wait()
                    continue
                left = self._last_read + self.idle_seconds - time.monotonic()
                if left <= 0:
                    self._close_shared()
                    break
                self._cond.wait(timeout=left)
            self._reaper = None

    def close(self) -> None:
        """Close the shared connection (reads open it again when needed)."""
        with self._cond:
            if not self._readers:
                self._close_shared()
            self._cond.notify_all()

    @contextmanager
    def read(self) -> Iterator[Reader]:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing and not self._waiting_writers,
                                       timeout=self.busy_seconds):
                raise StoreUnavailable("the database is busy (an ingest is running); "
                                       "try again shortly")
            cur = self._cursor()
            self._readers += 1
        try:
            yield Reader(cur)
        finally:
            try:
                cur.close()
            finally:
                with self._cond:
                    self._readers -= 1
                    self._last_read = time.monotonic()
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        """Hold the reads off (after those running finish) and close the shared connection;
        the body may then open the file for writing."""
        with self._cond:
            self._waiting_writers += 1
            try:
                ok = self._cond.wait_for(lambda: not self._writing and not self._readers,
                                         timeout=self.busy_seconds * 4)
            finally:
                self._waiting_writers -= 1
            if not ok:
                self._cond.notify_all()
                raise StoreUnavailable("the database is busy; try the ingest again shortly")
            self._writing = True
            self._close_shared()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
