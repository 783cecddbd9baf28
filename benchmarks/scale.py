"""Scale: ingest corpora of growing size and print throughput and peak memory for each.

    python benchmarks/scale.py                      # 1k, 10k and 100k articles (long: ~1 h)
    python benchmarks/scale.py --sizes 1000 10000   # quicker
    python benchmarks/scale.py --workers 2

Each size runs `eventcoder ingest` in a fresh process on a generated JSON lines corpus of short
news-style articles (our own templates, benchmarks/corpus.py); peak memory is that process's
maximum resident set size. Linear time shows as a steady articles/s; flat memory as a peak at
100k close to the peak at 1k (target: at most 1.2x).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from eventcoder.ingest import IngestOptions  # noqa: E402

# Run the ingest as a child of a tiny wrapper, so RUSAGE_CHILDREN is that ingest's alone.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
)


def write_corpus(path: Path, n: int, seed: int) -> int:
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(articles(n, seed=seed, paragraphs=(1, 2))):
            line = json.dumps({"id": f"s{seed}-{i}", "text": text, "date": "2024-03-01",
                               "source": f"Outlet {i % 25}"})
            fh.write(line + "\n")
            size += len(line) + 1
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=IngestOptions.batch_size)
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            feed, db = Path(tmp) / f"feed{n}.jsonl", Path(tmp) / f"db{n}.duckdb"
            size = write_corpus(feed, n, seed=n)
            cmd = [sys.executable, "-m", "eventcoder", "ingest", str(feed), "--db", str(db),
                   "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True,
                                 text=True, check=True).stdout.split()
            seconds = time.perf_counter() - t0
            peak_mb, rc = int(out[0]) / 1024, int(out[1])
            results.append((n, seconds, peak_mb))
            print(f"{n:>7} articles ({size / 1e6:6.1f} MB): {seconds:8.1f} s, "
                  f"{n / seconds:7.1f} articles/s, peak RSS {peak_mb:7.1f} MB, exit {rc}",
                  flush=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"peak memory {last[0]} / {first[0]} articles: {last[2] / first[2]:.2f}x "
              f"(target <= 1.2)")
        print(f"throughput  {last[0]} / {first[0]} articles: "
              f"{(last[0] / last[1]) / (first[0] / first[1]):.2f}x (1.0 = linear time)")


if __name__ == "__main__":
    main()
