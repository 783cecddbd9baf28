"""Arrests and releases told without their agent: by the state of the place (ours)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_foreigners_detained_abroad_were_held_by_that_state(coder):
    assert ("COERCE", "IRN", "GBR") in code(
        coder, "Two British journalists who were wrongfully detained in Iran returned home.")
    assert ("COERCE", "RUS", "USA") in code(
        coder, "Two Americans were jailed in Russia for spying.")


def test_a_detention_without_a_place_names_no_state(coder):
    # foreigners are held abroad as often as at home: no place, no actor
    got = code(coder, "Two British journalists were detained on Friday.")
    assert not any(t == "COERCE" for t, _, _ in got), got
    assert ("COERCE", "BLR", "BLR") in code(
        coder, "Dozens of opposition activists were arrested in Minsk.")


def test_a_kidnapping_is_not_the_state_of_the_place(coder):
    got = code(coder, "An American teacher was kidnapped in Niger on Sunday.")
    assert ("COERCE", "NER", "USA") not in got
    assert ("COERCE", "NER", "USA") in code(
        coder, "An American teacher was arrested in Niamey, Niger.")


def test_foreigners_freed_abroad_were_freed_by_that_state(coder):
    assert ("RETREAT", "RUS", "CHN") in code(
        coder, "The Chinese students who were arrested in Moscow were freed.")
    # with no place, the prisoners' own state still frees them
    assert ("RETREAT", "IRN", "IRN") in code(coder, "Five Iranian dissidents were freed.")
