"""The world outline (Natural Earth 1:110m countries, public domain) and the map projection.

The outline ships in ``data/world_110m.json`` (made by ``tools/build_world_outline.py``).
Everything draws it in one plain equirectangular projection, so the web UI, the report, the
HTML page and the PNG agree: x = (longitude + 180) * SCALE, y = (LAT_TOP - latitude) * SCALE.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from .._data import package_file
from ..errors import DataFileError

SCALE = 2.5
LAT_TOP, LAT_BOTTOM = 84.0, -58.0  # Antarctica is not drawn
WIDTH, HEIGHT = 360 * SCALE, (LAT_TOP - LAT_BOTTOM) * SCALE
NO_EVENTS = "#d9dde1"  # land with no events
# light to dark: countries with more events are darker (log scale, so one busy country does not
# wash out the rest)
FILL_STEPS = ("#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    rings: tuple[tuple[float, ...], ...]  # lon, lat, lon, lat, ... per ring


@cache
def world_outline() -> tuple[Country, ...]:
    path = package_file("eventcoder.charts", "data", "world_110m.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return tuple(Country(c["code"], c["name"], tuple(tuple(r) for r in c["rings"]))
                     for c in raw["countries"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(f"{path}: not a world outline: {exc}") from exc


def outline_source() -> str:
    raw = json.loads(package_file("eventcoder.charts", "data", "world_110m.json")
                     .read_text(encoding="utf-8"))
    return f"{raw['source']}; {raw['license']}"


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * SCALE, (LAT_TOP - lat) * SCALE


def ring_path(ring: tuple[float, ...]) -> str:
    pts = [project(ring[i], ring[i + 1]) for i in range(0, len(ring) - 1, 2)]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z"


@cache
def country_paths() -> tuple[tuple[str, str, str], ...]:
    """(code, name, SVG path) of every country, projected."""
    return tuple((c.code, c.name, "".join(ring_path(r) for r in c.rings))
                 for c in world_outline())


@cache
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """Projected (x0, y0, x1, y1) of each country, to leave out those outside a zoomed view."""
    out = {}
    for c in world_outline():
        xs = [project(r[i], 0)[0] for r in c.rings for i in range(0, len(r), 2)]
        ys = [project(0, r[i])[1] for r in c.rings for i in range(1, len(r), 2)]
        out[c.code] = (min(xs), min(ys), max(xs), max(ys))
    return out


def fill_for(events: int, most: int) -> str:
    """The fill of a country with `events` when the busiest has `most`."""
    if events <= 0 or most <= 0:
        return NO_EVENTS
    if most == 1:
        return FILL_STEPS[3]
    # the palest step is kept for the legend's low end; one event already shows
    step = 1 + math.log(events) / math.log(most) * (len(FILL_STEPS) - 2)
    return FILL_STEPS[min(len(FILL_STEPS) - 1, round(step))]


def dot_radius(events: int) -> float:
    return round(2.5 + 2.0 * math.sqrt(events), 1)


def fit_view(codes: set[str], points: list[tuple[float, float]],
             min_width: float = 60.0) -> tuple[float, float, float, float]:
    """An SVG viewBox (x, y, w, h) around these countries and lon/lat points, at least
    `min_width` degrees wide and in the map's aspect ratio; the whole world when empty."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    for c in world_outline():
        if c.code in codes:
            for ring in c.rings:
                lons.extend(ring[0::2])
                lats.extend(ring[1::2])
    if not lons:
        return (0.0, 0.0, WIDTH, HEIGHT)
    lo_lon, hi_lon = min(lons) - 8, max(lons) + 8
    lo_lat, hi_lat = max(LAT_BOTTOM, min(lats) - 6), min(LAT_TOP, max(lats) + 6)
    aspect = WIDTH / HEIGHT
    w = max(hi_lon - lo_lon, (hi_lat - lo_lat) * aspect, min_width)
    h = w / aspect
    cx, cy = (lo_lon + hi_lon) / 2, (lo_lat + hi_lat) / 2
    x0, y0 = project(cx - w / 2, cy + h / 2)
    ww, hh = w * SCALE, h * SCALE
    x0 = min(max(0.0, x0), WIDTH - ww) if ww < WIDTH else 0.0
    y0 = min(max(0.0, y0), HEIGHT - hh) if hh < HEIGHT else 0.0
    return (round(x0, 1), round(y0, 1), round(min(ww, WIDTH), 1), round(min(hh, HEIGHT), 1))


__all__ = ["HEIGHT", "WIDTH", "country_paths", "dot_radius", "fill_for", "fit_view",
           "outline_source", "project", "world_outline"]
