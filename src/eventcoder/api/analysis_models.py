"""The API's answers for the analysis endpoints (network, dyad, alliance, commitments)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .models import _Model


class NodeOut(_Model):
    id: str
    name: str
    kind: str
    alliances: list[str]
    events: int  # weight of the edges touching the node


class EdgeOut(_Model):
    source: str
    target: str
    weight: int
    cooperation: int
    conflict: int
    mean_score: float | None


class NetworkOut(_Model):
    since: str | None
    until: str | None
    as_of: str | None
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class DyadRowOut(_Model):
    period: dt.date
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    events: int
    score_sum: float
    score_mean: float | None


class DyadOut(_Model):
    a: str
    b: str
    a_code: str
    b_code: str
    freq: str
    both_directions: bool
    rows: list[DyadRowOut]


class MemberOut(_Model):
    code: str
    name: str
    joined: dt.date | None


class BlockerOut(_Model):
    source: str
    target: str | None
    type: str
    mode: str | None
    date: dt.date | None
    sentence: str
    article_id: str
    event_id: str
    relation: str = Field(description="member → member, member → alliance, alliance → member "
                                      "or alliance decision")


class PeriodOut(_Model):
    period: dt.date
    members: int
    intra_events: int
    cooperative: int
    conflictual: int
    dissenters: list[str]
    index: float | None
    dissent_share: float


class CohesionOut(_Model):
    alliance: str
    name: str
    since: dt.date | None
    until: dt.date | None
    as_of: dt.date
    members: list[MemberOut]
    intra_events: int
    intra_cooperative: int
    intra_conflictual: int
    outward_events: int
    index: float | None
    blockers: list[BlockerOut]
    intra_conflicts: list[BlockerOut]
    periods: list[PeriodOut]


class CommitmentOut(_Model):
    kind: str | None
    source: str
    target: str | None
    value: float
    unit: str
    currency: str | None
    text: str
    date: dt.date | None
    type: str
    mode: str | None
    event_id: str
    article_id: str
    sentence: str


class MoneyTotal(_Model):
    kind: str | None
    currency: str
    total: float


class CountTotal(_Model):
    kind: str | None
    unit: str
    total: float


class CommitmentsOut(_Model):
    rows: list[CommitmentOut]
    money: list[MoneyTotal]
    gdp_shares: list[CommitmentOut]
    counts: list[CountTotal]
