"""Routes for the map and the timeline: event counts by place and by period, filtered like
`/api/events`, with the fills and colours the pictures use (so the web UI, the report and
`eventcoder map` / `timeline` draw alike), and the world outline to draw them on."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Query, Response

from ..analysis.query import EventQuery
from ..store.shared import SharedStore
from .models import BAD_VALUE, READ_ERRORS, _Model, day_param


class CountryOut(_Model):
    code: str
    name: str
    events: int
    fill: str  # the map's colour for this count


class PlaceOut(_Model):
    name: str
    code: str | None
    latitude: float
    longitude: float
    level: str | None
    events: int
    x: float  # projected, in the outline's coordinates
    y: float
    r: float  # dot radius at full-world scale


class MapOut(_Model):
    countries: list[CountryOut]
    places: list[PlaceOut]
    total: int
    located: int
    unlocated: int
    view: list[float]  # a viewBox (x, y, w, h) around the events, for `fit`
    legend: list[str]  # the fill steps, fewest to most events
    no_events: str  # the fill of a country without events


class OutlineCountry(_Model):
    code: str
    name: str
    d: str  # SVG path


class OutlineOut(_Model):
    width: float
    height: float
    source: str
    ocean: str
    countries: list[OutlineCountry]


class SeriesOut(_Model):
    key: str
    name: str
    colour: str
    values: list[int]


class TimelineOut(_Model):
    freq: str
    periods: list[dt.date]
    by_quad: list[SeriesOut]
    by_type: list[SeriesOut]
    totals: list[int]
    undated: int


def router(db: SharedStore) -> APIRouter:
    """The map and timeline routes, reading through `db`."""
    router = APIRouter()

    def _query(actor: str | None, role: str, etype: str | None, since: str | None,
               until: str | None, include_flagged: bool) -> EventQuery:
        return EventQuery(actor=actor, role=role, type=etype, since=since, until=until,
                          include_flagged=include_flagged)

    @router.get("/api/map", response_model=MapOut, tags=["analysis"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def event_map(
        actor: str | None = Query(None, max_length=200,
                                  description="Actor code or name: HUN, Hungary, the Kremlin."),
        role: Literal["source", "target", "either"] = "either",
        etype: str | None = Query(None, alias="type", max_length=40,
                                  description="PLOVER event type."),
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
        include_flagged: bool = False,
    ) -> MapOut:
        """Events by the country and place they happened in (`event_map`); countries carry
        their fill, places their position in the outline's projection."""
        from ..analysis.geography import event_map as build
        from ..charts.svg import map_view
        from ..charts.world import FILL_STEPS, NO_EVENTS, dot_radius, fill_for, project

        with db.read() as store:
            m = build(store, _query(actor, role, etype, since, until, include_flagged))
        most = max((c.events for c in m.countries), default=0)
        places = []
        for p in m.places:
            x, y = project(p.longitude, p.latitude)
            places.append(PlaceOut(name=p.name, code=p.code, latitude=p.latitude,
                                   longitude=p.longitude, level=p.level, events=p.events,
                                   x=round(x, 1), y=round(y, 1), r=dot_radius(p.events)))
        return MapOut(
            countries=[CountryOut(code=c.code, name=c.name, events=c.events,
                                  fill=fill_for(c.events, most)) for c in m.countries],
            places=places, total=m.total, located=m.located, unlocated=m.unlocated,
            view=list(map_view(m, fit=True)), legend=list(FILL_STEPS[1:]), no_events=NO_EVENTS)

    @router.get("/api/map/outline", response_model=OutlineOut, tags=["analysis"],
                responses=READ_ERRORS)
    def outline(response: Response) -> OutlineOut:
        """The world outline the map is drawn on (Natural Earth 1:110m countries, public
        domain), as SVG paths in the map's equirectangular projection."""
        from ..charts.svg import OCEAN
        from ..charts.world import HEIGHT, WIDTH, country_paths, outline_source

        response.headers["Cache-Control"] = "max-age=86400"  # it changes with releases only
        return OutlineOut(width=WIDTH, height=HEIGHT, source=outline_source(), ocean=OCEAN,
                          countries=[OutlineCountry(code=c, name=n, d=d)
                                     for c, n, d in country_paths()])

    @router.get("/api/timeline", response_model=TimelineOut, tags=["analysis"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def timeline(
        actor: str | None = Query(None, max_length=200,
                                  description="Actor code or name: HUN, Hungary, the Kremlin."),
        role: Literal["source", "target", "either"] = "either",
        etype: str | None = Query(None, alias="type", max_length=40,
                                  description="PLOVER event type."),
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
        include_flagged: bool = False,
        freq: Literal["day", "week", "month", "quarter", "year"] = "month",
    ) -> TimelineOut:
        """Events per period by quad class and by PLOVER type (`event_timeline`); every
        period from the first event to the last, empty ones included."""
        from ..analysis.timeline import QUADS, event_timeline
        from ..charts.svg import QUAD_COLOURS, TYPE_COLOURS

        with db.read() as store:
            t = event_timeline(store, _query(actor, role, etype, since, until,
                                             include_flagged), freq)
        return TimelineOut(
            freq=t.freq, periods=t.periods, totals=t.totals, undated=t.undated,
            by_quad=[SeriesOut(key=str(q), name=QUADS[q], colour=QUAD_COLOURS[q], values=v)
                     for q, v in t.by_quad.items()],
            by_type=[SeriesOut(key=k, name=k, colour=TYPE_COLOURS.get(k, "#888"), values=v)
                     for k, v in t.by_type.items()])

    return router


__all__ = ["router"]
