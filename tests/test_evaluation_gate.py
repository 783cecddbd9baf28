"""Quality gate: F1 on our own gold sets must not fall below pinned floors.

The floors sit a little under the scores measured when they were set (see README,
"Evaluation and speed"); raise them when the coder improves, never lower them to pass.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from eventcoder.evaluate import evaluate, read_gold

FLOORS = {
    # file: (type F1, dyad F1)
    "dev.jsonl": (0.82, 0.72),
    "heldout.jsonl": (0.77, 0.66),
    "wire.jsonl": (0.71, 0.56),
    "wire-heldout.jsonl": (0.79, 0.60),
}
# real news articles with hand-written gold (../shared/dev-real): recall of required events,
# precision of emitted ones, forbidden events emitted
ARTICLE_FLOORS = {"recall": 0.81, "precision": 0.85, "forbidden": 0}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_f1_stays_above_the_floor(name, coder):
    report = evaluate(read_gold(ROOT / "gold" / name), coder)
    type_floor, dyad_floor = FLOORS[name]
    assert report.type_total.f1 >= type_floor, report.type_total
    assert report.dyad_total.f1 >= dyad_floor, report.dyad_total


def test_real_articles_stay_above_the_floor(coder):
    from conftest import SHARED

    from eventcoder.evaluate_articles import evaluate_articles, read_article_gold

    folder = SHARED / "dev-real"
    if not folder.is_dir():
        pytest.skip("../shared/dev-real is not here")
    total = evaluate_articles(read_article_gold(folder), coder).total()
    assert total.found / total.required >= ARTICLE_FLOORS["recall"], total
    assert total.correct / total.emitted >= ARTICLE_FLOORS["precision"], total
    assert total.forbidden <= ARTICLE_FLOORS["forbidden"], total


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_file_format(name):
    from eventcoder.ontology import load_ontology

    types = set(load_ontology().types)
    seen = set()
    lines = (ROOT / "gold" / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 100
    for n, line in enumerate(lines, 1):
        item = json.loads(line)
        assert item["id"] not in seen, n
        seen.add(item["id"])
        assert item["text"].strip() and item["date"][:2] in ("20", "19"), n
        for ev in item["events"]:
            assert ev["type"] in types, (n, ev)
            assert ev["source"] and ev["source"].isupper(), (n, ev)


def test_gold_sets_cover_all_types_and_phenomena():
    from eventcoder.ontology import load_ontology

    types, phenomena, items = set(), set(), 0
    for name in FLOORS:
        for line in (ROOT / "gold" / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            items += 1
            types |= {e["type"] for e in item["events"]}
            phenomena |= set(item.get("phenomena", ()))
    assert items >= 200
    assert types == set(load_ontology().types)
    assert {"passive", "coordination", "apposition", "nominalisation", "control",
            "relative_clause", "prep_target", "demonym", "metonymy", "possessive", "pronoun",
            "negation", "modality", "reported", "amount", "non_event"} <= phenomena


def test_evaluate_counts_are_right_on_a_tiny_set(tmp_path, coder):
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "date": "2024-01-01", "text": "France condemned Iran.",
                    "events": [{"type": "ACCUSE", "source": "FRA", "target": "IRN"}]}) + "\n"
        + json.dumps({"id": "b", "date": "2024-01-01", "text": "It rained in Oslo.",
                      "events": [{"type": "AID", "source": "NOR", "target": "SWE"}]}) + "\n")
    report = evaluate(read_gold(gold), coder)
    assert (report.dyad_total.tp, report.dyad_total.fp, report.dyad_total.fn) == (1, 0, 1)
    assert report.by_type["AID"].recall == 0.0 and report.by_type["ACCUSE"].f1 == 1.0
    assert [m["id"] for m in report.misses] == ["b"]


def test_bad_gold_line_names_file_and_line(tmp_path):
    from eventcoder.errors import InputError

    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "x", "text": "ok", "events": []}\n{not json\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        read_gold(gold)
