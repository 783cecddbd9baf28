from hypothesis import given
from hypothesis import strategies as st

from eventcoder.extract.amounts import parse_amounts, parse_count


def test_euro_billions_are_normalised():
    [a] = parse_amounts("asked for an extra €150 billion in loans")
    assert (a.value, a.unit, a.currency) == (150_000_000_000, "currency", "EUR")


def test_currency_words_and_short_scales():
    got = {(a.value, a.currency) for a in parse_amounts("$3.5bn from Washington and "
                                                        "50 million euros from Paris")}
    assert got == {(3_500_000_000, "USD"), (50_000_000, "EUR")}


def test_pounds_and_thousands_separators():
    [a] = parse_amounts("a grant of £2,500,000")
    assert (a.value, a.currency) == (2_500_000, "GBP")


def test_percent_of_gdp_is_its_own_unit():
    [a] = parse_amounts("lift spending to 2 percent of their GDP")
    assert (a.value, a.unit) == (2, "percent of GDP")
    [b] = parse_amounts("inflation rose 4.5%")
    assert (b.value, b.unit) == (4.5, "percent")


def test_counts_of_troops_in_digits_and_words():
    assert parse_count("4,000", "troop").value == 4000
    assert parse_count("two hundred", "soldier").value == 200
    assert parse_count("twelve", "missile").unit == "missiles"
    assert parse_count("several", "banana") is None


@given(st.text(max_size=300))
def test_parse_amounts_never_raises_on_any_text(text):
    for a in parse_amounts(text):
        assert a.value >= 0
        assert a.text


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["€", "$", "£"]),
       st.sampled_from([("million", 10**6), ("billion", 10**9), ("", 1)]))
def test_money_round_trip(number, symbol, scale):
    word, factor = scale
    text = f"pledged {symbol}{number:,} {word} in aid".replace("  ", " ")
    [a] = parse_amounts(text)
    assert a.value == number * factor


def _amounts_by_actor(coder, text):
    return {(e.type, e.source.code): [a.text for a in e.amounts]
            for e in coder.code_text(text, date="2025-03-04")}


def test_an_amount_belongs_to_the_pledge_not_the_conjoined_request(coder):
    got = _amounts_by_actor(coder, "The United States urged both sides to accept the truce, "
                                   "and Qatar pledged $500 million.")
    assert got[("AGREE", "QAT")] == ["$500 million"]
    assert got[("REQUEST", "USA")] == []


def test_an_amount_stays_with_its_own_clause_in_either_order(coder):
    got = _amounts_by_actor(coder, "Oman pledged 40 million euros, and France urged the "
                                   "rebels to lay down their arms.")
    assert got[("AGREE", "OMN")] == ["40 million euros"]
    assert got[("REQUEST", "FRA")] == []


def test_a_request_keeps_the_amount_it_asks_for(coder):
    got = _amounts_by_actor(coder, "Kenya asked the IMF for $2 billion in loans, and Uganda "
                                   "urged calm.")
    assert got[("REQUEST", "KEN")] == ["$2 billion"]
