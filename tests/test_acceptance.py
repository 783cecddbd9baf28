"""The founding article: coded with its date it must give the expected records.

Reads ../shared/acceptance/ (never copied into the repo) and skips when it is absent.
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

ACCEPT = SHARED / "acceptance"
pytestmark = pytest.mark.skipif(not (ACCEPT / "hague-summit-2025.txt").exists(),
                                reason="../shared/acceptance is not present")


def _codes(values, nato_members):
    out = set()
    for v in values:
        if v == "@NATO-MEMBERS":
            out |= set(nato_members)
        else:
            out.add(v)
    return out


def _matches(entry, event, nato_members) -> bool:
    types = entry["type"] if isinstance(entry["type"], list) else [entry["type"]]
    target = event.target.code if event.target else None
    return (event.type in types
            and event.source.code in _codes(entry["source"], nato_members)
            and target in _codes(entry["target"], nato_members))


@pytest.fixture(scope="module")
def coded(coder):
    from eventcoder import Article
    from eventcoder.coder import parse_date

    spec = json.loads((ACCEPT / "hague-summit-2025.expected.json").read_text())
    text = (ACCEPT / spec["article"]["file"]).read_text(encoding="utf-8")
    day = parse_date(spec["article"]["date"])
    result = coder.code(Article(text=text, date=day, source=spec["article"]["source"]))
    nato = coder.knowledge.igo_members("NATO", day)
    return spec, result, nato


def test_all_required_dyads_are_found(coded):
    spec, result, nato = coded
    missing = []
    for entry in spec["required"]:
        hits = [e for e in result.events if _matches(entry, e, nato)]
        if not hits:
            missing.append(entry["why"])
            continue
        if "mode" in entry:
            assert any(e.mode == entry["mode"] for e in hits), (entry["why"],
                                                                [e.mode for e in hits])
        if "amount" in entry:
            want = entry["amount"]
            assert any(a.value == want["value"] and
                       (a.currency == want.get("currency") or a.unit == want.get("unit"))
                       for e in hits for a in e.amounts), (entry["why"], hits[0].amounts)
    assert not missing, missing


def test_no_forbidden_event_even_among_flagged_ones(coded):
    spec, result, nato = coded
    for entry in spec["forbidden"]:
        bad = [e for e in result.events if _matches(entry, e, nato)]
        assert not bad, (entry["why"], [e.evidence.sentence for e in bad])


def test_at_most_one_unexpected_event(coded):
    spec, result, nato = coded
    allowed = spec["required"] + spec["optional"]
    unexpected = [e for e in result.events
                  if not any(_matches(entry, e, nato) for entry in allowed)]
    assert len(unexpected) <= 1, [(e.dyad(), e.evidence.trigger_text) for e in unexpected]


def test_expected_actor_resolutions(coded):
    spec, result, _ = coded

    def norm(s: str) -> str:
        s = s.lower().strip()
        return s[4:] if s.startswith("the ") else s

    for want in spec["actors"]:
        found = [m for m in result.mentions if norm(m.text) == norm(want["text"])]
        assert found, f"no mention of {want['text']!r}"
        assert any(m.code == want["code"] and m.sector == want["sector"] and
                   ("name" not in want or m.name == want["name"]) for m in found), (want, found)


def test_mirror_trailer_is_provenance_not_text(coded):
    spec, result, _ = coded
    assert result.provenance.get("origin") == spec["provenance"]["source"]
    assert not any("Mirrored" in e.evidence.sentence for e in result.events + result.flagged)
