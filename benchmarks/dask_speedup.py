"""Dask speed-up: the same corpus ingested with a local Dask cluster of 1 and of 2 workers.

    python benchmarks/dask_speedup.py [--articles 1500]

Prints both times and the speed-up of 2 workers over 1 (target >= 1.7x on 2 cores). Model
loading happens once per worker, inside the timing, as in a real run.

On a real multi-machine cluster: start `dask scheduler` on one host and `dask worker
tcp://HOST:8786 --nthreads 1 --nworkers N` on each machine (each needs eventcoder installed
with `pip install 'eventcoder[dask]'`), then `eventcoder ingest CORPUS --db events.duckdb
--scheduler tcp://HOST:8786`. Inputs are read and the store is written on the machine running
`eventcoder ingest`; only article batches and coded results cross the network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import write_corpus  # noqa: E402

from eventcoder.ingest import IngestOptions, ingest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        write_corpus(feed, args.articles, seed=3)
        times = {}
        for workers in (1, 2):
            db = Path(tmp) / f"w{workers}.duckdb"
            t0 = time.perf_counter()
            s = ingest([feed], db, IngestOptions(batch_size=args.batch_size,
                                                 dask_workers=workers))
            times[workers] = time.perf_counter() - t0
            print(f"{workers} Dask worker(s): {times[workers]:7.1f} s, "
                  f"{s.added / times[workers]:6.1f} articles/s, {s.events} events", flush=True)
    print(f"speed-up 2 workers / 1 worker: {times[1] / times[2]:.2f}x (target >= 1.7)")


if __name__ == "__main__":
    main()
