"""A dyad over time: events between two actors per day, week or month, by quad class."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .query import FACTUAL, check_freq, connection, date_range, range_sql, resolve_actor


@dataclass
class DyadRow:
    period: date  # first day of the period (weeks start on Monday)
    quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    events: int = 0
    score_sum: float = 0.0

    @property
    def score_mean(self) -> float | None:
        return self.score_sum / self.events if self.events else None

    def to_dict(self) -> dict:
        return {"period": self.period.isoformat(), "verbal_coop": self.quad[1],
                "material_coop": self.quad[2], "verbal_conflict": self.quad[3],
                "material_conflict": self.quad[4], "events": self.events,
                "score_sum": round(self.score_sum, 3),
                "score_mean": None if self.score_mean is None else round(self.score_mean, 3)}


def _next(day: date, freq: str) -> date:
    if freq == "day":
        return day + timedelta(days=1)
    if freq == "week":
        return day + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[freq]
    m = day.month - 1 + months
    return date(day.year + m // 12, m % 12 + 1, 1)


def dyad_series(store: Any, a: str, b: str, freq: str = "week", both_directions: bool = True,
                since: str | date | None = None, until: str | date | None = None
                ) -> list[DyadRow]:
    """Factual events a→b (and b→a unless both_directions is False), once per story cluster,
    per period; periods without events between the first and last are filled with zeros."""
    con = connection(store)
    freq = check_freq(freq)
    lo, hi = date_range(since, until)
    ca, cb = resolve_actor(a, con, hi, field="a"), resolve_actor(b, con, hi, field="b")
    params: list = [freq, ca, cb]
    where = "(source_code = ? AND target_code = ?)"
    if both_directions:
        where = f"({where} OR (source_code = ? AND target_code = ?))"
        params += [cb, ca]
    sql = (f"SELECT CAST(date_trunc(?, date) AS DATE) AS p, quad_class, count(*), "
           f"coalesce(sum(score), 0) FROM events_dedup WHERE {where} AND {FACTUAL} "
           "AND date IS NOT NULL")
    sql += range_sql(lo, hi, params) + " GROUP BY 1, 2 ORDER BY 1, 2"
    # date_trunc's unit is a parameter too; it is one of FREQS, checked above
    rows: dict[date, DyadRow] = {}
    for period, quad, n, score in con.execute(sql, params).fetchall():
        row = rows.setdefault(period, DyadRow(period))
        if quad in row.quad:
            row.quad[quad] += n
        row.events += n
        row.score_sum += float(score)
    if not rows:
        return []
    out, day, last = [], min(rows), max(rows)
    while day <= last:
        out.append(rows.get(day) or DyadRow(day))
        day = _next(day, freq)
    return out


def plot_dyad(series: list[DyadRow], path: str | Path, title: str | None = None) -> Path:
    """Stacked bars of events by quad class per period, with the mean score as a line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    fig, ax = plt.subplots(figsize=(10, 5))
    if not series:
        ax.text(0.5, 0.5, "no events between these actors", ha="center", va="center")
        ax.set_axis_off()
    else:
        xs = [r.period for r in series]
        width = (xs[1] - xs[0]).days * 0.8 if len(xs) > 1 else 0.8
        bottom = [0] * len(series)
        labels = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                  4: "material conflict"}
        colours = {1: "#a1d99b", 2: "#31a354", 3: "#fc9272", 4: "#de2d26"}
        for q in (1, 2, 3, 4):
            vals = [r.quad[q] for r in series]
            ax.bar(xs, vals, width=width, bottom=bottom, label=labels[q], color=colours[q])
            bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
        ax.set_ylabel("events")
        ax.legend(loc="upper left", fontsize=8)
        ax2 = ax.twinx()
        ax2.plot(xs, [r.score_mean for r in series], "k.-", label="mean score")
        ax2.set_ylabel("mean PLOVER score")
        ax2.set_ylim(-10, 10)
        fig.autofmt_xdate()
    ax.set_title(title or "dyad")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
