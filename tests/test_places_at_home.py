"""Acts at home: parts of a country stand for it, forces acting on unnamed people in their own
country act on its people, and a sentence-opening role noun is still a role (our sentences)."""

from __future__ import annotations

from conftest import coded_dyads as code

from eventcoder.components import recase_opening_roles


# ---- a part of a country stands for the country its modifiers name ------------------------
def test_a_province_with_a_possessor_places_the_people_in_it(coder):
    got = code(coder, "Police in Pakistan's Sindh province arrested dozens of students.")
    assert ("COERCE", "PAK", "PAK") in got


def test_a_town_named_with_a_nationality_is_that_country(coder):
    got = code(coder, "Insurgents shelled the outskirts of the northern Malian town of Gao.")
    assert ("ASSAULT", "MLI", "MLI") in got


def test_a_region_of_a_named_country_places_the_troops(coder):
    got = code(coder, "Troops in the south of Sudan arrested dozens of students.")
    assert ("COERCE", "SDN", "SDN") in got


def test_a_bare_province_names_no_country(coder):
    got = code(coder, "Troops in the province attacked a market.")
    assert not any(s is not None and s != "UNK" for ty, s, _ in got if ty == "ASSAULT")
    assert ("ASSAULT", "PER", "PER") in code(
        coder, "Troops in Peru's Puno region fired on protesters.")


# ---- forces acting on unnamed people where they serve ---------------------------------------
def test_forces_at_home_act_on_their_own_people(coder):
    got = code(coder, "Soldiers in Cameroon's Anglophone region shot dead dozens of villagers.")
    assert ("ASSAULT", "CMR", "CMR") in got


def test_forces_abroad_are_not_given_a_home_victim(coder):
    # the sentence names another state: the victims are not guessed to be the soldiers' own
    got = code(coder, "Ethiopian soldiers in Somalia killed dozens of herders.")
    assert any(s == "ETH" for ty, s, _ in got if ty == "ASSAULT")
    assert ("ASSAULT", "ETH", "ETH") not in got


def test_troops_without_a_place_keep_their_recipient_unguessed(coder):
    got = code(coder, "Israeli troops killed four fishermen, the army said.")
    assert any(s == "ISR" for ty, s, _ in got if ty == "ASSAULT")
    assert ("ASSAULT", "ISR", "ISR") not in got


def test_fire_on_and_fire_into_a_crowd_are_assaults(coder):
    assert ("ASSAULT", "KEN", "KEN") in code(coder, "Kenyan police fired on rioters in Kisumu.")
    assert ("ASSAULT", "IRQ", "IRQ") in code(
        coder, "Iraqi troops fired into a crowd of students in Basra.")


def test_fired_with_an_object_is_still_a_dismissal(coder):
    got = code(coder, "Peru's president fired his interior minister on Sunday.")
    assert not any(ty == "ASSAULT" for ty, _, _ in got)
    assert ("ASSAULT", "PER", "PER") in code(coder, "Peruvian police fired on miners in Arequipa.")


# ---- the article's country from its towns ----------------------------------------------------
def test_with_no_country_named_the_towns_give_it(coder):
    got = code(coder, "Soldiers opened fire on protesters in Mombasa on Friday.")
    assert ("ASSAULT", "KEN", "KEN") in got


# ---- a role noun opening a sentence ----------------------------------------------------------
def _tagged(coder, text):
    with coder.nlp.select_pipes(disable=["eventcoder_actors", "eventcoder_events"]):
        return coder.nlp(text)


def test_a_capitalised_plural_role_noun_is_read_as_the_role(coder):
    roles = coder.knowledge.roles.sector_of
    doc = _tagged(coder, "Authorities seized the town.")
    doc[0].pos_, doc[0].lemma_ = "PROPN", "Authorities"  # what the small model often says
    recase_opening_roles(doc, roles)
    assert (doc[0].pos_, doc[0].lemma_) == ("NOUN", "authority")
    # a name opening a sentence is left alone
    doc = _tagged(coder, "Kenya seized the town.")
    recase_opening_roles(doc, roles)
    assert (doc[0].pos_, doc[0].lemma_) == ("PROPN", "Kenya")


def test_rebels_opening_a_sentence_act_for_the_country(coder):
    got = code(coder, "Militias burned homes in the Congolese town of Bunia.")
    assert ("ASSAULT", "COD", "COD") in got


# ---- crowds outside a foreign mission ------------------------------------------------------
def test_a_crowd_outside_an_embassy_is_of_the_host_country(coder):
    got = code(coder, "Demonstrators rallied outside the Chinese embassy in Manila on Friday.")
    assert ("PROTEST", "PHL", "CHN") in got
    assert ("PROTEST", "CHN", "CHN") not in got
    assert ("PROTEST", "PHL", "PHL") not in got  # the implied own-government target gives way


def test_a_protest_with_no_one_faced_keeps_its_implied_recipient(coder):
    got = code(coder, "Demonstrators rallied in central Manila on Friday.")
    assert ("PROTEST", "PHL", "PHL") in got


def test_towards_and_toward_are_one_preposition(coder):
    assert ("ASSAULT", "PRK", "JPN") in code(
        coder, "North Korea fired a missile towards Japan on Monday.")
