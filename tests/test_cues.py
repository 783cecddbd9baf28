"""Every cue list does what it says: its example codes as stated, and not without the word."""

from __future__ import annotations

import pytest
from conftest import code_with, matches

from eventcoder.errors import DataFileError
from eventcoder.extract.cues import default_cues

LISTS = default_cues().lists
WITH_EXAMPLES = sorted(n for n, c in LISTS.items() if c.example)
MODE_CUES = {f"{t}.{m.mode}": m for t, modes in default_cues().mode_cues.items() for m in modes}
CONTEXT_CUES = default_cues().context_cues


def test_most_lists_carry_an_example():
    """Lists without one are only ordered preposition sets read by slots and finders."""
    without = sorted(set(LISTS) - set(WITH_EXAMPLES))
    assert len(WITH_EXAMPLES) >= 25, without
    assert all(n.endswith(("_preps", "_verbs", "_determiners")) for n in without), without


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


def test_every_mode_and_context_cue_carries_an_example():
    missing = sorted(k for k, m in MODE_CUES.items() if not m.example)
    missing += sorted(k for k, c in CONTEXT_CUES.items() if not c.example)
    assert MODE_CUES and CONTEXT_CUES and not missing, missing


def test_mode_cues_are_for_types_that_can_lack_a_mode():
    """Cues are read only when no rule (nor convention) set the mode: for a type whose every
    rule sets one, and that no convention retypes to without a mode, they are dead words."""
    from eventcoder.extract.conventions import default_conventions
    from eventcoder.extract.lexicon import default_lexicon

    open_types = {r.type for r in default_lexicon().rules if r.mode is None}
    for conv in default_conventions().conventions:
        then = dict(conv.then)
        if "type" in then and "mode" not in then:
            open_types.add(then["type"])
    assert set(default_cues().mode_cues) <= open_types, set(default_cues().mode_cues) - open_types


@pytest.mark.parametrize("key", sorted(MODE_CUES))
def test_mode_cue_gives_its_example_the_mode(key, coder_flagged):
    type_name, _, mode = key.partition(".")
    text = MODE_CUES[key].example
    with_words = code_with(coder_flagged, text)
    hits = [e for e in with_words if e.type == type_name and e.mode == mode and e.flags.is_fact()]
    assert hits, _show(with_words)
    without = code_with(coder_flagged, text, cues=default_cues().emptied(key))
    assert not any(e.type == type_name and e.mode == mode for e in without), _show(without)
    # the event is still there, only without the mode: the words, not the rule, gave it
    triggers = {e.evidence.trigger for e in without if e.type == type_name}
    assert any(e.evidence.trigger in triggers for e in hits), _show(without)


@pytest.mark.parametrize("name", sorted(CONTEXT_CUES))
def test_context_cue_gives_its_example_the_context(name, coder_flagged):
    text = CONTEXT_CUES[name].example
    with_words = code_with(coder_flagged, text)
    hits = [e for e in with_words if name in e.contexts and e.flags.is_fact()]
    assert hits, _show(with_words)
    without = code_with(coder_flagged, text, cues=default_cues().emptied(name))
    assert not any(name in e.contexts for e in without), _show(without)
    triggers = {(e.type, e.evidence.trigger) for e in without}
    assert any((e.type, e.evidence.trigger) in triggers for e in hits), _show(without)


def test_an_emptied_cue_is_a_copy():
    cues = default_cues()
    fewer = cues.emptied("ASSAULT.drone").emptied("military")
    drone = next(m for m in fewer.mode_cues["ASSAULT"] if m.mode == "drone")
    assert not drone.words and not fewer.context_cues["military"].words
    assert "drone" in next(m for m in cues.mode_cues["ASSAULT"] if m.mode == "drone").words
    assert "tank" in cues.context_cues["military"].words
    assert fewer.mode_cues["REQUEST"] == cues.mode_cues["REQUEST"]
    with pytest.raises(DataFileError):
        cues.emptied("ASSAULT.no-such-mode")


def _show(events) -> list:
    return [(e.type, e.dyad(), e.mode, e.contexts, e.evidence.rule_chain,
             [n for n in ("negated", "hypothetical", "future") if getattr(e.flags, n)])
            for e in events]
