"""What read-time outlet labelling costs: a store of generated articles from many outlets
(registry outlets, unknown ones, mirrors with trailers), then the label filter, a labelled
page of events and a labelled CSV export, timed.

    python benchmarks/outlets.py [--articles 100000] [--outlets 300]

Labels are not stored (knowledge/outlets.py looks them up when rows are read), so these are
the costs a reader pays instead: the filter resolves each distinct (outlet, trailer, host)
combination once, and a page tags only its own articles.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from eventcoder.knowledge.outlets import OutletRegistry
from eventcoder.records import Actor, Article, CodedArticle, Event, Evidence, Flags
from eventcoder.store import EventStore, StoredArticle
from eventcoder.store.export import export
from eventcoder.store.outlet_tags import labelled_articles_sql, tag_rows

SIG = np.zeros(128, dtype=np.uint32).tobytes()


def _event(aid: str, day: date, outlet: str | None, i: int) -> Event:
    evidence = Evidence(sentence="Poland accused Belarus.", sentence_start=0, trigger=(7, 15),
                        source=(0, 6), target=(16, 23), rule="accuse.accuse")
    return Event(id=f"{aid}-{i}", date=day, type="ACCUSE", mode=None, contexts=(),
                 quad_class=3, score=-2.0, source=Actor("POL", None, "Poland", "Poland"),
                 target=Actor("BLR", None, "Belarus", "Belarus"), amounts=(), location=None,
                 flags=Flags(), confidence=0.9, evidence=evidence, article_id=aid,
                 source_name=outlet)


def build(db: Path, n_articles: int, n_outlets: int, registry: OutletRegistry) -> None:
    rng = random.Random(5)
    known = [(o.name, o.domains[0] if o.domains else None) for o in registry.outlets.values()]
    unknown = [(f"Outlet {i}", f"outlet{i}.example") for i in range(max(0, n_outlets - len(known)))]
    outlets = known + unknown
    origins = ["South Front", "Reuters", "Unknown Origin"]
    start = date(2025, 1, 1)
    with EventStore(db) as store:
        batch = []
        for i in range(n_articles):
            name, domain = rng.choice(outlets)
            aid = f"a{i:07d}"
            mirrored = rng.choice(origins) if rng.random() < 0.1 else None
            art = Article(text=f"article {i}", id=aid, source=name,
                          url=f"https://www.{domain}/{i}" if domain else None,
                          date=start + timedelta(days=i % 365))
            result = CodedArticle(art, events=[_event(aid, art.date, name, k) for k in range(2)],
                                  provenance={"origin": mirrored} if mirrored else {})
            batch.append(StoredArticle(result, aid, 1.0, SIG, []))
            if len(batch) == 2000:
                store.write_batch(batch, [])
                batch = []
        if batch:
            store.write_batch(batch, [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--outlets", type=int, default=300)
    args = parser.parse_args()
    t0 = time.perf_counter()
    registry = OutletRegistry.load(use_env=False)
    print(f"registry: {len(registry)} outlets loaded and checked in "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "outlets.duckdb"
        t0 = time.perf_counter()
        build(db, args.articles, args.outlets, registry)
        print(f"store: {args.articles:,} articles, {2 * args.articles:,} events, "
              f"{args.outlets} outlets, built in {time.perf_counter() - t0:.1f} s")
        with EventStore(db, read_only=True) as store:
            con = store.con
            for label in ("state", "wire", "partisan"):
                t0 = time.perf_counter()
                sub, params = labelled_articles_sql(con, registry, label)
                n = con.execute(f"SELECT count(*) FROM events WHERE article_id IN ({sub})",
                                params).fetchone()[0]
                print(f"filter outlet_label={label}: {n:,} events counted in "
                      f"{(time.perf_counter() - t0) * 1000:.0f} ms")
            t0 = time.perf_counter()
            rows = [dict(zip(("id", "article_id", "outlet"), r, strict=True)) for r in
                    con.execute("SELECT id, article_id, outlet FROM events ORDER BY date, id "
                                "LIMIT 50 OFFSET 1000").fetchall()]
            tag_rows(con, registry, rows)
            print(f"a page of 50 events tagged in {(time.perf_counter() - t0) * 1000:.1f} ms")
            out = Path(tmp) / "events.csv"
            t0 = time.perf_counter()
            n = export(store, "csv", out, outlets=registry)
            labelled = time.perf_counter() - t0
            t0 = time.perf_counter()
            con.execute(f"COPY (SELECT * FROM events ORDER BY date, id) TO '{out}' "
                        "(FORMAT csv, HEADER true)")
            bare = time.perf_counter() - t0
            print(f"csv export of {n:,} events: {labelled:.2f} s with the outlet columns, "
                  f"{bare:.2f} s for the events table alone")


if __name__ == "__main__":
    main()
