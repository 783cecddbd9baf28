"""Every cue list does what it says: its example codes as stated, and not without the word."""

from __future__ import annotations

import pytest
from conftest import code_with, matches

from eventcoder.extract.cues import default_cues

LISTS = default_cues().lists
WITH_EXAMPLES = sorted(n for n, c in LISTS.items() if c.example)


def test_most_lists_carry_an_example():
    """Lists without one are only ordered preposition sets read by slots and finders."""
    without = sorted(set(LISTS) - set(WITH_EXAMPLES))
    assert len(WITH_EXAMPLES) >= 25, without
    assert all(n.endswith(("_preps", "_verbs")) for n in without), without


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_list_changes_what_its_example_codes(name, coder_flagged, monkeypatch):
    from eventcoder.extract import syntax

    cues = default_cues()
    ex = cues.lists[name].example
    assert ex["remove"] in cues.lists[name].words, "the removed word must be on the list"
    with_list = code_with(coder_flagged, ex["text"])
    fewer = cues.without(name, ex["remove"])
    monkeypatch.setattr(syntax, "_words", lambda: fewer)  # the parse questions read them too
    without = code_with(coder_flagged, ex["text"], cues=fewer)
    if "expect" in ex:
        assert any(matches(e, ex["expect"]) for e in with_list), _show(with_list)
        assert not any(matches(e, ex["expect"]) for e in without), _show(without)
    else:
        assert not any(matches(e, ex["absent"]) for e in with_list), _show(with_list)
        assert any(matches(e, ex["absent"]) for e in without), _show(without)


def test_a_list_without_a_word_is_a_copy():
    cues = default_cues()
    fewer = cues.without("light_verbs", "launch")
    assert "launch" in cues.light_verbs and "launch" not in fewer.light_verbs
    assert fewer.joint_markers == cues.joint_markers


def _show(events) -> list:
    return [(e.type, e.dyad(), e.mode, e.evidence.rule_chain,
             [n for n in ("negated", "hypothetical", "future") if getattr(e.flags, n)])
            for e in events]
