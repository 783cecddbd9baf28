"""Commitments: money and shares of GDP requested, demanded, pledged, delivered and blocked.

Kinds, from the event that carries the amount:
  requested  REQUEST (any mode but 'change')
  demanded   REQUEST with mode 'change' (do something differently), or THREATEN
  pledged    AGREE, or AID flagged future ("will send")
  delivered  AID, factual and not future
  blocked    REJECT
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .query import FACTUAL, connection, date_range, range_sql, resolve_actor

KINDS = ("requested", "demanded", "pledged", "delivered", "blocked")
GDP = "percent of GDP"


@dataclass
class Commitment:
    kind: str
    source: str
    target: str | None
    value: float
    unit: str
    currency: str | None
    text: str
    date: date | None
    type: str
    mode: str | None
    event_id: str
    article_id: str
    sentence: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass
class CommitmentReport:
    rows: list[Commitment]
    # (kind, currency) -> total; money only, summed within one currency, never across
    money: dict[tuple[str, str], float] = field(default_factory=dict)
    # percent-of-GDP figures are targets, not sums: listed, not added up
    gdp_shares: list[Commitment] = field(default_factory=list)
    # (kind, unit) -> total for counted things (troops, systems, ...)
    counts: dict[tuple[str, str], float] = field(default_factory=dict)


def kind_of(etype: str, mode: str | None, future: bool | None) -> str | None:
    if etype == "REQUEST":
        return "demanded" if mode == "change" else "requested"
    if etype == "THREATEN":
        return "demanded"
    if etype == "AGREE" or (etype == "AID" and future):
        return "pledged"
    if etype == "AID":
        return "delivered"
    if etype == "REJECT":
        return "blocked"
    return None


def commitments(store: Any, actor: str | None = None, since: str | date | None = None,
                until: str | date | None = None, role: str = "either") -> CommitmentReport:
    """Every amount on a factual REQUEST/THREATEN/AGREE/AID/REJECT event, once per story."""
    from ..errors import InputError

    con = connection(store)
    lo, hi = date_range(since, until)
    params: list = []
    sql = ("SELECT id, article_id, date, type, mode, future, source_code, target_code, amounts, "
           "sentence FROM events_dedup WHERE amounts IS NOT NULL AND type IN "
           f"('REQUEST', 'THREATEN', 'AGREE', 'AID', 'REJECT') AND {FACTUAL}")
    if actor:
        code = resolve_actor(actor, con, hi)
        if role == "either":
            sql += " AND (source_code = ? OR target_code = ?)"
            params += [code, code]
        elif role in ("source", "target"):
            sql += f" AND {role}_code = ?"
            params.append(code)
        else:
            raise InputError(f"unknown role {role!r}; choose source, target or either",
                             field="role")
    sql += range_sql(lo, hi, params) + " ORDER BY date, article_id, trigger_start, id"
    report = CommitmentReport([])
    for eid, art, day, etype, mode, future, src, tgt, amounts, sentence in con.execute(
            sql, params).fetchall():
        kind = kind_of(etype, mode, future)
        try:
            items = json.loads(amounts)
        except ValueError:
            continue  # a damaged amounts field is skipped, not fatal
        for a in items if isinstance(items, list) else []:
            if not isinstance(a, dict) or not isinstance(a.get("value"), int | float):
                continue
            c = Commitment(kind, src, tgt, float(a["value"]), str(a.get("unit", "")),
                           a.get("currency"), str(a.get("text", "")), day, etype, mode, eid,
                           art, sentence or "")
            report.rows.append(c)
            if c.unit == "currency" and c.currency:
                key = (kind, c.currency)
                report.money[key] = report.money.get(key, 0.0) + c.value
            elif c.unit == GDP:
                report.gdp_shares.append(c)
            elif not c.unit.startswith("percent"):
                key = (kind, c.unit)
                report.counts[key] = report.counts.get(key, 0.0) + c.value
    return report
