"""Events over time: per day, week, month, quarter or year, by PLOVER type and by quad class."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import InputError
from .dyads import _next as next_period
from .query import EventQuery, check_freq, connection, matching_sql

MAX_PERIODS = 2000  # more bars than that is not a chart: ask for a coarser step
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


@dataclass
class Timeline:
    """Event counts per period (first day of each; weeks start on Monday), every period from
    the first to the last event filled, zeros included."""

    freq: str
    periods: list[date] = field(default_factory=list)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # PLOVER order, present ones
    by_quad: dict[int, list[int]] = field(default_factory=dict)  # 1..4, always all four
    undated: int = 0  # selected events with no date, not on the chart

    @property
    def totals(self) -> list[int]:
        return [sum(v[i] for v in self.by_quad.values()) for i in range(len(self.periods))]

    def to_dict(self) -> dict:
        return {"freq": self.freq, "periods": [p.isoformat() for p in self.periods],
                "by_type": self.by_type,
                "by_quad": {QUADS[q]: v for q, v in self.by_quad.items()},
                "totals": self.totals, "undated": self.undated}


def event_timeline(store: Any, q: EventQuery, freq: str = "month") -> Timeline:
    """Events matching `q` (the event table's filters) counted per `freq` period."""
    from ..ontology import load_ontology

    con = connection(store)
    freq = check_freq(freq)
    base, params = matching_sql(con, q)
    # date_trunc's unit is a parameter too; it is one of FREQS, checked above
    rows = con.execute(
        f"SELECT CAST(date_trunc(?, date) AS DATE) AS p, type, quad_class, count(*){base} "
        "AND date IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1", [freq, *params]).fetchall()
    undated = con.execute(f"SELECT count(*){base} AND date IS NULL", params).fetchone()[0]
    out = Timeline(freq=freq, undated=int(undated))
    if not rows:
        out.by_quad = {k: [] for k in QUADS}
        return out
    first, last = rows[0][0], rows[-1][0]
    day = first
    while day <= last:
        out.periods.append(day)
        if len(out.periods) > MAX_PERIODS:
            raise InputError(f"{first} to {last} is over {MAX_PERIODS} periods of one {freq}: "
                             "choose a longer period or a shorter date range")
        day = next_period(day, freq)
    index = {p: i for i, p in enumerate(out.periods)}
    types = [t for t in load_ontology().types if any(r[1] == t for r in rows)]
    out.by_type = {t: [0] * len(out.periods) for t in types}
    out.by_quad = {k: [0] * len(out.periods) for k in QUADS}
    for period, etype, quad, n in rows:
        out.by_type[etype][index[period]] += n
        if quad in out.by_quad:
            out.by_quad[quad][index[period]] += n
    return out


__all__ = ["QUADS", "Timeline", "event_timeline"]
