"""Third parties and the parties they bring together (our sentences)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_a_truce_brokered_by_a_third_party_links_it_to_both_parties(coder):
    got = code(coder, "Colombia and the ELN agreed to a truce brokered by Cuba on Friday.")
    assert ("CONSULT", "CUB", "COL") in got
    assert ("AGREE", "CUB", "COL") not in got  # brokering is done, not promised


def test_talks_mediated_by_two_states_give_each_a_dyad_with_the_parties(coder):
    got = code(coder, "Talks between Serbia and Kosovo resumed in Brussels, mediated by "
                      "France and Germany.")
    assert {("CONSULT", "FRA", "SRB"), ("CONSULT", "DEU", "KOS")} <= got
    assert ("CONSULT", "FRA", "DEU") not in got  # the mediators are not each other's


def test_talks_between_two_parties_are_theirs(coder):
    got = code(coder, "Talks between Kenya and Tanzania opened in Arusha on Monday.")
    assert ("CONSULT", "KEN", "TZA") in got


def test_talks_with_no_parties_named_give_nothing(coder):
    assert not code(coder, "The talks opened in Arusha on Monday.")
    assert ("CONSULT", "KEN", "TZA") in code(
        coder, "Kenya held talks with Tanzania in Arusha on Monday.")


def test_talks_only_hoped_for_are_no_event(coder):
    got = code(coder, "The release opens the way to dialogue between Chile and Bolivia.")
    assert ("CONSULT", "CHL", "BOL") not in got
    assert ("CONSULT", "CHL", "BOL") in code(
        coder, "Dialogue between Chile and Bolivia resumed in La Paz.")
