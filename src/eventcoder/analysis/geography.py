"""Where events happened: events per country and per place, for the map.

An event is placed by its own location (the place the text says it happened, linked to the
gazetteer), not by its actors: "Russia shelled Kharkiv" is a Ukrainian place. Events without
a place are counted, so the map can say how much of the selection it cannot show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..records import Event
from .query import EventQuery, connection, matching_sql

MAX_PLACES = 500  # the busiest places drawn as dots; the rest still count in their country


@dataclass(frozen=True)
class CountryCount:
    code: str  # ISO alpha-3, as the outline's countries
    name: str
    events: int


@dataclass(frozen=True)
class PlaceCount:
    name: str
    code: str | None  # the place's country
    latitude: float
    longitude: float
    level: str | None  # city | region
    events: int


@dataclass
class EventMap:
    """Events by the country and place they happened in."""

    countries: list[CountryCount] = field(default_factory=list)  # most events first
    places: list[PlaceCount] = field(default_factory=list)
    total: int = 0  # events selected
    located: int = 0  # of which have a country

    @property
    def unlocated(self) -> int:
        return self.total - self.located

    def to_dict(self) -> dict:
        return {"countries": [asdict(c) for c in self.countries],
                "places": [asdict(p) for p in self.places], "total": self.total,
                "located": self.located, "unlocated": self.unlocated}


def event_map(store: Any, q: EventQuery) -> EventMap:
    """Events matching `q` (the event table's filters) by country and by place."""
    con = connection(store)
    base, params = matching_sql(con, q)
    total, located = con.execute(
        f"SELECT count(*), count(location_code){base}", params).fetchone()
    countries = con.execute(
        f"SELECT location_code, count(*) AS n{base} AND location_code IS NOT NULL "
        "GROUP BY 1 ORDER BY n DESC, 1", params).fetchall()
    places = con.execute(
        f"SELECT location, location_code, latitude, longitude, location_level, count(*) AS n"
        f"{base} AND latitude IS NOT NULL AND longitude IS NOT NULL "
        "AND coalesce(location_level, '') <> 'country' "
        f"GROUP BY 1, 2, 3, 4, 5 ORDER BY n DESC, 1 LIMIT {MAX_PLACES}", params).fetchall()
    return EventMap(
        countries=[CountryCount(code, _name(code), n) for code, n in countries],
        places=[PlaceCount(*row[:5], events=row[5]) for row in places],
        total=int(total), located=int(located))


def map_of_events(events: Iterable[Event]) -> EventMap:
    """The same map for events in hand (one article's, in its report)."""
    events = list(events)
    by_country = Counter(e.location.code for e in events if e.location and e.location.code)
    by_place: Counter = Counter()
    for e in events:
        loc = e.location
        if loc and loc.latitude is not None and loc.longitude is not None \
                and loc.level != "country":
            by_place[(loc.name, loc.code, loc.latitude, loc.longitude, loc.level)] += 1
    return EventMap(
        countries=[CountryCount(c, _name(c), n) for c, n in sorted(
            by_country.items(), key=lambda x: (-x[1], x[0]))],
        places=[PlaceCount(*k, events=n) for k, n in by_place.most_common(MAX_PLACES)],
        total=len(events), located=sum(by_country.values()))


def _name(code: str) -> str:
    from ..knowledge import default_knowledge

    return default_knowledge().name_of(code)


__all__ = ["CountryCount", "EventMap", "PlaceCount", "event_map", "map_of_events"]
