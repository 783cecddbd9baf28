"""The syntax real news uses, one phenomenon per test, in sentences of our own."""

from __future__ import annotations

from conftest import dyads


def code(coder, text, day="2025-03-10"):
    return coder.code_text(text, date=day)


def test_active_voice(coder):
    assert ("ACCUSE", "FRA", "IRN") in dyads(code(coder, "France condemned Iran on Tuesday."))


def test_passive_voice_with_agent(coder):
    got = dyads(code(coder, "Serbia's bid to join the talks was vetoed by Croatia."))
    assert ("REJECT", "HRV", "SRB") in got


def test_coordinated_actors_give_one_dyad_each(coder):
    got = dyads(code(coder, "Estonia, Latvia and Lithuania condemned Belarus."))
    assert {("ACCUSE", c, "BLR") for c in ("EST", "LVA", "LTU")} <= got


def test_apposition_list_after_a_colon(coder):
    text = ("The proposal was blocked by three governments: Austria, Malta and, "
            "surprisingly, Ireland.")
    got = {(s, t) for ty, s, t in dyads(code(coder, text)) if ty == "REJECT"}
    assert {"AUT", "MLT", "IRL"} <= {s for s, _ in got}


def test_nominalised_request_with_possessor_and_amount(coder):
    [e] = [e for e in code(coder, "Kenya's request for $2 billion in emergency loans was "
                                  "discussed by the fund's board.") if e.type == "REQUEST"]
    assert e.source.code == "KEN"
    assert e.amounts and e.amounts[0].value == 2_000_000_000 and e.amounts[0].currency == "USD"


def test_demonym_modifier_is_the_actor_of_a_noun_trigger(coder):
    got = dyads(code(coder, "Israeli air strikes on Lebanon continued through the night."))
    assert ("ASSAULT", "ISR", "LBN") in got


def test_object_control_push_to(coder):
    evs = [e for e in code(coder, "Washington pressed Seoul to raise its defence budget to "
                                  "3% of GDP.") if e.type == "REQUEST"]
    assert evs and evs[0].source.code == "USA" and evs[0].target.code == "KOR"
    assert evs[0].mode == "change"
    assert any(a.unit == "percent of GDP" and a.value == 3 for a in evs[0].amounts)


def test_relative_clause_actor(coder):
    got = dyads(code(coder, "Greece, which vetoed the accession bid, criticised Turkey."))
    assert ("ACCUSE", "GRC", "TUR") in got


def test_prepositional_target_for(coder):
    evs = code(coder, "Norway sent a package of artillery shells for Kyiv.")
    assert ("AID", "NOR", "UKR") in dyads(evs)


def test_metonymy_capitals_and_seats_of_power(coder):
    got = dyads(code(coder, "The Kremlin accused Washington of escalating the conflict."))
    assert ("ACCUSE", "RUS", "USA") in got


def test_pronoun_resolution_across_sentences(coder):
    text = "Poland's president travelled to Vilnius. He condemned Belarus for the border incident."
    assert ("ACCUSE", "POL", "BLR") in dyads(code(coder, text))


def test_possessive_actor(coder):
    got = dyads(code(coder, "Germany's government criticised China over the trade curbs."))
    assert ("ACCUSE", "DEU", "CHN") in got


def test_negated_event_is_not_a_fact_but_is_kept_as_flagged(coder, coder_flagged):
    text = "Chile did not condemn Peru."
    assert ("ACCUSE", "CHL", "PER") not in dyads(code(coder, text))
    flagged = [e for e in code(coder_flagged, text) if e.type == "ACCUSE"]
    assert flagged and flagged[0].flags.negated


def test_no_decision_on_aid_is_negated(coder):
    text = "Spain said no decision on military aid to Morocco was made."
    assert not [e for e in code(coder, text) if e.type == "AID"]


def test_modal_makes_an_event_hypothetical(coder_flagged):
    evs = [e for e in code(coder_flagged, "Egypt could expel Sudan's ambassador.")
           if e.source.code == "EGY"]
    assert evs and all(e.flags.hypothetical for e in evs)


def test_refused_to_marks_the_complement_negated(coder_flagged):
    evs = [e for e in code(coder_flagged, "Japan refused to condemn India.")
           if e.type == "ACCUSE"]
    assert evs and evs[0].flags.negated


def test_announced_future_aid_is_agree(coder):
    evs = code(coder, "Canada announced it would fund new drones for Ukraine.")
    types = {e.type for e in evs if e.source.code == "CAN" and e.target
             and e.target.code == "UKR"}
    assert "AGREE" in types and "AID" not in types


