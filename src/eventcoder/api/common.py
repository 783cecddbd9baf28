"""What the routes share: rows as dicts, events as the API shows them, marked text."""

from __future__ import annotations

import json
from typing import Any

from ..store.articles import article_row, rows
from ..store.columns import STORE_COLUMNS
from .models import Segment

SNIPPET_CHARS = 240  # article text shown on each side of an event's sentence
_LISTS = tuple(c.name for c in STORE_COLUMNS if c.kind == "texts")
_FLAGS = tuple(c.name for c in STORE_COLUMNS if c.kind == "bool")
_RECORDS = tuple(c.name for c in STORE_COLUMNS if c.kind == "records")


def event_json(row: dict) -> dict:
    """An events row as `EventOut` takes it: JSON lists decoded, NULL lists and flags of an
    older store's rows made empty and false, and the rule chain spelled out."""
    for name in _RECORDS:
        raw = row.get(name)
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = []
        row[name] = [a for a in (raw or []) if isinstance(a, dict)]
    for name in _LISTS:
        row[name] = list(row.get(name) or [])
    for name in _FLAGS:
        row[name] = bool(row.get(name))
    rule = row.get("rule")
    row["rule_chain"] = ([rule] if rule else []) + row["conventions"]
    return row


def _span(text: str, start: Any, end: Any) -> tuple[int, int] | None:
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if 0 <= start < end <= len(text):
        return start, end
    return None


def event_spans(ev: dict, text: str) -> list[tuple[int, int, str]]:
    out = []
    for role in ("trigger", "source", "target"):
        sp = _span(text, ev.get(f"{role}_start"), ev.get(f"{role}_end"))
        if sp:
            out.append((sp[0], sp[1], role))
    return out


def segments(text: str, lo: int, hi: int, events: list[dict]) -> list[Segment]:
    """Cut text[lo:hi] at every span boundary; each piece lists the roles and events on it.

    Computed here, in Python string offsets, so the browser never does offset arithmetic
    (JavaScript counts UTF-16 units, Python counts code points)."""
    marks: list[tuple[int, int, str, str, bool]] = []
    for ev in events:
        flagged = bool(ev.get("negated") or ev.get("hypothetical"))
        for s, e, role in event_spans(ev, text):
            s, e = max(s, lo), min(e, hi)
            if s < e:
                marks.append((s, e, role, ev["id"], flagged))
    cuts = sorted({lo, hi, *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        on = [m for m in marks if m[0] <= a and b <= m[1]]
        roles = [r for r in ("trigger", "source", "target") if any(m[2] == r for m in on)]
        ids = list(dict.fromkeys(m[3] for m in on))
        out.append(Segment(text=text[a:b], roles=roles, events=ids,
                           flagged=bool(on) and all(m[4] for m in on)))
    return out



def article_text(con: Any, article_id: str) -> tuple[dict, str] | None:
    """(the article's row without its text, the text), or None."""
    row = article_row(con, article_id)
    if row is None:
        return None
    return row, row.pop("text", "") or ""


def offset(page: int, limit: int) -> int:
    return (page - 1) * limit


def kind_of(kb: Any, code: str) -> str:
    if code in kb.countries:
        return "state"
    if code in kb.igos:
        return "igo"
    return "other"


__all__ = ["SNIPPET_CHARS", "article_text", "event_json", "event_spans", "kind_of", "offset",
           "rows", "segments"]
