"""Long text: coding time for texts with no full stops, at growing lengths.

    python benchmarks/long_text.py [--sizes 10000 20000 40000 80000]

Each text is one run-on paragraph of generated news clauses (benchmarks/corpus.py) with every
full stop replaced by a comma, so neither the layout nor the parser finds a sentence end. Prints
the coding time per size and the ratio of the 40k time to the 20k time: 2.0 is linear in text
length, 4.0 quadratic.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import article  # noqa: E402

from eventcoder import Article, Coder, CoderOptions  # noqa: E402


def run_on_text(n_chars: int, seed: int = 7) -> str:
    """About `n_chars` characters of news clauses joined by commas: no '.', '!', '?' or '\\n'."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        clause = article(rng, paragraphs=(1, 1)).replace("\n", " ")
        for stop in ".!?":
            clause = clause.replace(stop, ",")
        parts.append(clause)
        size += len(clause) + 1
    return " ".join(parts)[:n_chars].rstrip(", ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000, 80_000])
    args = ap.parse_args()
    coder = Coder(CoderOptions())
    coder.code(Article(text=run_on_text(2_000, seed=1), date=datetime.date(2025, 6, 1)))  # warm
    times: dict[int, float] = {}
    for size in args.sizes:
        text = run_on_text(size)
        t0 = time.perf_counter()
        result = coder.code(Article(text=text, date=datetime.date(2025, 6, 1)))
        times[size] = time.perf_counter() - t0
        print(f"{size:>7,} characters: {times[size]:7.2f} s  "
              f"({len(result.events) + len(result.flagged)} events)", flush=True)
    if 20_000 in times and 40_000 in times:
        print(f"ratio 40k/20k: {times[40_000] / times[20_000]:.2f}   (2.0 = linear)")


if __name__ == "__main__":
    main()
