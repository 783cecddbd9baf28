"""Golden files: the coder's output on fixed articles, compared field by field.

A deliberate change in behaviour is accepted by regenerating the files:
    UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py
and reviewing the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    # name: (article file, date, source)
    "baltic-brief": (ROOT / "examples" / "baltic-brief.txt", "2025-11-17", "Example Wire"),
    "golden-mixed": (GOLDEN / "golden-mixed.txt", "2024-09-30", "Golden Wire"),
}


def _summary(event) -> dict:
    """The fields a reviewer cares about; ids and confidences may move without meaning."""
    return {
        "type": event.type, "mode": event.mode, "date": event.date.isoformat(),
        "date_resolution": event.date_resolution,
        "source": [event.source.code, event.source.sector, event.source.text],
        "target": [event.target.code, event.target.sector, event.target.text]
        if event.target else None,
        "trigger": event.evidence.trigger_text, "rule": event.evidence.rule,
        "flags": [k for k in ("negated", "hypothetical", "future", "reported")
                  if getattr(event.flags, k)],
        "amounts": [a.text for a in event.amounts],
        "location": event.location.name if event.location else None,
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_coder_output_matches_golden_file(name, coder_flagged):
    path, day, source = CASES[name]
    events = coder_flagged.code_text(path.read_text(encoding="utf-8"), date=day, source=source)
    got = [_summary(e) for e in events]
    golden = GOLDEN / f"{name}.expected.jsonl"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in got))
    want = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    assert got == want
