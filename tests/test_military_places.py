"""Military activity near islands and regions the town gazetteer does not hold; means that
modify an act are not a second act (ours)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_drills_off_an_island_are_aimed_at_its_state(coder):
    assert ("MOBILIZE", "RUS", "SWE") in code(
        coder, "The Russian navy held drills off Gotland on Wednesday.")
    assert ("MOBILIZE", "CHN", "JPN") in code(
        coder, "Chinese warships staged exercises off the coast of Kyushu.")


def test_live_fire_describes_the_drill_and_is_no_shooting(coder):
    got = code(coder, "The Chinese army held live-fire drills near Kinmen.")
    assert ("MOBILIZE", "CHN", "TWN") in got
    assert not any(t == "ASSAULT" for t, _, _ in got), got
    assert ("ASSAULT", "IND", "IND") in code(
        coder, "Indian police opened live fire on farmers in Punjab.") | code(
        coder, "Indian soldiers opened live fire on villagers in Manipur.")


def test_troops_massed_near_a_claimed_region_threaten_its_holder(coder):
    assert ("MOBILIZE", "VEN", "GUY") in code(
        coder, "Venezuela massed tanks and soldiers near Essequibo in December.")


def test_launched_missile_strikes_are_strikes_not_a_missile_launch(coder):
    got = code(coder, "Turkey launched drone strikes on Kurdish fighters in Iraq's "
                      "Kurdistan Region of Iraq.")
    got = got | code(coder, "Israel launched missile strikes on militia depots in Syria.")
    assert ("ASSAULT", "ISR", "SYR") in got
    assert not any(t == "MOBILIZE" and s == "ISR" for t, s, _ in got), got
    # a launch with no act for its object stays a weapons test
    assert ("MOBILIZE", "PRK", None) in code(
        coder, "North Korea launched two cruise missiles on Sunday.")
