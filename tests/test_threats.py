"""Threats and ultimatums and whom they are aimed at (our sentences)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_an_ultimatum_with_the_time_as_a_second_object(coder):
    got = code(coder, "SADC gave the rulers of Madagascar thirty days to restore the "
                      "constitution.")
    assert ("THREATEN", "SADC", "MDG") in got


def test_an_army_chief_acts_for_his_country(coder):
    got = code(coder, "Pakistan's army chief gave Afghan fighters 24 hours to leave the border "
                      "posts.")
    assert ("THREATEN", "PAK", "AFG") in got


def test_a_warning_is_aimed_at_the_subject_of_its_condition(coder):
    got = code(coder, "Seoul warned that it would retaliate if North Korean drones crossed "
                      "the border again.")
    assert ("THREATEN", "KOR", "PRK") in got


def test_a_warning_without_a_condition_keeps_no_recipient(coder):
    got = code(coder, "Seoul warned that it would retaliate firmly, the defence ministry said.")
    assert ("THREATEN", "KOR", None) in got
