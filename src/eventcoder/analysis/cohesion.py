"""Alliance cohesion: who the members are, how they treat each other, and who blocks.

Definitions (docs/analysis.md explains them):
- membership is taken from the knowledge base on each event's own date, so an event counts as
  intra-alliance only if both sides were members when it happened; the member list reported is
  the one on the period end;
- cohesion index of a period = (C − K) / (C + K) over intra-alliance events, C cooperative
  (quad classes 1–2), K conflictual (3–4); None when there is no intra-alliance event;
- dissent share of a period = members that were the source of a conflictual event against
  another member, or of a REJECT against anyone, divided by the members on the period end.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from ..errors import InputError
from .dyads import _next
from .query import FACTUAL, as_of, check_freq, connection, date_range, range_sql

BLOCK_TYPES = ("REJECT",)
QUARREL_TYPES = ("REJECT", "SANCTION", "ACCUSE", "THREATEN")


@dataclass
class Member:
    code: str
    name: str
    joined: date


@dataclass
class Blocker:
    """A member rejecting anyone, or a member quarrelling with another member."""

    source: str
    target: str | None
    type: str
    mode: str | None
    date: date | None
    sentence: str
    article_id: str
    event_id: str
    within: bool  # the target is a member too

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass
class CohesionPeriod:
    period: date
    members: int  # on the period's last day
    intra_events: int = 0
    cooperative: int = 0
    conflictual: int = 0
    dissenters: list[str] = field(default_factory=list)

    @property
    def index(self) -> float | None:
        n = self.cooperative + self.conflictual
        return (self.cooperative - self.conflictual) / n if n else None

    @property
    def dissent_share(self) -> float:
        return len(self.dissenters) / self.members if self.members else 0.0


@dataclass
class CohesionReport:
    alliance: str
    name: str
    since: date | None
    until: date | None
    as_of: date
    members: list[Member]
    intra_events: int  # member → member
    intra_cooperative: int
    intra_conflictual: int
    outward_events: int  # member → non-member (or no target)
    blockers: list[Blocker]  # members' REJECTs against anyone, and quarrels among members
    intra_conflicts: list[Blocker]  # every conflictual event member → member
    periods: list[CohesionPeriod]

    @property
    def index(self) -> float | None:
        n = self.intra_cooperative + self.intra_conflictual
        return (self.intra_cooperative - self.intra_conflictual) / n if n else None


def alliance_cohesion(store: Any, alliance: str = "NATO", since: str | date | None = None,
                      until: str | date | None = None, freq: str = "month") -> CohesionReport:
    from ..knowledge import default_knowledge

    con = connection(store)
    kb = default_knowledge()
    freq = check_freq(freq)
    lo, hi = date_range(since, until)
    code = alliance.strip().upper()
    if code not in kb.igos:
        raise InputError(f"unknown alliance {alliance!r}; known: {', '.join(sorted(kb.igos))}")
    igo = kb.igos[code]
    end = as_of(con, hi)
    members = [Member(m.code, kb.name_of(m.code), m.joined)
               for m in sorted(igo.members, key=lambda m: (m.joined, m.code))
               if m.active_on(end)]
    codes = sorted({m.code for m in igo.members})  # anyone who was ever a member
    params: list = [codes]
    sql = ("SELECT id, article_id, date, type, mode, quad_class, source_code, target_code, "
           f"sentence FROM events_dedup WHERE source_code IN (SELECT unnest(?)) AND {FACTUAL}")
    sql += range_sql(lo, hi, params) + " ORDER BY date, article_id, trigger_start, id"
    report = CohesionReport(code, igo.name, lo, hi, end, members, 0, 0, 0, 0, [], [], [])
    periods: dict[date, CohesionPeriod] = {}
    for eid, art, day, etype, mode, quad, src, tgt, sentence in con.execute(sql, params).fetchall():
        on = day or end
        if not igo.is_member(src, on):
            continue  # not (or no longer / not yet) a member when it happened
        within = tgt is not None and tgt != src and igo.is_member(tgt, on)
        ev = Blocker(src, tgt, etype, mode, day, sentence or "", art, eid, within)
        period = _period_start(on, freq)
        p = periods.get(period)
        if p is None:
            last = min(_next(period, freq) - timedelta(days=1), hi or date.max)
            p = periods[period] = CohesionPeriod(period, len(igo.members_on(last)))
        conflictual = quad in (3, 4)
        if within:
            report.intra_events += 1
            p.intra_events += 1
            if quad in (1, 2):
                report.intra_cooperative += 1
                p.cooperative += 1
            elif conflictual:
                report.intra_conflictual += 1
                p.conflictual += 1
                report.intra_conflicts.append(ev)
        else:
            report.outward_events += 1
        if etype in BLOCK_TYPES or (within and etype in QUARREL_TYPES):
            report.blockers.append(ev)
        if (etype in BLOCK_TYPES or (within and conflictual)) and src not in p.dissenters:
            p.dissenters.append(src)
    report.periods = [periods[k] for k in sorted(periods)]
    return report


def _period_start(day: date, freq: str) -> date:
    if freq == "day":
        return day
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)
