"""`eventcoder query --sql` stops a statement that runs too long or needs too much memory."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventcoder.errors import InputError

LONG = [  # each runs for minutes (or for ever) without a limit
    "SELECT count(*) FROM range(1000000000000)",
    "SELECT count(*) FROM range(100000) a, range(100000) b, range(100000) c",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventcoder.store import EventStore

    path = tmp_path_factory.mktemp("sql") / "empty.duckdb"
    with EventStore(path):
        pass
    return path


@pytest.mark.parametrize("sql", LONG)
def test_a_long_statement_is_stopped_at_its_time_limit(db, sql):
    from eventcoder.analysis import run_readonly_sql

    t0 = time.monotonic()
    with pytest.raises(InputError, match=r"SQL stopped after 1 s, its time limit"):
        run_readonly_sql(db, sql, timeout=1.0, memory_limit="4GB")
    assert time.monotonic() - t0 < 30  # interrupted, not run to the end


def test_a_statement_over_its_memory_limit_is_stopped(db):
    from eventcoder.analysis import run_readonly_sql

    sql = "SELECT * FROM range(30000000) ORDER BY random()"  # ~500 MB to sort, nowhere to spill
    with pytest.raises(InputError, match=r"more than its memory limit of 50MB"):
        run_readonly_sql(db, sql, timeout=120, memory_limit="50MB")


def test_statements_within_the_limits_run(db):
    from eventcoder.analysis import run_readonly_sql

    assert run_readonly_sql(db, "SELECT count(*) FROM range(1000000)", timeout=10,
                            memory_limit="50MB").rows == [(1000000,)]
    assert run_readonly_sql(db, "SELECT * FROM range(1000000000000)", limit=3, timeout=10,
                            memory_limit="50MB").rows == [(0,), (1,), (2,)]  # rows stream
    assert run_readonly_sql(db, "SELECT count(*) FROM events", timeout=None).rows == [(0,)]


def test_the_limits_are_set_and_the_statement_cannot_raise_them(db):
    from eventcoder.analysis import run_readonly_sql

    assert run_readonly_sql(db, "SELECT current_setting('memory_limit'), "
                                "current_setting('max_temp_directory_size')",
                            memory_limit="64MB").rows == [("61.0 MiB", "0 bytes")]
    with pytest.raises(InputError, match="SET statements are not allowed"):
        run_readonly_sql(db, "SET memory_limit = '100GB'")


@pytest.mark.parametrize("limit", ["lots", "12", "-5GB", "1 PB", ""])
def test_a_bad_memory_limit_is_a_clear_error(db, limit):
    from eventcoder.analysis import run_readonly_sql

    with pytest.raises(InputError, match="is not a size such as 512MB"):
        run_readonly_sql(db, "SELECT 1", memory_limit=limit)


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def test_cli_sql_limits(db):
    r = run("query", "--db", db, "--sql", LONG[0], "--sql-timeout", "1")
    assert r.returncode == 2 and "SQL stopped after 1 s" in r.stderr and "--sql-timeout" in r.stderr
    r = run("query", "--db", db, "--sql", "SELECT * FROM range(30000000) ORDER BY random()",
            "--sql-memory", "50MB")
    assert r.returncode == 2 and "memory limit of 50MB" in r.stderr
    r = run("query", "--db", db, "--sql", "SELECT 42 AS answer", "--format", "csv")
    assert r.returncode == 0 and r.stdout.split() == ["answer", "42"]
    r = run("query", "--db", db, "--sql", "SELECT 1", "--sql-memory", "lots")
    assert r.returncode == 2 and "not a size" in r.stderr
