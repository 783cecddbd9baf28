"""Routes over actors and the analyses: actor lists and pages, network, dyad series,
alliance cohesion and commitments. Every answer comes from `eventcoder.analysis`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam

from ..analysis.query import FACTUAL
from ..errors import InputError
from ..store.shared import SharedStore
from .analysis_models import (
    BlockerOut,
    CohesionOut,
    CommitmentOut,
    CommitmentsOut,
    CountTotal,
    DyadOut,
    DyadRowOut,
    EdgeOut,
    MemberOut,
    MoneyTotal,
    NetworkOut,
    NodeOut,
    PeriodOut,
)
from .common import kind_of, offset
from .models import (
    BAD_VALUE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    ActorDetail,
    ActorOut,
    ActorPage,
    TypeCount,
    WrittenAs,
    day_param,
    not_found,
)


def router(db: SharedStore) -> APIRouter:
    """The actor and analysis routes, reading through `db`."""
    router = APIRouter()

    @router.get("/api/actors", response_model=ActorPage, tags=["actors"],
                responses=READ_ERRORS)
    def actors(
        q: str | None = Query(None, max_length=200, description="Part of a code or name."),
        page: int = Query(1, ge=1, le=MAX_PAGE),
        limit: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    ) -> ActorPage:
        """Actors from the `actors` table, one row per code, with mentions and event counts."""
        where, params = "", []
        if q:
            where = (" WHERE code IN (SELECT code FROM actors WHERE "
                     "contains(lower(code), lower(?)) OR contains(lower(name), lower(?)))")
            params = [q, q]
        with db.read() as store:
            total = store.con.execute(
                f"SELECT count(DISTINCT code) FROM actors{where}", params).fetchone()[0]
            rows = _actor_rows(store.con, where, params, limit, offset(page, limit))
        return ActorPage(items=rows, page=page, limit=limit, total=total,
                         has_more=offset(page, limit) + len(rows) < total)

    @router.get("/api/actors/{actor}", response_model=ActorDetail, tags=["actors"],
                responses={**not_found("Unknown actor"), **READ_ERRORS})
    def actor_detail(actor: str = PathParam(..., max_length=200)) -> ActorDetail:
        """One actor (code or name) with its counts by event type as source and target."""
        from ..analysis import resolve_actor

        with db.read() as store:
            try:
                code = resolve_actor(actor, store.con)
            except InputError as exc:
                raise HTTPException(404, str(exc)) from None
            rows = _actor_rows(store.con, " WHERE code = ?", [code], 1, 0, texts=DETAIL_TEXTS)
            by_type = store.con.execute(
                "SELECT type, count(*) FILTER (WHERE source_code = ?), "
                "count(*) FILTER (WHERE target_code = ?) FROM events "
                f"WHERE (source_code = ? OR target_code = ?) AND {FACTUAL} "
                "GROUP BY 1 ORDER BY 2 + 3 DESC, 1", [code] * 4).fetchall()
            # events can name an actor the mention counts lack (an older store's)
            written = [] if rows else _written(store.con, [code], DETAIL_TEXTS).get(code, [])
        if rows:
            base = rows[0]
        else:  # known to the knowledge base, never mentioned in this database
            from ..knowledge import default_knowledge

            kb = default_knowledge()
            base = ActorOut(code=code, name=kb.name_of(code), kind=kind_of(kb, code), names=[],
                            written=written,
                            sectors=[], mentions=0, as_source=0, as_target=0)
        return ActorDetail(**base.model_dump(), by_type=[
            TypeCount(type=t, as_source=s, as_target=g) for t, s, g in by_type])

    @router.get("/api/network", response_model=NetworkOut, tags=["analysis"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def network(
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
        types: Annotated[list[str] | None, Query(
            alias="type", max_length=20, description="PLOVER types (repeat the parameter).")
        ] = None,
        min_events: int = Query(1, ge=1, le=1_000_000),
    ) -> NetworkOut:
        """The actor network (`actor_network`): nodes and directed, weighted edges."""
        from ..analysis import actor_network

        with db.read() as store:
            g = actor_network(store, since=since, until=until, types=types,
                              min_events=min_events)
        weight = {n: 0 for n in g.nodes}
        for s, t, d in g.edges(data=True):
            weight[s] += d["weight"]
            weight[t] += d["weight"]
        nodes = [NodeOut(id=n, name=d.get("name") or n, kind=d.get("kind") or "other",
                         alliances=list(d.get("alliances") or []), events=weight[n])
                 for n, d in g.nodes(data=True)]
        edges = [EdgeOut(source=s, target=t, **d) for s, t, d in g.edges(data=True)]
        return NetworkOut(since=g.graph.get("since"), until=g.graph.get("until"),
                          as_of=g.graph.get("as_of"), nodes=nodes, edges=edges)

    @router.get("/api/dyad", response_model=DyadOut, tags=["analysis"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def dyad(
        a: str = Query(..., max_length=200, description="First actor (code or name)."),
        b: str = Query(..., max_length=200, description="Second actor."),
        freq: Literal["day", "week", "month", "quarter", "year"] = "week",
        one_way: bool = Query(False, description="Only a → b."),
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
    ) -> DyadOut:
        """Events between two actors per period, by quad class (`dyad_series`)."""
        from ..analysis import dyad_series, resolve_actor
        from ..analysis.query import date_range

        with db.read() as store:
            rows = dyad_series(store, a, b, freq=freq, both_directions=not one_way,
                               since=since, until=until)
            hi = date_range(since, until)[1]
            ca = resolve_actor(a, store.con, hi, field="a")
            cb = resolve_actor(b, store.con, hi, field="b")
        return DyadOut(a=a, b=b, a_code=ca, b_code=cb, freq=freq, both_directions=not one_way,
                       rows=[DyadRowOut(**r.to_dict()) for r in rows])

    @router.get("/api/alliance/{code}", response_model=CohesionOut, tags=["analysis"],
                responses={**BAD_VALUE, **not_found("Unknown alliance"), **READ_ERRORS})
    def alliance(
        code: str = PathParam(..., max_length=40),
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
        freq: Literal["day", "week", "month", "quarter", "year"] = "month",
    ) -> CohesionOut:
        """Alliance cohesion (`alliance_cohesion`): members, intra-alliance cooperation and
        conflict, blockers, and the cohesion index and dissent share per period."""
        from ..analysis import alliance_cohesion
        from ..knowledge import default_knowledge

        if code.strip().upper() not in default_knowledge().igos:
            known = ", ".join(sorted(default_knowledge().igos))
            raise HTTPException(404, f"unknown alliance {code!r}; known: {known}")
        with db.read() as store:
            rep = alliance_cohesion(store, code, since=since, until=until, freq=freq)
        return CohesionOut(
            alliance=rep.alliance, name=rep.name, since=rep.since, until=rep.until,
            as_of=rep.as_of, index=rep.index,
            members=[MemberOut(code=m.code, name=m.name, joined=m.joined) for m in rep.members],
            intra_events=rep.intra_events, intra_cooperative=rep.intra_cooperative,
            intra_conflictual=rep.intra_conflictual, outward_events=rep.outward_events,
            blockers=[BlockerOut(**x.to_dict()) for x in rep.blockers],
            intra_conflicts=[BlockerOut(**x.to_dict()) for x in rep.intra_conflicts],
            periods=[PeriodOut(period=p.period, members=p.members, intra_events=p.intra_events,
                               cooperative=p.cooperative, conflictual=p.conflictual,
                               dissenters=list(p.dissenters), index=p.index,
                               dissent_share=p.dissent_share) for p in rep.periods])

    @router.get("/api/commitments", response_model=CommitmentsOut, tags=["analysis"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def commitments_(
        actor: str | None = Query(None, max_length=200),
        role: Literal["source", "target", "either"] = "either",
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
    ) -> CommitmentsOut:
        """Amounts requested, demanded, pledged, delivered and blocked (`commitments`)."""
        from ..analysis import commitments

        with db.read() as store:
            rep = commitments(store, actor=actor, since=since, until=until, role=role)
        return CommitmentsOut(
            rows=[CommitmentOut(**c.to_dict()) for c in rep.rows],
            money=[MoneyTotal(kind=k, currency=c, total=v)
                   for (k, c), v in sorted(rep.money.items(), key=lambda kv: str(kv[0]))],
            gdp_shares=[CommitmentOut(**c.to_dict()) for c in rep.gdp_shares],
            counts=[CountTotal(kind=k, unit=u, total=v)
                    for (k, u), v in sorted(rep.counts.items(), key=lambda kv: str(kv[0]))])

    return router


LIST_TEXTS, DETAIL_TEXTS = 8, 200  # surface texts shown per actor: in a list, on its page


def _written(con: Any, codes: list[str], per_code: int) -> dict[str, list[WrittenAs]]:
    """The surface texts of each actor in `codes` over the factual events (as source or
    target), with how many events wrote it so; the `per_code` most frequent."""
    if not codes:
        return {}
    sql = (
        f"WITH w AS (SELECT source_code AS code, trim(source_text) AS text FROM events "
        f"WHERE {FACTUAL} UNION ALL SELECT target_code, trim(target_text) FROM events "
        f"WHERE {FACTUAL} AND target_code IS NOT NULL) "
        "SELECT code, text, count(*) AS n FROM w WHERE code IN (SELECT unnest(?)) "
        "AND text IS NOT NULL AND text <> '' GROUP BY 1, 2 "
        "QUALIFY row_number() OVER (PARTITION BY code ORDER BY n DESC, text) <= ? "
        "ORDER BY code, n DESC, text")
    out: dict[str, list[WrittenAs]] = {}
    for code, text, n in con.execute(sql, [codes, per_code]).fetchall():
        out.setdefault(code, []).append(WrittenAs(text=text, events=int(n)))
    return out


def _actor_rows(con: Any, where: str, params: list, limit: int, offset: int,
                texts: int = LIST_TEXTS) -> list[ActorOut]:
    from ..knowledge import default_knowledge

    kb = default_knowledge()
    sql = (
        "WITH a AS (SELECT code, list(DISTINCT name ORDER BY name) AS names, "
        "list(DISTINCT sector ORDER BY sector) FILTER (WHERE sector <> '') AS sectors, "
        f"sum(mentions) AS mentions FROM actors{where} GROUP BY code), "
        f"s AS (SELECT source_code AS code, count(*) AS n FROM events WHERE {FACTUAL} "
        "GROUP BY 1), "
        f"t AS (SELECT target_code AS code, count(*) AS n FROM events WHERE {FACTUAL} "
        "AND target_code IS NOT NULL GROUP BY 1) "
        "SELECT a.code, a.names, a.sectors, a.mentions, coalesce(s.n, 0), coalesce(t.n, 0) "
        "FROM a LEFT JOIN s ON s.code = a.code LEFT JOIN t ON t.code = a.code "
        "ORDER BY a.mentions DESC, a.code LIMIT ? OFFSET ?")
    out = []
    found = con.execute(sql, [*params, limit, offset]).fetchall()
    written = _written(con, [r[0] for r in found], texts)
    for code, names, sectors, mentions, n_src, n_tgt in found:
        name = kb.name_of(code)
        if name == code and names:
            name = names[0]
        out.append(ActorOut(code=code, name=name, kind=kind_of(kb, code), names=names or [],
                            written=written.get(code, []), sectors=sectors or [],
                            mentions=int(mentions or 0), as_source=int(n_src),
                            as_target=int(n_tgt)))
    return out