def test_reported_speech_keeps_the_event_and_names_the_speaker(coder):
    [e] = [e for e in code(coder, "Officials in Kyiv said Russia shelled Kharkiv overnight.")
           if e.type == "ASSAULT"]
    assert e.flags.reported and e.flags.is_fact()


def test_date_aware_office_holders(coder):
    early = code(coder, "Mark Rutte criticised Hungary.", day="2023-05-01")
    late = code(coder, "Mark Rutte criticised Hungary.", day="2025-05-01")
    assert ("ACCUSE", "NLD", "HUN") in dyads(early)
    assert ("ACCUSE", "NATO", "HUN") in dyads(late)


def test_trump_is_government_only_in_office(coder):
    assert [e.source.sector for e in code(coder, "Donald Trump criticised China.",
                                          day="2018-06-01")] == ["GOV"]
    assert [e.source.sector for e in code(coder, "Donald Trump criticised China.",
                                          day="2022-06-01")] == ["ELI"]


def test_evidence_offsets_point_into_the_text(coder):
    text = "Intro line.\n\nFrance condemned Iran on Tuesday."
    [e] = code(coder, text)
    t0, t1 = e.evidence.trigger
    assert text[t0:t1] == "condemned"
    s0, s1 = e.evidence.source
    assert text[s0:s1] == "France"
    assert e.evidence.rule


def test_non_events_give_nothing(coder):
    for text in ("Brazil beat Argentina 2-1 in Saturday's final.",
                 "Heavy rain is expected across the Netherlands this weekend.",
                 "Oil prices rose by 3% on Monday."):
        assert code(coder, text) == [], text


def test_bad_input_gives_empty_results_not_errors(coder):
    from eventcoder import Article

    assert coder.code_text("") == []
    assert coder.code_text("   \n  ") == []
    junk = bytes(range(256)).decode("latin-1") * 20
    assert coder.code_text(junk) == []
    r = coder.code(Article(text="Le ministre a condamné la Russie et ses alliés pour la guerre."))
    assert r.events == [] and r.warnings


def test_very_long_single_paragraph_is_sliced_not_rejected(coder):
    sentence = "Ministers discussed the weather in a long meeting that changed nothing at all. "
    text = sentence * 2000 + "France condemned Iran."
    evs = coder.code_text(text, date="2025-01-01")
    assert ("ACCUSE", "FRA", "IRN") in dyads(evs)


# ---- PLOVER conventions the coder applies ----------------------------------------------------

def test_speaker_saying_another_state_must_act_is_a_request(coder):
    got = dyads(code(coder, "Japan said on Monday that China must release the detained "
                            "fishermen."))
    assert ("REQUEST", "JPN", "CHN") in got


def test_ready_to_send_is_an_agreement_not_a_hypothesis(coder):
    got = dyads(code(coder, "Sweden is ready to send more demining equipment to Ukraine."))
    assert ("AGREE", "SWE", "UKR") in got


def test_joint_exercise_is_cooperation(coder):
    got = dyads(code(coder, "Egyptian and Saudi forces held joint naval exercises in the "
                            "Red Sea on Sunday."))
    assert ("COOPERATE", "EGY", "SAU") in got
    assert not any(t == "MOBILIZE" for t, _, _ in got)


def test_workers_strike_is_a_protest_not_an_assault(coder):
    got = dyads(code(coder, "Greek dockworkers staged a nationwide strike on Friday."))
    assert ("PROTEST", "GRC", "GRC") in got
    assert not any(t == "ASSAULT" for t, _, _ in got)


def test_the_visitor_is_the_actor_of_a_hosted_visit(coder):
    got = dyads(code(coder, "Vietnam hosted the Indian president in Hanoi on Tuesday."))
    assert ("CONSULT", "IND", "VNM") in got


def test_leaving_an_organisation_is_a_sanction(coder):
    got = dyads(code(coder, "Burkina Faso announced its withdrawal from ECOWAS."))
    assert ("SANCTION", "BFA", "ECOWAS") in got


def test_the_country_refers_back_to_the_last_country(coder):
    text = "Floods hit Pakistan in August. Japan later sent emergency aid to the country."
    assert ("AID", "JPN", "PAK") in dyads(code(coder, text))


def test_vowing_to_punish_is_a_threat(coder):
    got = dyads(code(coder, "Iran vowed to punish Israel for the strike on its consulate."))
    assert ("THREATEN", "IRN", "ISR") in got


