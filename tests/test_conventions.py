"""Every PLOVER convention does what conventions.yaml says, shown by its own examples."""

from __future__ import annotations

import pytest
from conftest import candidate_matches, candidates_with, code_with, matches

from eventcoder.errors import DataFileError
from eventcoder.extract.conventions import Conventions, default_conventions

CONVENTIONS = default_conventions().conventions
EXAMPLES = [(c.id, n, ex) for c in CONVENTIONS for n, ex in enumerate(c.examples)]


def test_every_convention_has_an_example():
    assert [c.id for c in CONVENTIONS if not c.examples] == []


@pytest.mark.parametrize(("cid", "n", "ex"), EXAMPLES, ids=[f"{c}-{n}" for c, n, _ in EXAMPLES])
def test_convention_example(cid, n, ex, coder_flagged):
    day = ex.get("date", "2025-06-01")
    events = code_with(coder_flagged, ex["text"], date=day)
    if "expect" in ex:
        hits = [e for e in events if matches(e, ex["expect"])]
        assert hits, _show(events)
        assert any(cid in e.evidence.conventions for e in hits), _show(hits)
    else:
        kept = candidates_with(coder_flagged, ex["text"], date=day)
        assert not any(candidate_matches(c, ex["absent"]) for c in kept), _chains(kept)
        others = Conventions([c for c in CONVENTIONS if c.id != cid])
        without = candidates_with(coder_flagged, ex["text"], date=day, conventions=others)
        assert any(candidate_matches(c, ex["absent"]) for c in without), _chains(without)


def test_the_threat_convention_names_itself_in_the_rule_chain(coder):
    """Issue: 'Iran vowed to punish Israel' is THREATEN, and its evidence says why."""
    [event] = [e for e in coder.code_text("Iran vowed to punish Israel.", date="2025-06-01")
               if e.type == "THREATEN"]
    assert event.evidence.rule == "agree.vow"
    assert "vowed-harm-is-a-threat" in event.evidence.rule_chain


@pytest.mark.parametrize(("text", "error"), [
    ("- {id: x, description: d, then: {teleport: true}}\n", "unknown step 'teleport'"),
    ("- {id: x, description: d, when: {moon: full}, then: {drop: true}}\n",
     "unknown condition 'moon'"),
    ("- {id: x, description: d, when: {clause_has: no_such_list}, then: {drop: true}}\n",
     "no list 'no_such_list'"),
    ("- {id: x, description: d, when: {type: [FIGHT]}, then: {drop: true}}\n",
     "unknown event type 'FIGHT'"),
    ("- {id: x, description: d, then: {target_from: nowhere}}\n", "unknown finder 'nowhere'"),
    ("- {id: x, description: d, then: {drop: true}}\n"
     "- {id: x, description: e, then: {drop: true}}\n", "duplicate convention id"),
])
def test_bad_conventions_are_refused_when_they_load(tmp_path, text, error):
    bad = tmp_path / "conventions.yaml"
    bad.write_text(text)
    with pytest.raises(DataFileError, match=error):
        Conventions.load(bad)


def _show(events) -> list:
    return [(e.type, e.dyad(), e.mode, e.evidence.rule_chain) for e in events]


def _chains(candidates) -> list:
    return [(c.type, [a.code for a in c.sources], [a.code for a in c.targets], c.rule_chain)
            for c in candidates]
