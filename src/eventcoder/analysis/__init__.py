"""Analysis over a stored event database: queries, actor networks, dyads, alliance cohesion and
commitments. Every function takes an `EventStore` (or a DuckDB connection) and reads only."""

from __future__ import annotations

from .cohesion import Blocker, CohesionPeriod, CohesionReport, alliance_cohesion
from .commitments import Commitment, CommitmentReport, commitments
from .dyads import DyadRow, dyad_series, plot_dyad
from .network import actor_network, draw_network_png, network_html
from .query import (
    EventQuery,
    SqlResult,
    count_events,
    query_events,
    resolve_actor,
    run_readonly_sql,
)

__all__ = [
    "Blocker", "CohesionPeriod", "CohesionReport", "Commitment", "CommitmentReport", "DyadRow",
    "EventQuery", "SqlResult", "actor_network", "alliance_cohesion", "commitments",
    "count_events",
    "draw_network_png", "dyad_series", "network_html", "plot_dyad", "query_events",
    "resolve_actor", "run_readonly_sql",
]
