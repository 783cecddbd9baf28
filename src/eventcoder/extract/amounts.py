"""Amounts: money with its currency normalised, percent (of GDP), counts of people and things."""

from __future__ import annotations

import math
import re

from ..records import Amount

CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB",
                    "₹": "INR", "₩": "KRW", "US$": "USD", "C$": "CAD", "A$": "AUD"}
CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "dollar": "USD", "dollars": "USD",
    "usd": "USD", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "rupee": "INR",
    "rupees": "INR", "won": "KRW", "lira": "TRY", "liras": "TRY", "shekel": "ILS",
    "shekels": "ILS", "francs": "CHF", "franc": "CHF", "riyal": "SAR", "riyals": "SAR",
    "rand": "ZAR", "real": "BRL", "reais": "BRL", "zloty": "PLN", "krona": "SEK",
    "kronor": "SEK", "krone": "NOK", "kroner": "NOK",
}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12}
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "hundred": 100, "hundreds": 100, "dozens": 24, "dozen": 12, "several": 3}
COUNT_NOUNS = {"troop", "soldier", "missile", "drone", "people", "civilian", "person", "tank",
               "aircraft", "jet", "warplane", "shell", "rocket", "prisoner", "hostage",
               "refugee", "protester", "casualty", "death", "fighter", "vehicle", "ship",
               "howitzer", "round", "system", "police", "officer", "child", "migrant", "worker"}

_NUM = r"(\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SYM = r"(US\$|C\$|A\$|[€$£¥₴₽₹₩])"
_SCALE = r"(thousand|million|billion|trillion|bn|mn|mln|bln|tn|[kmb])\b"
MONEY_SYMBOL = re.compile(_SYM + r"\s?" + _NUM + r"(?:\s?" + _SCALE + r")?", re.I)
MONEY_WORD = re.compile(_NUM + r"(?:\s?" + _SCALE + r")?\s+(" + "|".join(CURRENCY_WORDS) + r")\b",
                        re.I)
PERCENT = re.compile(_NUM + r"\s?(?:%|per\s?cent|percent)(\s+of\s+(?:its\s+|their\s+|the\s+)?"
                     r"(?:GDP|gross domestic product|economic output))?", re.I)


def _number(raw: str) -> float:
    return float(re.sub(r"[,\s]", "", raw))


def parse_amounts(text: str) -> list[Amount]:
    """Every money or percent amount in `text`, normalised. Never raises."""
    out: list[Amount] = []
    spans: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in spans)

    for m in MONEY_SYMBOL.finditer(text):
        scale = SCALES.get((m.group(3) or "").lower(), 1.0)
        symbol = m.group(1).upper() if m.group(1).startswith(("US", "C", "A")) else m.group(1)
        out.append(Amount(_number(m.group(2)) * scale, "currency",
                          CURRENCY_SYMBOLS.get(symbol, "USD"), m.group(0).strip()))
        spans.append(m.span())
    for m in MONEY_WORD.finditer(text):
        if not free(*m.span()):
            continue
        scale = SCALES.get((m.group(2) or "").lower(), 1.0)
        out.append(Amount(_number(m.group(1)) * scale, "currency",
                          CURRENCY_WORDS[m.group(3).lower()], m.group(0).strip()))
        spans.append(m.span())
    for m in PERCENT.finditer(text):
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
    if noun_lemma not in COUNT_NOUNS:
        return None
    words = number_text.lower().replace("-", " ").split()
    value = 0.0
    try:
        if re.fullmatch(_NUM, number_text.strip()):
            value = _number(number_text)
        else:
            total, current = 0.0, 0.0
            for w in words:
                if w in SCALES and w not in ("m", "b", "k"):
                    current = (current or 1) * SCALES[w]
                    total += current
                    current = 0
                elif w == "hundred":
                    current = (current or 1) * 100
                elif w in WORD_NUMBERS:
                    current += WORD_NUMBERS[w]
                elif re.fullmatch(_NUM, w):
                    current += _number(w)
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
