"""Attackers and crowds the text does not name: armed men of unknown allegiance, militants,
bandits, supporters; finite verbs the small model reads as participles (ours)."""

from __future__ import annotations

import spacy
from conftest import coded_dyads as code
from spacy.tokens import Doc

from eventcoder.extract.syntax import is_passive, misread_participle_subject, subject_of

VOCAB = spacy.blank("en").vocab


def test_gunmen_are_armed_men_not_civilians_so_their_victims_stay(coder):
    # gunmen and residents were both 'civilians' before, so the victims were dropped as the
    # attackers' own country-and-sector
    got = coder.code_text("Gunmen killed four residents of a town in northern Burkina Faso.",
                          date="2024-05-01")
    hit = [e for e in got if e.type == "ASSAULT"]
    assert [(e.source.code, e.source.sector, e.target.code) for e in hit] == [
        ("BFA", "UAF", "BFA")]


def test_bandits_and_militants_take_the_country_they_act_in(coder):
    assert ("ASSAULT", "NGA", "NGA") in code(
        coder, "Bandits abducted forty pupils from a school in Nigeria's Kaduna state.")
    assert ("ASSAULT", "PAK", "PAK") in code(
        coder, "Militants ambushed a police convoy in Pakistan's Khyber district.")


def test_supporters_are_a_crowd_of_the_country(coder):
    assert ("ASSAULT", "SEN", "SEN") in code(
        coder, "Supporters of the opposition fought with riot police in Dakar.")


def test_a_finite_verb_after_an_ing_phrase_has_the_phrase_noun_as_subject(coder):
    assert ("ASSAULT", "MLI", "MLI") in code(
        coder, "Soldiers guarding the palace shot at demonstrators in Bamako.")
    assert ("ASSAULT", "NER", "NER") in code(
        coder, "Gunmen riding motorbikes shot dead twelve farmers in a village in Niger.")


def _ing_then_participle(with_agent: bool) -> Doc:
    # Soldiers guarding the palace shot at crowds  (as the small model parses it)
    words = ["Soldiers", "guarding", "the", "palace", "shot", "at", "crowds"]
    heads = [0, 0, 3, 1, 3, 4, 5]
    deps = ["ROOT", "acl", "det", "dobj", "acl", "prep", "pobj"]
    pos = ["NOUN", "VERB", "DET", "NOUN", "VERB", "ADP", "NOUN"]
    tags = ["NNS", "VBG", "DT", "NN", "VBN", "IN", "NNS"]
    if with_agent:  # ... the palace shelled by rebels
        words[5:], deps[5:], pos[5:], tags[5:] = ["by", "rebels"], ["agent", "pobj"], \
            ["ADP", "NOUN"], ["IN", "NNS"]
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags,
               lemmas=[w.lower() for w in words])


def test_misread_participle_on_a_hand_built_parse():
    doc = _ing_then_participle(with_agent=False)
    assert misread_participle_subject(doc[4]).text == "Soldiers"
    assert not is_passive(doc[4])
    assert subject_of(doc[4]).text == "Soldiers"
    # with a by-agent it is a real passive participle: "the palace shelled by rebels"
    doc = _ing_then_participle(with_agent=True)
    assert misread_participle_subject(doc[4]) is None
    assert is_passive(doc[4])
    assert subject_of(doc[4]).text == "rebels"


def test_a_clause_of_time_does_not_make_a_clash_a_contest(coder):
    assert ("ASSAULT", "KEN", "KEN") in code(
        coder, "Rioters clashed with police in Nairobi as the country awaited the election "
               "results.")
    # the contest words still count in the clause itself
    assert not [d for d in code(coder, "Kenya beat Uganda in the cup final.")
                if d[0] == "ASSAULT"]
    assert ("ASSAULT", "ETH", "ERI") in code(
        coder, "Ethiopian troops attacked Eritrean positions near Badme.")
