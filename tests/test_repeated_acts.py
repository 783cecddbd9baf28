"""Acts done again to the same recipient; state services (ours)."""

from __future__ import annotations

from conftest import coded_dyads as code


def test_echoing_a_charge_accuses_whom_the_charge_was_about(coder):
    got = code(coder, "Estonia accused Moscow of jamming GPS signals over the Baltic, and "
                      "Lithuania and Finland echoed the charge.")
    assert ("ACCUSE", "LTU", "RUS") in got and ("ACCUSE", "FIN", "RUS") in got
    assert ("ACCUSE", "LTU", "EST") not in got


def test_joining_a_condemnation_condemns_the_same_state(coder):
    got = code(coder, "Canada condemned Iran's seizure of a tanker. Australia joined the "
                      "condemnation on Friday.")
    assert ("ACCUSE", "AUS", "IRN") in got


def test_rejecting_an_accusation_still_answers_its_author(coder):
    # the repeating rule leaves the act's author as recipient for verbs that answer it
    got = code(coder, "Armenia accused Azerbaijan of shelling a village. Azerbaijan rejected "
                      "the accusation.")
    assert ("REJECT", "AZE", "ARM") in got


def test_a_state_security_service_is_its_state(coder):
    assert ("COERCE", "RUS", "USA") in code(
        coder, "Russia's security service detained an American businessman in Moscow.")
    assert ("COERCE", "BLR", "POL") in code(
        coder, "Belarus's KGB security service arrested a Polish activist in Grodno.")
