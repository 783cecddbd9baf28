"""The actor graph: an inline SVG of the actors, their events and their alliances."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from ..records import CodedArticle
from .labels import QUAD_COLOURS, QUAD_NAMES, RING_COLOURS, esc, event_label
from .marks import anchor


def graph_day(result: CodedArticle) -> date:
    """The day alliance memberships are shown for: the article's, else its first event's;
    an undated article with undated events gets today's (the legend says which day)."""
    if result.article.date:
        return result.article.date
    dates = [e.date for e in result.events + result.flagged if e.date is not None]
    return min(dates) if dates else date.today()


def alliances(codes: list[str], day: date, knowledge, named: set[str] | frozenset[str] = (
        frozenset())) -> list[tuple[str, str, list[str]]]:
    """(IGO code, name, members among `codes`) for each IGO with >= 2 members there on `day`.

    IGOs in `named` (those the article itself names) come first, then the most members."""
    out = []
    for igo in knowledge.igos.values():
        members = sorted(set(igo.members_on(day)) & set(codes))
        if len(members) >= 2:
            out.append((igo.code, igo.name, members))
    out.sort(key=lambda x: (x[0] not in named, -len(x[2]), x[0]))
    return out


def toward(px: float, py: float, qx: float, qy: float, r: float) -> tuple[float, float]:
    """The point at distance r from (px, py) in the direction of (qx, qy)."""
    d = math.hypot(qx - px, qy - py) or 1.0
    return px + (qx - px) / d * r, py + (qy - py) / d * r


def actor_graph(result: CodedArticle, knowledge) -> str:
    """Inline SVG: actor codes on a circle, events as arrows coloured by quad class, and
    coloured rings for the alliances (IGOs with >= 2 members among the nodes on the date)."""
    events = [(e, False) for e in result.events] + [(e, True) for e in result.flagged]
    codes: list[str] = []
    for ev, _ in events:
        for actor in (ev.source, ev.target):
            if actor is not None and actor.code not in codes:
                codes.append(actor.code)
    if not codes:
        return '<p class="muted">No actors: nothing to draw.</p>'
    day = graph_day(result)
    named = {a.code for a in result.mentions if a.code in knowledge.igos}
    named |= {c for c in codes if c in knowledge.igos}
    groups = alliances(codes, day, knowledge, named)
    # rings for the alliances the article names (or the two largest when it names none);
    # the legend lists every IGO with >= 2 members among the nodes
    ringed = [g for g in groups if g[0] in named][:len(RING_COLOURS)] or groups[:2]
    width, height = 760, 560
    cx, cy = width / 2, height / 2
    radius = min(cx, cy) - 95 if len(codes) > 1 else 0
    node_r = 24
    pos = {c: (cx + radius * math.cos(2 * math.pi * i / len(codes) - math.pi / 2),
               cy + radius * math.sin(2 * math.pi * i / len(codes) - math.pi / 2))
           for i, c in enumerate(codes)}
    out = [f'<svg class="graph" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="actor graph"><defs>']
    for q, colour in [*QUAD_COLOURS.items(), (0, "#888888")]:
        out.append(f'<marker id="arrow-{q}" viewBox="0 0 10 10" refX="9" refY="5" '
                   f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    out.append("</defs>")
    # edges: parallel events between one pair fan out as curves
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    for ev, flagged in events:
        if ev.target is None or ev.target.code == ev.source.code:
            continue
        a, b = ev.source.code, ev.target.code
        key = (min(a, b), max(a, b))
        k = pair_count[key]
        pair_count[key] += 1
        (x1, y1), (x2, y2) = pos[a], pos[b]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        # a normal that points the same way for both directions of one pair
        sign = 1 if (a, b) == key else -1
        nx, ny = -dy / dist * sign, dx / dist * sign
        bend = (k + 1) // 2 * 28 * (1 if k % 2 else -1) + 14
        mx, my = (x1 + x2) / 2 + nx * bend, (y1 + y2) / 2 + ny * bend

        sx, sy = toward(x1, y1, mx, my, node_r + 2)
        ex, ey = toward(x2, y2, mx, my, node_r + 4)
        q = ev.quad_class if ev.quad_class in QUAD_COLOURS else 0
        colour = QUAD_COLOURS.get(q, "#888888")
        dash = ' stroke-dasharray="6 4" opacity="0.65"' if flagged else ""
        label = event_label(ev)
        out.append(f'<a href="#{esc(anchor(ev))}"><path class="edge" data-ev="{esc(ev.id)}" '
                   f'd="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" fill="none" '
                   f'stroke="{colour}" stroke-width="2.2"{dash} marker-end="url(#arrow-{q})">'
                   f"<title>{esc(label)}</title></path></a>")
        lx, ly = 0.25 * sx + 0.5 * mx + 0.25 * ex, 0.25 * sy + 0.5 * my + 0.25 * ey
        out.append(f'<text class="edge-label" x="{lx:.1f}" y="{ly:.1f}" fill="{colour}">'
                   f"{esc(ev.type)}</text>")
    # alliance rings, then nodes
    for i, (_code, _name, members) in enumerate(ringed):
        colour = RING_COLOURS[i]
        for m in members:
            x, y = pos[m]
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r + 5 + 4 * i}" fill="none" '
                       f'stroke="{colour}" stroke-width="3"><title>{esc(_code)} member on '
                       f"{day.isoformat()}</title></circle>")
    for c in codes:
        x, y = pos[c]
        name = knowledge.name_of(c)
        out.append(f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r}" '
                   f'fill="#ffffff" stroke="#333" stroke-width="1.5"><title>{esc(c)}: {esc(name)}'
                   f'</title></circle><text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
                   f'class="node-code">{esc(c)}</text><text x="{x:.1f}" y="{y + node_r + 16:.1f}" '
                   f'text-anchor="middle" class="node-name">{esc(name)}</text></g>')
    out.append("</svg>")
    legend = ['<ul class="legend">']
    for q, colour in QUAD_COLOURS.items():
        legend.append(f'<li><span class="swatch" style="background:{colour}"></span>'
                      f"{esc(QUAD_NAMES[q])}</li>")
    legend.append('<li><span class="swatch dashed"></span>denied or hypothetical (dashed)</li>')
    legend.append("</ul>")
    if groups:
        legend.append(f'<ul class="legend alliances"><li class="muted">Membership on '
                      f"{day.isoformat()}:</li>")
        colours = {g[0]: RING_COLOURS[i] for i, g in enumerate(ringed)}
        for code, name, members in groups:
            ring = colours.get(code)
            sw = (f'<span class="ring" style="border-color:{ring}"></span>' if ring
                  else '<span class="ring none"></span>')
            legend.append(f'<li class="alliance" data-igo="{esc(code)}">{sw}<b>{esc(code)} '
                          f'members</b>: {esc(", ".join(members))} '
                          f'<span class="muted">({esc(name)})</span></li>')
        legend.append("</ul>")
    return "".join(out) + "".join(legend)
