"""Dask speed-up: the same corpus ingested with a local Dask cluster of 1 and of 2 workers.

    python benchmarks/dask_speedup.py [--articles 6000]

Prints both times and the speed-up of 2 workers over 1 (target >= 1.7x on 2 cores): over the
whole run (cluster start and one model load per worker included, as a user waits for them),
and in the steady state (from the first stored batch to the last), which is what a long run
converges to. Starting the cluster and loading the model take a few seconds whatever the
corpus, so the overall figure falls short of the steady one on small corpora (3,000 articles in
batches of 64, under a minute of coding, gave 1.66x overall against 1.80x steady).

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
    ap.add_argument("--articles", type=int, default=6000)
    ap.add_argument("--batch-size", type=int, default=IngestOptions.batch_size)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        write_corpus(feed, args.articles, seed=3)
        total, steady = {}, {}
        for workers in (1, 2):
            db = Path(tmp) / f"w{workers}.duckdb"
            first: list[tuple[float, int]] = []

            def progress(summary, _consumed, first=first):
                if not first:  # articles stored so far (read runs ahead by the batches in flight)
                    first.append((time.perf_counter(), summary.added))

            t0 = time.perf_counter()
            s = ingest([feed], db, IngestOptions(batch_size=args.batch_size,
                                                 dask_workers=workers), progress=progress)
            end = time.perf_counter()
            total[workers] = end - t0
            steady[workers] = (s.added - first[0][1]) / (end - first[0][0])
            print(f"{workers} Dask worker(s): {total[workers]:7.1f} s, "
                  f"{s.added / total[workers]:6.1f} articles/s overall, "
                  f"{steady[workers]:6.1f} articles/s steady, {s.events} events", flush=True)
    print(f"speed-up 2 workers / 1 worker: {total[1] / total[2]:.2f}x overall, "
          f"{steady[2] / steady[1]:.2f}x steady state (target >= 1.7)")


if __name__ == "__main__":
    main()
