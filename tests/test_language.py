"""Language detection: a trained detector decides, its answer is stored with the article and
counted in the run summary."""

from __future__ import annotations

import json
from pathlib import Path

from eventcoder.language import detect_language

SWEDISH = "Regeringen meddelade på tisdagen att nya sanktioner införs mot Ryssland."
POLISH = "Rząd ogłosił we wtorek nowe sankcje wobec Rosji."
ENGLISH = "France condemned Russian strikes on Odesa on Tuesday."


def test_short_texts_in_languages_no_word_list_knew_are_not_english():
    # the old function-word lists knew only fr/de/es/it/pt/nl and let both of these through
    assert (detect_language(SWEDISH).language, detect_language(SWEDISH).english) == ("sv", False)
    assert (detect_language(POLISH).language, detect_language(POLISH).english) == ("pl", False)


def test_english_full_of_foreign_names_stays_english():
    text = "Jens Stoltenberg travelled to Stockholm on Monday for talks with Fredrik Reinfeldt."
    assert detect_language(text).english


def test_english_heavy_with_nigerian_names_is_coded_though_read_as_pidgin(coder):
    text = "Nigerian police arrested Nigerian protesters in Lagos."
    found = detect_language(text)
    assert found.language == "pcm" and found.confidence > 0.8  # what the model makes of it
    assert found.english
    assert any(e.source.code == "NGA" for e in coder.code_text(text, date="2025-06-01"))


def test_text_the_detector_cannot_judge_is_undetermined_and_still_coded():
    for text in ("Talks resumed.", "12345 67890", ""):
        found = detect_language(text)
        assert (found.language, found.english) == (None, True), text


def test_the_language_is_stored_and_counted_in_the_run_summary(tmp_path: Path):
    from eventcoder.ingest import ingest
    from eventcoder.store import EventStore

    feed = tmp_path / "mixed.jsonl"
    feed.write_text("".join(json.dumps({"id": k, "text": t, "date": "2025-06-01"}) + "\n"
                            for k, t in (("sv", SWEDISH), ("en", ENGLISH), ("pl", POLISH))),
                    encoding="utf-8")
    db = tmp_path / "s.duckdb"
    summary = ingest([feed], db)
    assert summary.languages == {"sv": 1, "en": 1, "pl": 1}
    with EventStore(db, read_only=True) as store:
        stored = dict(store.con.execute("SELECT id, language FROM articles").fetchall())
        coded = dict(store.con.execute("SELECT id, n_events FROM articles").fetchall())
    assert stored == {"sv": "sv", "en": "en", "pl": "pl"}
    assert coded["en"] >= 1 and coded["sv"] == coded["pl"] == 0


def test_a_weak_guess_of_another_language_is_named_but_still_coded():
    from eventcoder.language import Detected

    # English heavy with names can score in between (0.64 Nigerian Pidgin for one sentence)
    assert Detected("pcm", 0.64).english and not Detected("de", 0.99).english
