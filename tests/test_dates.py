"""Event dates resolved from the words around an event, relative to publication."""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.extract.dates import EventDate, find_date_expressions, resolve_event_date

WED = date(2025, 3, 12)  # a Wednesday in the middle of a month
THU_NEW_YEAR = date(2025, 1, 2)  # a Thursday just after a year boundary
TUE_NEW_YEARS_EVE = date(2024, 12, 31)  # a Tuesday just before one

CASES = [
    # relative days
    ("today", WED, date(2025, 3, 12), "day"),
    ("tonight", WED, date(2025, 3, 12), "day"),
    ("this morning", WED, date(2025, 3, 12), "day"),
    ("this afternoon", WED, date(2025, 3, 12), "day"),
    ("this evening", WED, date(2025, 3, 12), "day"),
    ("yesterday", WED, date(2025, 3, 11), "day"),
    ("yesterday afternoon", WED, date(2025, 3, 11), "day"),
    ("last night", WED, date(2025, 3, 11), "day"),
    ("the day before yesterday", WED, date(2025, 3, 10), "day"),
    ("tomorrow", WED, date(2025, 3, 13), "day"),
    ("the day after tomorrow", WED, date(2025, 3, 14), "day"),
    ("yesterday", THU_NEW_YEAR, date(2025, 1, 1), "day"),
    ("the day before yesterday", THU_NEW_YEAR, date(2024, 12, 31), "day"),
    ("tomorrow", TUE_NEW_YEARS_EVE, date(2025, 1, 1), "day"),
    # weekdays: most recent on or before publication unless "next"
    ("on Monday", WED, date(2025, 3, 10), "day"),
    ("Monday", WED, date(2025, 3, 10), "day"),
    ("on Wednesday", WED, date(2025, 3, 12), "day"),
    ("on Thursday", WED, date(2025, 3, 6), "day"),
    ("on Sunday", WED, date(2025, 3, 9), "day"),
    ("last Monday", WED, date(2025, 3, 10), "day"),
    ("last Wednesday", WED, date(2025, 3, 5), "day"),
    ("this Monday", WED, date(2025, 3, 10), "day"),
    ("this Friday", WED, date(2025, 3, 14), "day"),
    ("next Monday", WED, date(2025, 3, 17), "day"),
    ("next Wednesday", WED, date(2025, 3, 19), "day"),
    ("next Friday", WED, date(2025, 3, 14), "day"),
    ("Monday night", WED, date(2025, 3, 10), "day"),
    ("early on Monday", WED, date(2025, 3, 10), "day"),
    ("late Tuesday", WED, date(2025, 3, 11), "day"),
    ("on TUESDAY", WED, date(2025, 3, 11), "day"),
    ("on Tuesday", THU_NEW_YEAR, date(2024, 12, 31), "day"),
    ("next Tuesday", THU_NEW_YEAR, date(2025, 1, 7), "day"),
    # weeks, months, years
    ("last week", WED, date(2025, 3, 3), "week"),
    ("this week", WED, date(2025, 3, 10), "week"),
    ("earlier this week", WED, date(2025, 3, 10), "week"),
    ("next week", WED, date(2025, 3, 17), "week"),
    ("last week", THU_NEW_YEAR, date(2024, 12, 23), "week"),
    ("this week", THU_NEW_YEAR, date(2024, 12, 30), "week"),
    ("next week", TUE_NEW_YEARS_EVE, date(2025, 1, 6), "week"),
    ("last month", WED, date(2025, 2, 1), "month"),
    ("this month", WED, date(2025, 3, 1), "month"),
    ("earlier this month", WED, date(2025, 3, 1), "month"),
    ("next month", WED, date(2025, 4, 1), "month"),
    ("last month", THU_NEW_YEAR, date(2024, 12, 1), "month"),
    ("next month", TUE_NEW_YEARS_EVE, date(2025, 1, 1), "month"),
    ("last year", WED, date(2024, 1, 1), "year"),
    ("this year", WED, date(2025, 1, 1), "year"),
    ("earlier this year", WED, date(2025, 1, 1), "year"),
    ("next year", TUE_NEW_YEARS_EVE, date(2025, 1, 1), "year"),
    # explicit day and month
    ("12 March", WED, date(2025, 3, 12), "day"),
    ("13 March", WED, date(2024, 3, 13), "day"),
    ("March 12", WED, date(2025, 3, 12), "day"),
    ("March 12, 2024", WED, date(2024, 3, 12), "day"),
    ("12 March 2024", WED, date(2024, 3, 12), "day"),
    ("on 3 June", WED, date(2024, 6, 3), "day"),
    ("June 3rd", WED, date(2024, 6, 3), "day"),
    ("the 3rd of June", WED, date(2024, 6, 3), "day"),
    ("Jan. 5", WED, date(2025, 1, 5), "day"),
    ("Sept 9", WED, date(2024, 9, 9), "day"),
    ("5 MARCH", WED, date(2025, 3, 5), "day"),
    ("12\u00a0March", WED, date(2025, 3, 12), "day"),  # news copy is full of no-break spaces
    ("December 31", THU_NEW_YEAR, date(2024, 12, 31), "day"),
    ("next June 3", WED, date(2025, 6, 3), "day"),
    ("next March 1", WED, date(2026, 3, 1), "day"),
    ("3 June next year", WED, date(2026, 6, 3), "day"),
    ("on 5 March last year", WED, date(2024, 3, 5), "day"),
    ("February 29", date(2025, 3, 1), date(2024, 2, 29), "day"),
    ("February 29", date(2024, 3, 1), date(2024, 2, 29), "day"),
    ("2024-03-12", WED, date(2024, 3, 12), "day"),
    ("on 2024-03-12", WED, date(2024, 3, 12), "day"),
    # months and years
    ("in March", WED, date(2025, 3, 1), "month"),
    ("in April", WED, date(2024, 4, 1), "month"),
    ("in December", THU_NEW_YEAR, date(2024, 12, 1), "month"),
    ("in January", THU_NEW_YEAR, date(2025, 1, 1), "month"),
    ("in March 2023", WED, date(2023, 3, 1), "month"),
    ("March 2023", WED, date(2023, 3, 1), "month"),
    ("in early February", WED, date(2025, 2, 1), "month"),
    ("in mid-April", WED, date(2024, 4, 1), "month"),
    ("late May", WED, date(2024, 5, 1), "month"),
    ("in May last year", WED, date(2024, 5, 1), "month"),
    ("this December", WED, date(2025, 12, 1), "month"),
    ("next April", WED, date(2025, 4, 1), "month"),
    ("next March", WED, date(2026, 3, 1), "month"),
    ("next January", TUE_NEW_YEARS_EVE, date(2025, 1, 1), "month"),
    ("in 2019", WED, date(2019, 1, 1), "year"),
    # so long ago
    ("two days ago", WED, date(2025, 3, 10), "day"),
    ("10 days ago", WED, date(2025, 3, 2), "day"),
    ("a day ago", THU_NEW_YEAR, date(2025, 1, 1), "day"),
    ("three weeks ago", WED, date(2025, 2, 17), "week"),
    ("a month ago", WED, date(2025, 2, 1), "month"),
    ("twelve months ago", WED, date(2024, 3, 1), "month"),
    ("a year ago", WED, date(2024, 1, 1), "year"),
    # weekends resolve to their Saturday
    ("over the weekend", WED, date(2025, 3, 8), "day"),
    ("at the weekend", WED, date(2025, 3, 8), "day"),
    ("over the weekend", date(2025, 3, 9), date(2025, 3, 8), "day"),
    ("last weekend", WED, date(2025, 3, 8), "day"),
    ("last weekend", date(2025, 3, 9), date(2025, 3, 1), "day"),
    ("this weekend", WED, date(2025, 3, 15), "day"),
    ("next weekend", WED, date(2025, 3, 22), "day"),
]


