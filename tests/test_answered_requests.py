"""Requests and other spoken acts that someone answers: the answerer is who they were made to,
and turning one down does not undo it (ours)."""

from __future__ import annotations

from conftest import coded_dyads as code
from conftest import dyads


def test_calls_to_act_rejected_are_requests_to_who_rejects_them(coder):
    got = code(coder, "Armenia rejected renewed Russian calls to expel the observers.")
    assert ("REQUEST", "RUS", "ARM") in got
    assert ("REJECT", "ARM", "RUS") in got


def test_calls_the_tagger_reads_as_a_verb_are_still_a_noun(coder):
    # "EU calls" after an adjective is tagged as a present-tense verb by the small model
    got = code(coder, "Georgia dismissed fresh EU calls to repeal the media law.")
    assert ("REQUEST", "EU", "GEO") in got


def test_a_call_with_its_addressee_needs_no_answer(coder):
    got = code(coder, "Sweden's calls on Turkey to ratify the accession were heard in Ankara.")
    assert ("REQUEST", "SWE", "TUR") in got


def test_a_bare_call_is_no_request(coder):
    got = code(coder, "Macron took calls from several leaders on Monday.")
    assert not any(t == "REQUEST" for t, _, _ in got)
    assert ("REQUEST", "FRA", "DEU") in code(
        coder, "Berlin ignored French calls to raise its defence spending.")


def test_a_request_granted_in_the_passive_was_made_to_the_granter(coder):
    got = code(coder, "Zambia's request for a debt moratorium was granted by Japan.")
    assert ("REQUEST", "ZMB", "JPN") in got


def test_a_refused_plea_was_still_made(coder):
    got = code(coder, "Beijing refused Sri Lanka's plea for a restructuring of its loans.")
    assert ("REQUEST", "LKA", "CHN") in got
    got = code(coder, "Pakistan's appeal for emergency grain was turned down by Moscow.")
    assert ("REQUEST", "PAK", "RUS") in got


def test_a_denied_accusation_was_still_made(coder):
    got = code(coder, "Uganda denied Kinshasa's accusations of backing the rebels.")
    assert ("ACCUSE", "COD", "UGA") in got
    assert ("REJECT", "UGA", "COD") in got


def test_a_cancelled_meeting_is_still_undone(coder_flagged):
    # the answer rule is for acts of saying: a called-off meeting did not take place
    events = coder_flagged.code_text("Serbia cancelled its talks with Kosovo's envoys.",
                                     date="2024-05-01")
    talks = [e for e in events if e.type == "CONSULT"]
    assert talks and all(e.flags.negated for e in talks)
    assert ("REQUEST", "UKR", "HUN") in dyads(coder_flagged.code_text(
        "Hungary rejected Ukraine's demands for weapons transit.", date="2024-05-01"))
