"""Alliance cohesion: who the members are, how they treat each other, and who blocks.

Definitions (docs/analysis.md explains them):
- membership is taken from the knowledge base on each event's own date;
- an event is *intra-alliance* when, on its date, it is one of (`relation`):
  member → another member; member → the alliance (its organs carry its code); the alliance →
  a member, itself, or no one (its own decisions). Anything else a member or the alliance does
  is outward: a member vetoing an EU proposal is EU business, not NATO's;
- cohesion index of a period = (C − K) / (C + K) over intra-alliance events, C cooperative
  (quad classes 1–2), K conflictual (3–4); None when there is no intra-alliance event;
- dissent share of a period = members that were the source of a conflictual intra-alliance
  event, divided by the members on the period end.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .dyads import _next
from .query import FACTUAL, as_of, check_freq, connection, date_range, range_sql

if TYPE_CHECKING:
    from ..knowledge import Igo

QUARREL_TYPES = ("REJECT", "SANCTION", "ACCUSE", "THREATEN")
# how an intra-alliance event sits in the alliance
MEMBER_TO_MEMBER = "member → member"
MEMBER_TO_ALLIANCE = "member → alliance"
ALLIANCE_TO_MEMBER = "alliance → member"
ALLIANCE_DECISION = "alliance decision"
RELATIONS = (MEMBER_TO_MEMBER, MEMBER_TO_ALLIANCE, ALLIANCE_TO_MEMBER, ALLIANCE_DECISION)


def relation(igo: Igo, source: str, target: str | None, day: date) -> str | None:
    """How an event source → target on `day` sits inside `igo`, or None when it is outward
    (or has nothing to do with the alliance)."""
    if source == igo.code:
        if target is None or target == igo.code:
            return ALLIANCE_DECISION
        return ALLIANCE_TO_MEMBER if igo.is_member(target, day) else None
    if not igo.is_member(source, day) or target is None or target == source:
        return None
    if target == igo.code:
        return MEMBER_TO_ALLIANCE
    return MEMBER_TO_MEMBER if igo.is_member(target, day) else None


@dataclass
class Member:
    code: str
    name: str
    joined: date


@dataclass
class Blocker:
    """A member rejecting or quarrelling with another member or with the alliance itself."""

    source: str
    target: str | None
    type: str
    mode: str | None
    date: date | None
    sentence: str
    article_id: str
    event_id: str
    relation: str  # one of RELATIONS: how the event sits inside the alliance

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
    intra_events: int  # see `relation`
    intra_cooperative: int
    intra_conflictual: int
    outward_events: int  # by a member or the alliance, and not intra-alliance
    blockers: list[Blocker]  # members' quarrels (QUARREL_TYPES) with members or the alliance
    intra_conflicts: list[Blocker]  # every conflictual intra-alliance event
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
        raise InputError(f"unknown alliance {alliance!r}; known: {', '.join(sorted(kb.igos))}",
                         field="alliance")
    igo = kb.igos[code]
    end = as_of(con, hi)
    members = [Member(m.code, kb.name_of(m.code), m.joined)
               for m in sorted(igo.members, key=lambda m: (m.joined, m.code))
               if m.active_on(end)]
    # anyone who was ever a member, and the alliance itself (its organs carry its code)
    codes = sorted({m.code for m in igo.members} | {code})
    params: list = [codes, codes]
    sql = ("SELECT id, article_id, date, type, mode, quad_class, source_code, target_code, "
           "sentence FROM events_dedup WHERE (source_code IN (SELECT unnest(?)) OR "
           f"target_code IN (SELECT unnest(?))) AND {FACTUAL}")
    sql += range_sql(lo, hi, params) + " ORDER BY date, article_id, trigger_start, id"
    report = CohesionReport(code, igo.name, lo, hi, end, members, 0, 0, 0, 0, [], [], [])
    periods: dict[date, CohesionPeriod] = {}
    for eid, art, day, etype, mode, quad, src, tgt, sentence in con.execute(sql, params).fetchall():
        on = day or end
        rel = relation(igo, src, tgt, on)
        if rel is None and src != code and not igo.is_member(src, on):
            continue  # an outsider acting on a member or the alliance: not the alliance's act
        period = _period_start(on, freq)
        p = periods.get(period)
        if p is None:  # a period the members were active in, inside the alliance or not
            last = min(_next(period, freq) - timedelta(days=1), hi or date.max)
            p = periods[period] = CohesionPeriod(period, len(igo.members_on(last)))
        if rel is None:
            report.outward_events += 1
            continue
        ev = Blocker(src, tgt, etype, mode, day, sentence or "", art, eid, rel)
        report.intra_events += 1
        p.intra_events += 1
        by_member = rel in (MEMBER_TO_MEMBER, MEMBER_TO_ALLIANCE)
        if quad in (1, 2):
            report.intra_cooperative += 1
            p.cooperative += 1
        elif quad in (3, 4):
            report.intra_conflictual += 1
            p.conflictual += 1
            report.intra_conflicts.append(ev)
            if by_member and src not in p.dissenters:
                p.dissenters.append(src)
        if by_member and etype in QUARREL_TYPES:
            report.blockers.append(ev)
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
