"""Article-level scoring (required / optional / forbidden) and the CLI over a folder."""

from __future__ import annotations

import json
import subprocess
import sys

from eventcoder.evaluate_articles import ArticleGold, _score


def _gold(required=(), optional=(), forbidden=()):
    return ArticleGold("a.txt", "", "2025-06-25", "Wire", list(required), list(optional),
                       list(forbidden))


def _item(t, s, g, symmetric=False):
    return {"type": t, "source": s, "target": g, "symmetric": symmetric}


def test_required_items_are_matched_once_each_and_greedily_in_order():
    gold = _gold(required=[_item(["ACCUSE"], ["FRA"], ["RUS"]),
                           _item(["ACCUSE"], ["FRA"], ["RUS", None])])
    one = _score(gold, [(("ACCUSE", "FRA", "RUS"), "s")], set())
    assert (one.found, one.correct, one.emitted) == (1, 1, 1)
    two = _score(gold, [(("ACCUSE", "FRA", "RUS"), "s"), (("ACCUSE", "FRA", None), "s")], set())
    assert two.found == 2 and not two.missed


def test_symmetric_items_match_reversed_and_others_do_not():
    sym = _gold(required=[_item(["CONSULT"], ["USA"], ["RUS"], symmetric=True)])
    assert _score(sym, [(("CONSULT", "RUS", "USA"), "s")], set()).found == 1
    plain = _gold(required=[_item(["CONSULT"], ["USA"], ["RUS"])])
    assert _score(plain, [(("CONSULT", "RUS", "USA"), "s")], set()).found == 0


def test_nato_token_and_domestic_self_pairs():
    gold = _gold(required=[_item(["REJECT"], ["@NATO-MEMBERS"], ["UKR"]),
                           _item(["PROTEST"], ["KEN"], ["KEN", None])])
    got = _score(gold, [(("REJECT", "HUN", "UKR"), "s"), (("PROTEST", "KEN", "KEN"), "s")],
                 {"HUN", "TUR"})
    assert got.found == 2
    # a self-pair never matches an item whose sources name more than that actor
    both = _gold(required=[_item(["PROTEST"], ["KOS", "XKX"], ["KOS", "XKX", None])])
    assert _score(both, [(("PROTEST", "KOS", "KOS"), "s")], set()).found == 0


def test_forbidden_and_extra_are_told_apart():
    gold = _gold(required=[_item(["AGREE"], ["KEN"], ["HTI"])],
                 optional=[_item(["AID"], ["KEN"], ["HTI"])],
                 forbidden=[_item(["RETREAT"], ["KEN"], [None])])
    got = _score(gold, [(("AID", "KEN", "HTI"), "s1"), (("RETREAT", "KEN", None), "s2"),
                        (("ASSAULT", "KEN", None), "s3")], set())
    assert (got.found, got.correct, got.forbidden) == (0, 1, 1)
    assert [d for d, _ in got.extra] == [("ASSAULT", "KEN", None)]


def test_the_cli_scores_a_folder_of_articles(tmp_path):
    (tmp_path / "one.txt").write_text("Finland condemned Russia over the border closures.")
    (tmp_path / "one.expected.json").write_text(json.dumps({
        "article": {"file": "one.txt", "date": "2024-02-01", "source": "Wire"},
        "required": [_item(["ACCUSE"], ["FIN"], ["RUS"])],
        "forbidden": [_item(["ASSAULT"], ["RUS"], ["FIN", None])]}))
    proc = subprocess.run([sys.executable, "-m", "eventcoder", "evaluate", str(tmp_path),
                           "--json"], capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    total = json.loads(proc.stdout)["total"]
    assert (total["found"], total["required"], total["forbidden"]) == (1, 1, 0)
    assert total["precision"] == 1.0
