"""Memory: peak RSS of `eventcoder ingest` on corpora of long articles, per corpus size.

    python benchmarks/memory.py                        # 1, 10 and 100 MB (100 MB: hours)
    python benchmarks/memory.py --sizes 1 10 30 --article-kb 250

Each size is a JSON lines corpus of generated news articles of about `article-kb` KB each (our
own templates, benchmarks/corpus.py), ingested by a fresh process; peak memory is that
process's maximum resident set size. Bounded memory shows as the same peak for every size,
set by the coder's character budget per batch (CoderOptions.batch_chars), not by the corpus or
the length of its articles.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import article  # noqa: E402

# Run the ingest as a child of a tiny wrapper, so RUSAGE_CHILDREN is that ingest's alone; its
# last lines of output are kept, so a run that fails says why.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.PIPE, text=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
    "print(''.join(p.stderr.splitlines(True)[-15:]) if p.returncode else '', end='')\n"
)


def long_article(rng: random.Random, kilobytes: int) -> str:
    paras: list[str] = []
    size = 0
    while size < kilobytes * 1024:
        paras.append(article(rng, paragraphs=(4, 4)))
        size += len(paras[-1]) + 2
    return "\n\n".join(paras)


def write_corpus(path: Path, megabytes: float, article_kb: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    size = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < megabytes * 1024 * 1024:
            line = json.dumps({"id": f"m{seed}-{n}", "text": long_article(rng, article_kb),
                               "date": "2024-03-01", "source": "Long Wire"})
            fh.write(line + "\n")
            size += len(line) + 1
            n += 1
    return n, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 100], help="MB each")
    ap.add_argument("--article-kb", type=int, default=250)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            feed, db = Path(tmp) / f"feed{mb}.jsonl", Path(tmp) / f"db{mb}.duckdb"
            n, size = write_corpus(feed, mb, args.article_kb, seed=int(mb * 10))
            cmd = [sys.executable, "-m", "eventcoder", "ingest", str(feed), "--db", str(db),
                   "--workers", str(args.workers)]
            t0 = time.perf_counter()
            lines = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True,
                                   text=True, check=True).stdout.splitlines()
            seconds = time.perf_counter() - t0
            out = lines[0].split()
            peak_mb, rc = int(out[0]) / 1024, int(out[1])
            print(f"{size / 2**20:7.1f} MB ({n} articles of ~{args.article_kb} KB): "
                  f"{seconds:8.1f} s, {size / 1024 / seconds:6.1f} KB/s, "
                  f"peak RSS {peak_mb:7.1f} MB, exit {rc}", flush=True)
            if rc:
                print("  the ingest said, at its end:", *lines[1:], sep="\n  ", flush=True)


if __name__ == "__main__":
    main()
