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


def dyads(events) -> set[tuple]:
    return {(e.type, e.source.code, e.target.code if e.target else None) for e in events}
