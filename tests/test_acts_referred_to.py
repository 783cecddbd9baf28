"""Judging an act named by a noun: the recipient is who did the act (our sentences)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_an_appended_move_judged_in_a_relative_clause(coder):
    got = code(coder, "Austria and Malta expelled two Iranian envoys, a move that Tehran "
                      "condemned.")
    assert {("ACCUSE", "IRN", "AUT"), ("ACCUSE", "IRN", "MLT")} <= got


def test_a_decision_judged_without_a_relative_pronoun(coder):
    got = code(coder, "Sweden halted its aid to Mali, a decision Bamako called hostile.")
    assert ("ACCUSE", "MLI", "SWE") in got


def test_a_welcomed_gesture_supports_who_made_it(coder):
    got = code(coder, "Japan sent rescue teams to Turkey, a gesture that Ankara welcomed.")
    assert ("SUPPORT", "TUR", "JPN") in got


def test_a_relative_clause_on_a_country_is_no_judged_act(coder):
    got = code(coder, "Japan sent rescue teams to Turkey, a country that Greece criticised.")
    assert ("AID", "JPN", "TUR") in got
    assert ("ACCUSE", "GRC", "JPN") not in got


def test_seizures_referred_to_are_the_seizers(coder):
    got = code(coder, "Venezuelan troops seized three Guyanese fishing boats. Guyana "
                      "condemned the seizures.")
    assert ("ACCUSE", "GUY", "VEN") in got


def test_a_killing_referred_to_is_the_killer(coder):
    got = code(coder, "Sudanese soldiers killed an Egyptian trader near the border. Cairo "
                      "denounced the killing.")
    assert ("ACCUSE", "EGY", "SDN") in got


def test_blaming_one_another_gives_both_directions(coder):
    got = code(coder, "Chad and Sudan blamed one another for the cross-border raid.")
    assert {("ACCUSE", "TCD", "SDN"), ("ACCUSE", "SDN", "TCD")} <= got


def test_a_plain_coordinated_accusation_is_not_reciprocal(coder):
    got = code(coder, "Chad and Niger accused Sudan of arming the rebels.")
    assert {("ACCUSE", "TCD", "SDN"), ("ACCUSE", "NER", "SDN")} <= got
    assert ("ACCUSE", "TCD", "NER") not in got
