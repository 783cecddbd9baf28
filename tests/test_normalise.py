from hypothesis import given
from hypothesis import strategies as st

from eventcoder.language import detect_language
from eventcoder.normalise import looks_like_text, normalise


def test_trailer_names_the_origin_and_is_blanked():
    text = "Ministers met in Oslo on Friday.\n\nMirrored - Northern Ledger\n"
    n = normalise(text)
    assert n.origin == "Northern Ledger"
    assert "Mirrored" not in n.text
    assert len(n.text) == len(text)


def test_other_trailer_forms():
    assert normalise("Talks resumed.\nOriginally published by The Daily Item").origin == \
        "The Daily Item"
    assert normalise("Talks resumed.\nSource: Example Wire").origin == "Example Wire"


def test_a_source_sentence_inside_the_body_is_not_a_trailer():
    text = "Source: officials say the talks failed, and both sides blamed each other for it.\n" \
           "The envoy left.\nMore talks are planned.\nNothing else was agreed today."
    assert normalise(text).origin is None


@given(st.text(max_size=500))
def test_normalise_keeps_every_offset(text):
    assert len(normalise(text).text) == len(text)


def test_language_and_junk_gates():
    assert detect_language("The minister said that the talks would resume next week.").english
    german = detect_language("Der Minister sagte, dass die Gespräche nächste Woche "
                             "wieder aufgenommen würden und alle zufrieden seien.")
    assert (german.language, german.english) == ("de", False)
    assert not looks_like_text("\ufffd\ufffd\x00\x01" * 50)
    assert looks_like_text("Plain words here.")
