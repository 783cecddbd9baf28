"""Event dates: resolve when an event happened from the date words around it.

Everything is relative to the article's publication date and follows news convention: a bare
weekday is the most recent such day on or before publication, a day and month without a year is
the most recent such date on or before publication, and only an explicit "next" points forward.

One module-level regular expression finds every kind of expression in a single left-to-right
scan; resolution is plain date arithmetic. Nothing here raises on odd text or extreme dates.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["EventDate", "find_date_expressions", "resolve_event_date"]


@dataclass(frozen=True)
class EventDate:
    """When an event happened, and how precisely the text said so."""

    date: datetime.date  # the resolved day (for a week, month or year: its first day)
    resolution: str  # "day" | "week" | "month" | "year" | "publication"
    text: str | None  # the expression found; None when falling back to the publication date


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_NUMBER = {name[:3]: i for i, name in enumerate(_MONTHS, 1)}
_WEEKDAY_NUMBER = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_RELATIVE = {"last": -1, "this": 0, "next": 1}
# How far to look for a valid year when none is given (Feb 29 needs up to 8: 1900 and 2100
# are not leap years).
_YEAR_SEARCH = 9
# Any ordinary date works: find_date_expressions uses it only to drop impossible dates.
_REFERENCE = datetime.date(2000, 6, 15)


def _month_alternation() -> str:
    # Month names are matched case-sensitively (Title or UPPER case) because news text always
    # capitalises them, and lower-case "may" and "march" are a modal verb and a verb.
    forms: list[str] = []
    for name in _MONTHS:
        forms += [name.title(), name.upper()]
    for name in _MONTHS:
        if len(name) > 3:
            abbr = "sept" if name == "september" else name[:3]
            for form in (abbr.title(), abbr.upper()):
                forms.append(form + r"\.?")
            if name == "september":
                forms += [r"Sep\.?", r"SEP\.?"]
    return r"(?-i:" + "|".join(forms) + r")(?![a-z])"


_MONTH = _month_alternation()
_ORD = r"(?:st|nd|rd|th)?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_NUM = r"[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


def _year_suffix(p: str) -> str:
    """An optional trailing year: ", 2024" or "last/this/next year"."""
    return (rf"(?:,?\s+(?P<{p}_y>[0-9]{{4}})(?![0-9])"
            rf"|\s+(?P<{p}_rel>last|this|next)\s+year(?![a-z]))?")


# Order matters only between alternatives that can start at the same position: the more
# specific one comes first ("next June 3" before "next June", "March 2023" needs no "in").
_EXPRESSION = re.compile(
    r"\b(?:"
    r"(?P<iso>(?:(?:on|in)\s+)?(?P<iso_y>[0-9]{4})-(?P<iso_m>[0-9]{1,2})-(?P<iso_d>[0-9]{1,2})"
    r"(?![0-9]))"
    r"|(?P<dm>(?:on\s+)?(?:the\s+)?(?P<dm_d>[0-9]{1,2})" + _ORD + r"\s+(?:of\s+)?"
    r"(?P<dm_m>" + _MONTH + r")" + _year_suffix("dm") + r")"
    r"|(?P<md>(?:on\s+)?(?:(?P<md_next>next)\s+)?(?P<md_m>" + _MONTH + r")\s+"
    r"(?P<md_d>[0-9]{1,2})" + _ORD + r"(?![0-9a-z])" + _year_suffix("md") + r")"
    r"|(?P<mo>(?:in\s+(?:(?:early|mid|late)(?:\s+|-))?|(?:early|mid|late)(?:\s+|-)"
    r"|(?P<mo_pre>next|this)\s+)"
    r"(?P<mo_m>" + _MONTH + r")(?!\s+[0-9]{1,2}" + _ORD + r"(?![0-9a-z]))"
    + _year_suffix("mo") + r")"
    r"|(?P<my>(?P<my_m>" + _MONTH + r")\s+(?P<my_y>[0-9]{4})(?![0-9]))"
    r"|(?P<yr>in\s+(?P<yr_y>(?:1[89]|20)[0-9]{2})(?![0-9]|-[0-9]))"
    r"|(?P<rd>(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow"
    r"|(?:yesterday|tomorrow)" + _PART + r"?|today|tonight|last\s+night"
    r"|this\s+(?:morning|afternoon|evening))"
    r"|(?P<wd>(?:(?:early|late)\s+(?:on\s+)?|on\s+|(?P<wd_rel>last|this|next)\s+)?"
    r"(?P<wd_name>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    + _PART + r"?)"
    r"|(?P<we>(?:over|at|on|during)\s+the\s+weekend|(?P<we_rel>last|this|next)\s+weekend)"
    r"|(?P<rp>(?:(?:earlier|later)\s+)?(?P<rp_rel>last|this|next)\s+"
    r"(?P<rp_unit>week|month|year))"
    r"|(?P<ago>(?P<ago_n>" + _NUM + r")\s+(?P<ago_unit>day|week|month|year)s?\s+ago)"
    r")(?![a-z])",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def _monday(d: datetime.date) -> datetime.date:
    return d - datetime.timedelta(days=d.weekday())


def _month_start(year: int, month: int, offset: int) -> datetime.date:
    index = year * 12 + (month - 1) + offset
    return datetime.date(index // 12, index % 12 + 1, 1)


def _day_month(month: int, day: int, published: datetime.date, year: str | None,
               rel: str | None, forward: bool) -> datetime.date | None:
    """A day and month; without a year, the nearest valid one on or before publication."""
    if year:
        return datetime.date(int(year), month, day)
    if rel:
        return datetime.date(published.year + _RELATIVE[rel.casefold()], month, day)
    step = 1 if forward else -1
    for k in range(_YEAR_SEARCH):
        try:
            d = datetime.date(published.year + step * k, month, day)
        except ValueError:  # Feb 29 in a common year, or a day that never exists
            continue
        if (d > published) if forward else (d <= published):
            return d
    return None


def _month_only(month: int, published: datetime.date, year: str | None, rel: str | None,
                prefix: str | None) -> datetime.date:
    if year:
        return datetime.date(int(year), month, 1)
    if rel:
        return datetime.date(published.year + _RELATIVE[rel.casefold()], month, 1)
    if prefix and prefix.casefold() == "this":
        return datetime.date(published.year, month, 1)
    if prefix:  # "next March": the first March after the publication month
        return datetime.date(published.year + (month <= published.month), month, 1)
    return datetime.date(published.year - (month > published.month), month, 1)


def _month(token: str) -> int:
    return _MONTH_NUMBER[token.rstrip(".")[:3].lower()]


def _resolve(m: re.Match[str], published: datetime.date) -> tuple[datetime.date, str] | None:
    """The (date, resolution) a match stands for, or None when it names no real date."""
    g = m.group
    day = datetime.timedelta(days=1)
    if g("iso"):
        return datetime.date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))), "day"
    if g("dm") or g("md"):
        p = "dm" if g("dm") else "md"
        d = _day_month(_month(g(p + "_m")), int(g(p + "_d")), published, g(p + "_y"),
                       g(p + "_rel"), p == "md" and bool(g("md_next")))
        return (d, "day") if d else None
    if g("mo"):
        return _month_only(_month(g("mo_m")), published, g("mo_y"), g("mo_rel"),
                           g("mo_pre")), "month"
    if g("my"):
        return datetime.date(int(g("my_y")), _month(g("my_m")), 1), "month"
    if g("yr"):
        return datetime.date(int(g("yr_y")), 1, 1), "year"
    if g("rd"):
        # casefold, not lower: IGNORECASE lets e.g. U+017F match "s", casefold maps it back.
        words = _SPACES.sub(" ", g("rd").casefold())
        if "before yesterday" in words:
            return published - 2 * day, "day"
        if "after tomorrow" in words:
            return published + 2 * day, "day"
        if words.startswith(("yesterday", "last night")):
            return published - day, "day"
        if words.startswith("tomorrow"):
            return published + day, "day"
        return published, "day"
    if g("wd"):
        wd = _WEEKDAY_NUMBER.get(g("wd_name").casefold())
        if wd is None:
            return None
        rel = (g("wd_rel") or "").casefold()
        if rel == "next":  # strictly after publication
            return published + ((wd - published.weekday()) % 7 or 7) * day, "day"
        if rel == "last":  # strictly before publication
            return published - ((published.weekday() - wd) % 7 or 7) * day, "day"
        if rel == "this":  # that day of the publication week (Monday to Sunday)
            return _monday(published) + wd * day, "day"
        return published - ((published.weekday() - wd) % 7) * day, "day"
    if g("we"):
        rel = (g("we_rel") or "").casefold()
        saturday = _monday(published) + 5 * day
        if rel == "last":  # the weekend before the publication week's own
            return saturday - 7 * day, "day"
        if rel == "this":
            return saturday, "day"
        if rel == "next":
            return saturday + 7 * day, "day"
        # "over the weekend": the most recent Saturday on or before publication
        return published - ((published.weekday() - 5) % 7) * day, "day"
    if g("rp"):
        k = _RELATIVE.get(g("rp_rel").casefold())
        unit = g("rp_unit").casefold()
        if k is None:
            return None
        if unit == "week":
            return _monday(published) + 7 * k * day, "week"
        if unit == "month":
            return _month_start(published.year, published.month, k), "month"
        return datetime.date(published.year + k, 1, 1), "year"
    if g("ago"):
        raw = g("ago_n").casefold()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
        unit = g("ago_unit").casefold()
        if n is None:
            return None
        if unit == "day":
            return published - n * day, "day"
        if unit == "week":
            return _monday(published - 7 * n * day), "week"
        if unit == "month":
            return _month_start(published.year, published.month, -n), "month"
        return datetime.date(published.year - n, 1, 1), "year"
    return None


def _safe_resolve(m: re.Match[str], published: datetime.date
                  ) -> tuple[datetime.date, str] | None:
    # Impossible dates (February 30) and arithmetic past year 1 or 9999 mean "not a date",
    # never an exception: this runs for every event.
    try:
        return _resolve(m, published)
    except (ValueError, OverflowError, KeyError):
        return None


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the date expressions in a sentence or clause, in order."""
    if not isinstance(text, str):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in _EXPRESSION.finditer(text)
            if _safe_resolve(m, _REFERENCE) is not None]


def resolve_event_date(expressions: Sequence[str], published: datetime.date) -> EventDate:
    """Pick the first expression that resolves; fall back to the publication date.

    Each item may be a bare expression ("on Tuesday") or a longer clause; the first date
    expression inside it that names a real date wins.
    """
    if isinstance(published, datetime.datetime):  # a datetime would leak into the arithmetic
        published = published.date()
    if isinstance(expressions, str):  # a lone string is a Sequence[str] of its characters
        expressions = [expressions]
    for expression in expressions:
        if not isinstance(expression, str):
            continue
        for m in _EXPRESSION.finditer(expression):
            found = _safe_resolve(m, published)
            if found is not None:
                return EventDate(found[0], found[1], m.group(0))
    return EventDate(published, "publication", None)
