from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder():
    from eventcoder import Coder

    return Coder()


@pytest.fixture(scope="session")
def coder_flagged():
    from eventcoder import Coder, CoderOptions

    return Coder(CoderOptions(include_flagged=True))


def write_feed(path: Path, n: int, seed: int, prefix: str, day: str = "2024-03-01",
               outlets: int = 7) -> None:
    """A JSON lines corpus of `n` generated short articles (benchmarks/corpus.py)."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import articles

    with path.open("w") as fh:
        for i, text in enumerate(articles(n, seed=seed, paragraphs=(1, 2))):
            fh.write(json.dumps({"id": f"{prefix}{i:05d}", "text": text, "date": day,
                                 "source": f"Outlet {i % outlets}"}) + "\n")


def dyads(events) -> set[tuple]:
    return {(e.type, e.source.code, e.target.code if e.target else None) for e in events}
