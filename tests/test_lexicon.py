"""The trigger lexicon and cue words: schema, coverage, and every example codes as written."""

from __future__ import annotations

from collections import Counter

import pytest

from eventcoder.errors import DataFileError
from eventcoder.extract.cues import default_cues
from eventcoder.extract.lexicon import Lexicon, default_lexicon
from eventcoder.ontology import load_ontology


def test_lexicon_covers_all_16_types_with_hundreds_of_rules():
    lex = default_lexicon()
    assert len(lex) >= 300
    per_type = Counter(r.type for r in lex.rules)
    assert set(per_type) == set(load_ontology().types)
    assert min(per_type.values()) >= 5, per_type


def test_cues_load_and_every_list_is_non_empty():
    cues = default_cues()
    for name in ("light_verbs", "experiencer_verbs", "reporting_verbs", "negators",
                 "negating_verbs", "hypothetical_markers", "future_markers"):
        assert getattr(cues, name), name


def test_invalid_mode_is_rejected(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("- {id: reject.x, type: REJECT, lemma: snub, pos: VERB, mode: drone}\n")
    with pytest.raises(DataFileError, match="drone"):
        Lexicon.load(bad)


def test_duplicate_ids_are_rejected(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("- {id: reject.x, type: REJECT, lemma: snub, pos: VERB}\n"
                   "- {id: reject.x, type: REJECT, lemma: rebuff, pos: VERB}\n")
    with pytest.raises(DataFileError, match="duplicate"):
        Lexicon.load(bad)


EXAMPLES = [r for r in default_lexicon().rules if r.example and r.expect]


def test_many_rules_carry_an_example():
    assert len(EXAMPLES) >= 100


def expected_event(rule) -> dict:
    """What a rule's example must give: every field of `expect`, with the rule's own type and
    mode as defaults, no conventions and a plain fact unless `expect` says otherwise."""
    e = rule.expect
    return {"rule": rule.id, "type": e.get("type", rule.type), "mode": e.get("mode", rule.mode),
            "source": e.get("source"), "target": e.get("target"),
            "conventions": tuple(e.get("conventions", ())),
            "flags": tuple(sorted(e.get("flags", ())))}


def observed(event) -> dict:
    f = event.flags
    flags = tuple(sorted(n for n in ("future", "hypothetical", "negated", "reported")
                         if getattr(f, n)))
    return {"rule": event.evidence.rule, "type": event.type, "mode": event.mode,
            "source": event.source.code, "target": event.target.code if event.target else None,
            "conventions": tuple(event.evidence.conventions), "flags": flags}


@pytest.mark.parametrize("rule", EXAMPLES, ids=[r.id for r in EXAMPLES])
def test_rule_example_codes_as_expected(rule, coder_flagged):
    """The example gives an event of this very rule with the expected type, mode, dyad,
    conventions and flags (reported speech is not checked unless listed)."""
    want = expected_event(rule)
    got = [observed(e) for e in coder_flagged.code_text(rule.example, date="2025-06-01")]
    if "reported" not in want["flags"]:
        for g in got:
            g["flags"] = tuple(x for x in g["flags"] if x != "reported")
    assert want in got, got


def test_a_folder_of_trigger_files_is_one_lexicon_and_ids_stay_unique(tmp_path):
    (tmp_path / "a.yaml").write_text("- {id: reject.x, type: REJECT, lemma: snub, pos: VERB}\n")
    (tmp_path / "b.yaml").write_text("- {id: reject.y, type: REJECT, lemma: rebuff, pos: VERB}\n")
    assert {r.id for r in Lexicon.load(tmp_path).rules} == {"reject.x", "reject.y"}
    (tmp_path / "c.yaml").write_text("- {id: reject.x, type: REJECT, lemma: spurn, pos: VERB}\n")
    with pytest.raises(DataFileError, match="duplicate"):
        Lexicon.load(tmp_path)
