"""Bad lines: how fast ingest gets through a gzip of tiny lines that are all failures.

    python benchmarks/bad_lines.py                    # 1,000,000 lines of `{}`
    python benchmarks/bad_lines.py --lines 20000      # quicker (and for slow older versions)

30 KB of gzipped `{}` lines is 10.5 million lines, each a failure ("has no 'text' or 'html'
field"). Prints the lines read per second and the failure rows written: at most
`IngestOptions.failure_rows_per_file` per file plus one row counting the rest. The model is
loaded before the clock starts, so only the read-and-record path is timed.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()

    from eventcoder.coder import code_batch
    from eventcoder.ingest import ingest
    from eventcoder.records import Article
    from eventcoder.settings import CoderOptions
    from eventcoder.store import EventStore

    code_batch([Article(text="Poland accused Russia.")], CoderOptions())  # load the model
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.jsonl.gz"
        bomb.write_bytes(gzip.compress(b"{}\n" * args.lines, compresslevel=9))
        db = Path(tmp) / "events.duckdb"
        started = time.perf_counter()
        summary = ingest([bomb], db)
        seconds = time.perf_counter() - started
        with EventStore(db, read_only=True) as store:
            rows = store.con.execute("SELECT count(*) FROM failures").fetchone()[0]
        print(f"{args.lines:,} lines ({bomb.stat().st_size:,} bytes gzipped): "
              f"{summary.failures:,} failures, {rows:,} rows, {seconds:.1f} s, "
              f"{args.lines / seconds:,.0f} lines/s")


if __name__ == "__main__":
    main()
