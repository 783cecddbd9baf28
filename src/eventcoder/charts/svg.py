"""The map and the timeline as inline SVG text, for the report and the standalone HTML pages.

The web UI draws the same pictures in the browser from the API's JSON (which carries the
fills and colours chosen here), so the two look alike.
"""

from __future__ import annotations

from html import escape

from ..analysis.geography import EventMap
from ..analysis.timeline import QUADS, Timeline
from .world import (
    HEIGHT,
    WIDTH,
    country_boxes,
    country_paths,
    dot_radius,
    fill_for,
    fit_view,
    outline_source,
    project,
)

QUAD_COLOURS = {1: "#9ecae1", 2: "#2ca02c", 3: "#fdae6b", 4: "#d62728"}
TYPE_COLOURS = {
    "AGREE": "#1f77b4", "CONSULT": "#aec7e8", "SUPPORT": "#17becf", "CONCEDE": "#9edae5",
    "COOPERATE": "#2ca02c", "AID": "#98df8a", "RETREAT": "#bcbd22", "REQUEST": "#dbdb8d",
    "ACCUSE": "#ff7f0e", "REJECT": "#ffbb78", "THREATEN": "#e377c2", "PROTEST": "#f7b6d2",
    "SANCTION": "#8c564b", "MOBILIZE": "#c49c94", "COERCE": "#9467bd", "ASSAULT": "#d62728",
}
OCEAN = "#eef5fb"
DOT = "#08306b"


def map_view(m: EventMap, fit: bool) -> tuple[float, float, float, float]:
    if not fit:
        return (0.0, 0.0, WIDTH, HEIGHT)
    return fit_view({c.code for c in m.countries},
                    [(p.longitude, p.latitude) for p in m.places])


def map_svg(m: EventMap, *, fit: bool = False, svg_id: str = "event-map",
            label_empty: bool = True) -> str:
    """The world (or, with `fit`, the part with events and only the countries there),
    countries filled by event count and a dot per place sized by its events.

    label_empty: give countries without events their code and a tooltip too (off in the
    report, which then names only the countries its events are in)."""
    counts = {c.code: c.events for c in m.countries}
    most = max(counts.values(), default=0)
    x, y, w, h = map_view(m, fit)
    boxes = country_boxes()
    parts = [f'<svg id="{escape(svg_id)}" class="map" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="{x} {y} {w} {h}" role="img" aria-label="map of event locations">',
             f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{OCEAN}"/>']
    for code, name, d in country_paths():
        x0, y0, x1, y1 = boxes[code]
        if x1 < x or x0 > x + w or y1 < y or y0 > y + h:
            continue  # outside the view
        n = counts.get(code, 0)
        fill = f'd="{d}" fill="{fill_for(n, most)}" stroke="#fff" stroke-width="0.4"'
        if not n and not label_empty:
            parts.append(f'<path class="country" {fill}/>')
            continue
        tip = f"{name} ({code}): {n} event(s)"
        parts.append(f'<path class="country" data-code="{escape(code)}" data-events="{n}" '
                     f"{fill}><title>{escape(tip)}</title></path>")
    for p in m.places:
        px, py = project(p.longitude, p.latitude)
        tip = f"{p.name}{f' ({p.code})' if p.code else ''}: {p.events} event(s)"
        parts.append(f'<circle class="place" cx="{px:.1f}" cy="{py:.1f}" '
                     f'r="{dot_radius(p.events) * w / WIDTH * 1.6:.2f}" fill="{DOT}" '
                     f'fill-opacity="0.7" stroke="#fff" stroke-width="{0.5 * w / WIDTH:.2f}">'
                     f"<title>{escape(tip)}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def map_caption(m: EventMap) -> str:
    return (f"{m.located} of {m.total} event(s) placed in {len(m.countries)} countr"
            f"{'y' if len(m.countries) == 1 else 'ies'} and {len(m.places)} place(s); not on "
            f"the map: {m.unlocated} event(s) without a place. Outline: {outline_source()}.")


def stacked_bars_svg(labels: list[str], series: list[tuple[str, str, list[int]]], *,
                     svg_id: str, title: str) -> str:
    """Stacked bars, one per label; `series` is (name, colour, values) in stacking order."""
    w, h, ml, mr, mt, mb = 900, 340, 48, 12, 24, 98
    iw, ih, n = w - ml - mr, h - mt - mb, len(labels)
    parts = [f'<svg id="{escape(svg_id)}" class="chart" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {w} {h}" role="img" aria-label="{escape(title)}">',
             f'<text x="{ml}" y="16" font-weight="600">{escape(title)}</text>']
    if not n:
        parts.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle">no dated events</text>')
        return "".join(parts) + "</svg>"
    totals = [sum(s[2][i] for s in series) for i in range(n)]
    top = max(4, -(-max(totals) // 4) * 4)  # a multiple of 4: whole-number grid lines
    band = iw / n
    bw = max(1.0, min(40.0, band * 0.75))
    for k in range(5):
        v = top * k / 4
        yy = mt + ih - v / top * ih
        parts.append(f'<line x1="{ml}" x2="{ml + iw}" y1="{yy:.1f}" y2="{yy:.1f}" '
                     f'stroke="#e6e6e6"/><text x="{ml - 6}" y="{yy + 4:.1f}" '
                     f'text-anchor="end">{round(v)}</text>')
    step = max(1, -(-n // 24))  # at most about 24 labels
    for i, label in enumerate(labels):
        bx = ml + band * i + (band - bw) / 2
        base = 0
        for name, colour, values in series:
            v = values[i]
            if not v:
                continue
            y0 = mt + ih - (base + v) / top * ih
            parts.append(f'<rect class="bar" data-series="{escape(name)}" x="{bx:.1f}" '
                         f'y="{y0:.1f}" width="{bw:.1f}" height="{v / top * ih:.1f}" '
                         f'fill="{colour}"><title>{escape(label)}: {escape(name)} {v}'
                         "</title></rect>")
            base += v
        if i % step == 0:
            tx, ty = bx + bw / 2, mt + ih + 14
            parts.append(f'<text x="{tx:.1f}" y="{ty}" text-anchor="end" '
                         f'transform="rotate(-35 {tx:.1f} {ty})">{escape(label)}</text>')
    lx, ly = ml, h - 26
    for name, colour, _ in series:
        if lx + 22 + 6.5 * len(name) > w:  # sixteen types take two lines
            lx, ly = ml, ly + 16
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{lx + 13}" y="{ly}">{escape(name)}</text>')
        lx += 22 + 6.5 * len(name)
    return "".join(parts) + "</svg>"


def timeline_series(t: Timeline, by: str) -> list[tuple[str, str, list[int]]]:
    if by == "quad":
        return [(QUADS[q], QUAD_COLOURS[q], v) for q, v in t.by_quad.items()]
    return [(name, TYPE_COLOURS.get(name, "#888"), v) for name, v in t.by_type.items()]


def timeline_svg(t: Timeline, by: str, svg_id: str | None = None) -> str:
    labels = [p.isoformat() for p in t.periods]
    what = "quad class" if by == "quad" else "event type"
    return stacked_bars_svg(labels, timeline_series(t, by),
                            svg_id=svg_id or f"timeline-by-{by}",
                            title=f"Events per {t.freq} by {what}")


__all__ = ["QUAD_COLOURS", "TYPE_COLOURS", "map_caption", "map_svg", "timeline_series",
           "timeline_svg"]
