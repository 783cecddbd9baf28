"""Actors the text names only through an office, a place or the act they adopt (ours)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_a_treasury_and_a_department_are_their_government(coder):
    assert ("SANCTION", "GBR", "RUS") in code(
        coder, "The British Treasury imposed sanctions on Russia's central bank.")
    assert ("SANCTION", "USA", "PRK") in code(
        coder, "The US Commerce Department imposed export curbs on North Korea.")


def test_what_ministers_agree_to_is_theirs(coder):
    got = code(coder, "EU ministers agreed to a fresh package of sanctions against Iran.")
    assert ("SANCTION", "EU", "IRN") in got


def test_agreeing_to_a_truce_stays_one_agreement(coder):
    got = [e for e in coder.code_text("Chad agreed to a ceasefire with the rebels.",
                                      date="2024-05-01") if e.type == "AGREE"]
    assert len({(e.source.code, e.evidence.trigger) for e in got}) == 1


def test_missiles_fired_at_targets_in_a_province_hit_its_country(coder):
    got = code(coder, "Israeli jets fired missiles at targets in Syria's Homs province.")
    assert ("ASSAULT", "ISR", "SYR") in got


def test_attackers_near_a_town_of_a_named_country_are_of_it(coder):
    got = code(coder, "Gunmen attacked an army post near Menaka in Mali's east, killing "
                      "four soldiers.")
    assert ("ASSAULT", "MLI", "MLI") in got


def test_strikes_named_by_a_noun_hit_the_province_they_landed_in(coder):
    got = code(coder, "Israel's air force carried out strikes on depots in Lebanon's Bekaa "
                      "valley.")
    assert ("ASSAULT", "ISR", "LBN") in got


def test_a_states_strikes_at_home_name_no_recipient_from_the_place(coder):
    got = code(coder, "Nigeria's air force carried out strikes on camps in Nigeria's Borno "
                      "state.")
    assert any(ty == "ASSAULT" and s == "NGA" for ty, s, _ in got)
    assert ("ASSAULT", "NGA", "NGA") not in got


def test_coordinated_sides_that_fought_fought_each_other(coder):
    got = code(coder, "Indian and Pakistani soldiers fought along the Line of Control.")
    assert {("ASSAULT", "IND", "PAK"), ("ASSAULT", "PAK", "IND")} <= got


def test_a_clash_with_a_named_side_stays_one_direction(coder):
    got = code(coder, "Indian troops clashed with Chinese soldiers in Ladakh.")
    assert ("ASSAULT", "IND", "CHN") in got
    assert ("ASSAULT", "CHN", "IND") not in got
