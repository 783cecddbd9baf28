"""Limits on the read-only SQL of `eventcoder query --sql`: a deadline and a memory cap.

The read-only checks keep a statement from writing or reading files, not from running for ever
(a cross join of the events table with itself three times, an endless recursive CTE, a huge
`range`). DuckDB has no statement timeout of its own, so a timer thread interrupts the
connection when the deadline passes; `memory_limit` caps what DuckDB holds, and with no room to
spill to disk (`max_temp_directory_size` 0) a statement over it fails instead of filling the
disk.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import InputError

SQL_TIMEOUT_SECONDS = 30.0
SQL_MEMORY_LIMIT = "1GB"
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.I)


def memory_setting(limit: str) -> str:
    """`limit` as DuckDB's memory_limit takes it (`512MB`, `2GB`, `1.5GiB`), else InputError."""
    if not _MEMORY.match(limit or ""):
        raise InputError(f"memory limit {limit!r} is not a size such as 512MB or 2GB")
    return limit.strip().replace(" ", "")


def limited_config(memory_limit: str) -> dict[str, Any]:
    """The DuckDB settings of a connection for untrusted SQL (external access off, memory
    capped, no spilling)."""
    return {"memory_limit": memory_setting(memory_limit), "max_temp_directory_size": "0KB",
            "enable_external_access": False, "autoinstall_known_extensions": False,
            "autoload_known_extensions": False}


def lock(con: Any) -> None:
    """No progress bar on the terminal (DuckDB draws one on stdout for a long statement,
    into the rows being printed), then every setting locked against the statement."""
    con.execute("SET enable_progress_bar = false")
    con.execute("SET lock_configuration = true")


@contextmanager
def deadline(con: Any, seconds: float | None) -> Iterator[list[bool]]:
    """Interrupt `con` once `seconds` have passed (None or 0: never). Yields a one-item list
    that is true once the deadline fired, so the caller can tell an interrupt from an error."""
    fired = [False]
    if not seconds or seconds <= 0:
        yield fired
        return

    def stop() -> None:
        fired[0] = True
        con.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


def failure(exc: Exception, fired: bool, seconds: float | None, memory_limit: str) -> InputError:
    """The message for a statement DuckDB stopped: over time, over memory, or its own error."""
    import duckdb

    if fired or isinstance(exc, duckdb.InterruptException):
        return InputError(f"SQL stopped after {seconds:g} s, its time limit (raise it with "
                          "--sql-timeout)")
    if isinstance(exc, duckdb.OutOfMemoryException):
        return InputError(f"SQL stopped: it needs more than its memory limit of {memory_limit} "
                          "(raise it with --sql-memory)")
    return InputError(f"SQL failed: {str(exc).splitlines()[0]}")
