"""Speed: the whole coding pipeline against spaCy's bare parse of the same texts.

    python benchmarks/speed.py [--kb 300] [--rounds 2]

Prints the ratio (full pipeline time / bare parse time) measured in one run; the issue's
target is <= 1.25. Both passes use the same pipeline object, components and batch size; the
better of `rounds` alternated measurements is kept for each, which damps machine noise.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_of_size  # noqa: E402

from eventcoder import Article, Coder, CoderOptions  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=300, help="corpus size in KB")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    texts = corpus_of_size(args.kb)
    DAY = datetime.date(2025, 6, 1)
    size = sum(len(t.encode()) for t in texts)
    coder = Coder(CoderOptions(batch_size=args.batch_size))
    nlp = coder.nlp
    ours = [n for n in nlp.pipe_names if n.startswith("eventcoder_")]
    with nlp.select_pipes(disable=ours):
        tokens = sum(len(d) for d in nlp.pipe(texts[:20]))  # warm-up (and a token estimate)
        bare_pipes = list(nlp.pipe_names)

    bare_times, full_times, n_events = [], [], 0
    for _ in range(args.rounds):
        with nlp.select_pipes(disable=ours):  # the same model and components, without ours
            t0 = time.perf_counter()
            n_tok = sum(len(d) for d in nlp.pipe(texts, batch_size=args.batch_size))
            bare_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_events = sum(len(r.events) + len(r.flagged)
                       for r in coder.code_many(Article(text=t, date=DAY) for t in texts))
        full_times.append(time.perf_counter() - t0)
    bare, full = min(bare_times), min(full_times)
    print(f"corpus: {len(texts)} articles, {size / 1024:.0f} KB, {n_tok} tokens "
          f"(bare pipes: {', '.join(bare_pipes)}; then {', '.join(ours)})")
    print(f"bare spaCy parse : {bare:7.2f} s  ({n_tok / bare:,.0f} tokens/s)")
    print(f"full eventcoder  : {full:7.2f} s  ({n_events} events)")
    print(f"ratio full/bare  : {full / bare:.3f}   (target <= 1.25)")
    del tokens


if __name__ == "__main__":
    main()