@pytest.mark.parametrize(("expression", "published", "expected", "resolution"), CASES,
                         ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_expression_table(expression: str, published: date, expected: date,
                          resolution: str) -> None:
    got = resolve_event_date([expression], published)
    assert (got.date, got.resolution) == (expected, resolution)
    assert got.text == expression


@pytest.mark.parametrize("expressions", [
    [],
    [""],
    ["officials said"],
    ["February 30"],  # impossible dates are skipped, not raised
    ["31 April 2024"],
    ["February 29, 2023"],
    ["2024-13-01"],
    ["Mondays"],  # habitual, not a day
    ["troops may 5 times"],  # lower-case "may" is the verb
    ["a march"],
    ["the March on Washington"],  # a bare capitalised month is not a date
    ["a few days ago"],
    ["in 1500 cases"],
])
def test_falls_back_to_publication(expressions: list[str]) -> None:
    assert resolve_event_date(expressions, WED) == EventDate(WED, "publication", None)


def test_first_resolving_expression_wins() -> None:
    got = resolve_event_date(["nothing here", "February 30", "on Monday", "yesterday"], WED)
    assert got == EventDate(date(2025, 3, 10), "day", "on Monday")


def test_expression_inside_a_clause_reports_just_the_expression() -> None:
    got = resolve_event_date(["the talks, held on 3 June, broke down"], WED)
    assert got == EventDate(date(2024, 6, 3), "day", "on 3 June")


def test_a_lone_string_and_a_datetime_are_accepted() -> None:
    got = resolve_event_date("yesterday", datetime.datetime(2025, 3, 12, 23, 59))  # type: ignore[arg-type]
    assert got == EventDate(date(2025, 3, 11), "day", "yesterday")
    assert type(got.date) is date


def test_find_in_order_with_spans() -> None:
    text = "Russian forces shelled Kharkiv on Tuesday, officials said on Wednesday."
    found = find_date_expressions(text)
    assert [t for _, _, t in found] == ["on Tuesday", "on Wednesday"]
    assert all(text[s:e] == t for s, e, t in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("On 3 June 2024 the ceasefire collapsed; talks resume next week.",
     ["On 3 June 2024", "next week"]),
    ("The protest, which began the day before yesterday, spread over the weekend.",
     ["the day before yesterday", "over the weekend"]),
    ("Israel struck Rafah early on Monday, two days ago, after talks failed in March 2023.",
     ["early on Monday", "two days ago", "in March 2023"]),
    ("Kyiv said on 2024-05-01 it had signed the deal in 2019.", ["on 2024-05-01", "in 2019"]),
    ("Troops may march on the capital; Mondays are quiet.", []),
    ("Talks on February 30 were announced yesterday.", ["yesterday"]),
])
def test_find_in_sentences(text: str, expected: list[str]) -> None:
    assert [t for _, _, t in find_date_expressions(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.text(), st.dates())
def test_never_raises_on_any_text(text: str, published: date) -> None:
    found = find_date_expressions(text)
    assert all(text[s:e] == t for s, e, t in found)
    assert [s for s, _, _ in found] == sorted(s for s, _, _ in found)
    got = resolve_event_date([text], published)
    assert got.resolution in {"day", "week", "month", "year", "publication"}


_WORDY = st.lists(st.sampled_from([
    "on", "in", "last", "this", "next", "early", "the", "day", "before", "after", "ago", "of",
    "weekend", "week", "month", "year", "yesterday", "tomorrow", "Monday", "Sunday", "March",
    "February", "Sept.", "29", "30", "31", "0", "9999", "0001", "2024-02-30", "twelve", "999",
    "days", "weeks", "months", "years", ",", " ", "-",
]), max_size=8).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_WORDY, st.dates())
def test_never_raises_on_date_like_text_at_any_publication_date(text: str,
                                                                 published: date) -> None:
    # Random text rarely hits the grammar; date words at the calendar's edges do.
    resolve_event_date([text], published)
    find_date_expressions(text)


_FORMATS = [
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: d.isoformat(),
]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(_FORMATS), st.dates())
def test_explicit_dates_round_trip(d: date, fmt, published: date) -> None:
    got = resolve_event_date([fmt(d)], published)
    assert (got.date, got.resolution) == (d, "day")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1, 2, 1), max_value=date(9999, 11, 30)),
       st.sampled_from(list(enumerate(["monday", "Tuesday", "WEDNESDAY", "Thursday", "Friday",
                                        "Saturday", "Sunday"]))))
def test_weekday_conventions(published: date, weekday: tuple[int, str]) -> None:
    number, name = weekday
    bare = resolve_event_date([f"on {name}"], published).date
    assert 0 <= (published - bare).days <= 6 and bare.weekday() == number
    nxt = resolve_event_date([f"next {name}"], published).date
    assert 1 <= (nxt - published).days <= 7 and nxt.weekday() == number
    last = resolve_event_date([f"last {name}"], published).date
    assert 1 <= (published - last).days <= 7 and last.weekday() == number
