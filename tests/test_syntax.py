"""Argument-finding rules on hand-built parses: no model needed, so the rules are pinned."""

import spacy
from spacy.tokens import Doc

from eventcoder.extract.syntax import is_passive, object_of, prep_objects, subject_of

# a blank English vocab: lexical attributes (lower case) without loading a model
VOCAB = spacy.blank("en").vocab


def build(words, heads, deps, pos, lemmas=None, tags=None):
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos,
               lemmas=lemmas or [w.lower() for w in words], tags=tags)


def test_active_subject_and_object():
    doc = build(["Hungary", "blocked", "Ukraine", "."], [1, 1, 1, 1],
                ["nsubj", "ROOT", "dobj", "punct"], ["PROPN", "VERB", "PROPN", "PUNCT"])
    verb = doc[1]
    assert not is_passive(verb)
    assert subject_of(verb).text == "Hungary"
    assert object_of(verb).text == "Ukraine"


def test_passive_swaps_roles_through_the_by_agent():
    words = ["Ukraine", "was", "blocked", "by", "Hungary", "."]
    doc = build(words, [2, 2, 2, 2, 3, 2],
                ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
                ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"])
    verb = doc[2]
    assert is_passive(verb)
    assert subject_of(verb).text == "Hungary"
    assert object_of(verb).text == "Ukraine"


def test_object_control_makes_the_object_the_subject_of_the_complement():
    # Paris pressed Rome to cut tariffs
    words = ["Paris", "pressed", "Rome", "to", "cut", "tariffs"]
    doc = build(words, [1, 1, 1, 4, 1, 4], ["nsubj", "ROOT", "dobj", "aux", "xcomp", "dobj"],
                ["PROPN", "VERB", "PROPN", "PART", "VERB", "NOUN"],
                lemmas=["Paris", "press", "Rome", "to", "cut", "tariff"])
    assert subject_of(doc[4]).text == "Rome"


def test_subject_control_and_conjoined_verbs_inherit_the_subject():
    # Iran moved to expel and detain inspectors
    words = ["Iran", "moved", "to", "expel", "and", "detain", "inspectors"]
    doc = build(words, [1, 1, 3, 1, 3, 3, 5],
                ["nsubj", "ROOT", "aux", "xcomp", "cc", "conj", "dobj"],
                ["PROPN", "VERB", "PART", "VERB", "CCONJ", "VERB", "NOUN"],
                lemmas=["Iran", "move", "to", "expel", "and", "detain", "inspector"])
    assert subject_of(doc[3]).text == "Iran"
    assert subject_of(doc[5]).text == "Iran"


def test_relative_clause_subject_is_the_head_noun():
    # Turkey, which vetoed the bid, ...
    words = ["Turkey", ",", "which", "vetoed", "the", "bid"]
    doc = build(words, [0, 0, 3, 0, 5, 3], ["ROOT", "punct", "nsubj", "relcl", "det", "dobj"],
                ["PROPN", "PUNCT", "PRON", "VERB", "DET", "NOUN"])
    assert subject_of(doc[3]).text == "Turkey"


def test_prepositional_target_is_found_inside_the_object_phrase():
    # fund a package of missiles for Kyiv
    words = ["fund", "a", "package", "of", "missiles", "for", "Kyiv"]
    doc = build(words, [0, 2, 0, 2, 3, 4, 5],
                ["ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj"],
                ["VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN"])
    assert [t.text for t in prep_objects(doc[0], "for")] == ["Kyiv"]
    assert list(prep_objects(doc[0], "against")) == []
