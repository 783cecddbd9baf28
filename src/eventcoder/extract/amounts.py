"""Amounts: money with its currency normalised, percent (of GDP), counts of people and things."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .._data import load_checked, package_file
from ..records import Amount

_NUM = r"(\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


@dataclass(frozen=True)
class AmountWords:
    """data/amounts.yaml, with the patterns built from it."""

    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    scales: dict[str, float]
    word_numbers: dict[str, int]
    count_nouns: frozenset[str]
    money_symbol: re.Pattern
    money_word: re.Pattern
    percent: re.Pattern


@cache
def amount_words() -> AmountWords:
    raw = load_checked("eventcoder.extract", "amounts.yaml", "amounts.schema.json",
                       package_file("eventcoder.extract", "data", "amounts.yaml"))
    symbols = dict(raw["currency_symbols"])
    scales = {k: float(v) for k, v in raw["scales"].items()}
    sym = "(" + "|".join(re.escape(x) for x in sorted(symbols, key=len, reverse=True)) + ")"
    scale = "(" + "|".join(sorted((re.escape(k) for k in scales), key=len, reverse=True)) + r")\b"
    words = "|".join(sorted(raw["currency_words"], key=len, reverse=True))
    return AmountWords(
        symbols, dict(raw["currency_words"]), scales, dict(raw["word_numbers"]),
        frozenset(raw["count_nouns"]),
        money_symbol=re.compile(sym + r"\s?" + _NUM + r"(?:\s?" + scale + ")?", re.I),
        money_word=re.compile(_NUM + r"(?:\s?" + scale + r")?\s+(" + words + r")\b", re.I),
        percent=re.compile(_NUM + r"\s?(?:%|per\s?cent|percent)(\s+of\s+(?:its\s+|their\s+|the\s+)?"
                           r"(?:GDP|gross domestic product|economic output))?", re.I),
    )


def _number(raw: str) -> float:
    return float(re.sub(r"[,\s]", "", raw))


def parse_amounts(text: str) -> list[Amount]:
    """Every money or percent amount in `text`, normalised. Never raises."""
    w = amount_words()
    out: list[Amount] = []
    spans: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in spans)

    for m in w.money_symbol.finditer(text):
        scale = w.scales.get((m.group(3) or "").lower(), 1.0)
        symbol = m.group(1).upper() if m.group(1).startswith(("US", "C", "A")) else m.group(1)
        out.append(Amount(_number(m.group(2)) * scale, "currency",
                          w.currency_symbols.get(symbol, "USD"), m.group(0).strip()))
        spans.append(m.span())
    for m in w.money_word.finditer(text):
        if not free(*m.span()):
            continue
        scale = w.scales.get((m.group(2) or "").lower(), 1.0)
        out.append(Amount(_number(m.group(1)) * scale, "currency",
                          w.currency_words[m.group(3).lower()], m.group(0).strip()))
        spans.append(m.span())
    for m in w.percent.finditer(text):
        if not free(*m.span()):
            continue
        unit = "percent of GDP" if m.group(2) else "percent"
        out.append(Amount(_number(m.group(1)), unit, None, m.group(0).strip()))
        spans.append(m.span())
    # "$999...9 billion" overflows to infinity: not an amount anyone reported
    return [_clean(a) for a in out if _finite(a)]


def _finite(a: Amount) -> bool:
    return math.isfinite(a.value)


def _clean(a: Amount) -> Amount:
    value = int(a.value) if float(a.value).is_integer() else round(a.value, 6)
    return Amount(value, a.unit, a.currency, a.text)


def parse_count(number_text: str, noun_lemma: str) -> Amount | None:
    """'4,000' + 'troop' -> Amount(4000, 'troops'); word numbers too ('two hundred')."""
    w = amount_words()
    if noun_lemma not in w.count_nouns:
        return None
    words = number_text.lower().replace("-", " ").split()
    value = 0.0
    try:
        if re.fullmatch(_NUM, number_text.strip()):
            value = _number(number_text)
        else:
            total, current = 0.0, 0.0
            for word in words:
                if word in w.scales and word not in ("m", "b", "k"):
                    current = (current or 1) * w.scales[word]
                    total += current
                    current = 0
                elif word == "hundred":
                    current = (current or 1) * 100
                elif word in w.word_numbers:
                    current += w.word_numbers[word]
                elif re.fullmatch(_NUM, word):
                    current += _number(word)
                else:
                    return None
            value = total + current
    except ValueError:
        return None
    if value <= 0:
        return None
    unit = "people" if noun_lemma in ("people", "person") else (
        noun_lemma if noun_lemma in ("police", "aircraft") else noun_lemma + "s")
    value = int(value) if float(value).is_integer() else value
    return Amount(value, unit, None, f"{number_text} {unit}")