def test_a_warning_about_the_past_is_no_threat(coder):
    got = dyads(code(coder, "Finland warned that Russian jets had entered its airspace."))
    assert not any(t == "THREATEN" for t, _, _ in got)


def test_town_as_recipient_codes_its_country(coder):
    got = dyads(code(coder, "Russian forces shelled Kherson overnight."))
    assert ("ASSAULT", "RUS", "UKR") in got


def test_a_town_is_never_an_actor(coder):
    got = dyads(code(coder, "Odesa, which lost power overnight, condemned nobody."))
    assert not any(s == "UKR" for _, s, _ in got)


def test_police_acting_on_unnamed_protesters_at_home(coder):
    got = dyads(code(coder, "Serbian police detained dozens of protesters on Saturday."))
    assert ("COERCE", "SRB", "SRB") in got


def test_protest_without_named_target_is_against_own_government(coder):
    got = dyads(code(coder, "Thousands of Georgian students protested outside parliament."))
    assert ("PROTEST", "GEO", "GEO") in got


def test_compound_topic_is_not_an_actor(coder):
    assert code(coder, "The G20 summit in Rio ended on Tuesday.") == []


def test_sports_beat_is_vetoed(coder):
    assert code(coder, "Japan beat Spain in the World Cup group stage.") == []


def test_event_date_comes_from_its_own_clause(coder):
    [e] = [e for e in code(coder, "Russian forces shelled Kharkiv on Tuesday, officials said "
                                  "on Wednesday.", day="2025-06-26") if e.type == "ASSAULT"]
    assert (e.date.isoformat(), e.date_resolution, e.date_text) == ("2025-06-24", "day",
                                                                    "on Tuesday")


def test_event_without_date_words_takes_the_publication_date(coder):
    [e] = code(coder, "France condemned Iran.", day="2025-06-26")
    assert (e.date.isoformat(), e.date_resolution) == ("2025-06-26", "publication")


def test_event_location_is_linked_to_the_gazetteer(coder):
    evs = [e for e in code(coder, "Police arrested dozens of activists in Nairobi on Monday.")
           if e.location]
    assert evs and evs[0].location.code == "KEN" and evs[0].location.latitude is not None


def test_possessive_before_its_clause_subject_stands_for_that_subject(coder):
    text = ("Houthi fighters attacked two tankers on Monday. As part of its offensive against "
            "the Houthis, the United States has frozen their bank accounts.")
    assault = [e for e in code(coder, text) if e.evidence.trigger_text == "offensive"]
    assert [(e.source.code, e.target.code if e.target else None) for e in assault] == [
        ("USA", "YEM")]


def test_a_body_as_subject_is_the_antecedent_of_its(coder):
    text = ("Algeria expelled two Moroccan envoys. The Moroccan foreign ministry condemned "
            "the decision to expel its envoys.")
    got = dyads(code(coder, text))
    assert ("ACCUSE", "MAR", "DZA") in got
    assert ("SANCTION", "DZA", "MAR") in got
    assert not any(ty == "SANCTION" and s == "MAR" for ty, s, _ in got)


def test_an_object_pronoun_under_a_purpose_clause_is_not_the_controlling_subject(coder):
    text = "Miners marched on Lima, and Peruvian police fired tear gas to drive them back."
    got = dyads(code(coder, text))
    assault = {(s, t) for ty, s, t in got if ty == "ASSAULT"}
    assert assault == {("PER", "PER")}
    [e] = [e for e in code(coder, text) if e.type == "ASSAULT"]
    assert e.target.sector != "COP"


def test_plural_pronouns_prefer_a_plural_antecedent(coder):
    text = ("Students gathered outside parliament in Belgrade, and Serbian police "
            "used batons to disperse them.")
    [e] = [e for e in code(coder, text) if e.type == "ASSAULT"]
    assert (e.source.code, e.target.code, e.target.sector) == ("SRB", "SRB", "EDU")


def test_riot_as_a_modifier_is_no_riot(coder):
    assert not any(e.type == "PROTEST" for e in code(
        coder, "Serbian riot police used batons to disperse the students."))
    assert any(e.type == "PROTEST" for e in code(
        coder, "Serbian students staged riots against the government."))


def test_a_quoted_judgement_buried_in_the_object_is_still_a_judgement(coder):
    got = dyads(code(coder, 'Sudan called the UN mission known as UNITAMS a "disaster".'))
    assert ("ACCUSE", "SDN", "UN") in got
    assert not any(ty == "CONSULT" for ty, _, _ in got)
