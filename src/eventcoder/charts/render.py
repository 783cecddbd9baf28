"""The map and the timeline written to files: PNG (matplotlib) or a self-contained HTML page
(inline SVG, nothing fetched)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..analysis.geography import EventMap
from ..analysis.timeline import Timeline
from .svg import DOT, OCEAN, map_caption, map_svg, map_view, timeline_series, timeline_svg
from .world import HEIGHT, LAT_TOP, SCALE, WIDTH, dot_radius, fill_for, world_outline

_PAGE_CSS = """body{font:15px/1.5 system-ui,sans-serif;margin:1.2rem;color:#1d2327}
svg{display:block;max-width:100%;height:auto;border:1px solid #dde1e5;border-radius:6px}
svg text{font-size:12px;fill:#333}.muted{color:#5f6b73}
table{border-collapse:collapse;margin-top:1rem}td,th{padding:.2rem .6rem;
border-bottom:1px solid #dde1e5;text-align:left}td.num{text-align:right}"""


def _page(title: str, subtitle: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n<p class=\"muted\">{escape(subtitle)}</p>\n{body}\n"
            "</body>\n</html>\n")


def map_html(m: EventMap, path: Path, subtitle: str, fit: bool = False) -> Path:
    rows = "".join(f'<tr><td>{escape(c.code)}</td><td>{escape(c.name)}</td>'
                   f'<td class="num">{c.events}</td></tr>' for c in m.countries)
    body = (map_svg(m, fit=fit) + f'<p class="muted">{escape(map_caption(m))}</p>'
            + (f"<table><thead><tr><th>code</th><th>country</th><th>events</th></tr></thead>"
               f"<tbody>{rows}</tbody></table>" if rows else ""))
    path.write_text(_page("Where events happened", subtitle, body), encoding="utf-8")
    return path


def timeline_html(t: Timeline, path: Path, subtitle: str) -> Path:
    note = (f'<p class="muted">{t.undated} undated event(s) are not on the timeline.</p>'
            if t.undated else "")
    body = timeline_svg(t, "quad") + timeline_svg(t, "type") + note
    path.write_text(_page("Events over time", subtitle, body), encoding="utf-8")
    return path


def map_png(m: EventMap, path: Path, subtitle: str, fit: bool = False) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    counts = {c.code: c.events for c in m.countries}
    most = max(counts.values(), default=0)
    polys, fills = [], []
    for c in world_outline():
        for ring in c.rings:
            polys.append(list(zip(ring[0::2], ring[1::2], strict=True)))
            fills.append(fill_for(counts.get(c.code, 0), most))
    fig, ax = plt.subplots(figsize=(12, 12 * HEIGHT / WIDTH + 0.6))
    ax.set_facecolor(OCEAN)
    ax.add_collection(PolyCollection(polys, facecolors=fills, edgecolors="white",
                                     linewidths=0.3))
    if m.places:
        ax.scatter([p.longitude for p in m.places], [p.latitude for p in m.places],
                   s=[(dot_radius(p.events) * 1.6) ** 2 for p in m.places], c=DOT,
                   alpha=0.7, edgecolors="white", linewidths=0.5, zorder=3)
    if most:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        key = [Patch(color=fill_for(1, most), label="1 event")]
        if most > 1:
            key.append(Patch(color=fill_for(most, most), label=f"{most} events"))
        key.append(Line2D([], [], marker="o", linestyle="", color=DOT, alpha=0.7,
                          label="a place (size: events)"))
        ax.legend(handles=key, loc="lower left", fontsize=8, framealpha=0.9)
    x, y, w, h = map_view(m, fit)
    ax.set_xlim(x / SCALE - 180, (x + w) / SCALE - 180)
    ax.set_ylim(LAT_TOP - (y + h) / SCALE, LAT_TOP - y / SCALE)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"Where events happened\n{subtitle}", fontsize=10)
    ax.set_xlabel(map_caption(m), fontsize=7, color="#555", wrap=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path


def timeline_png(t: Timeline, path: Path, subtitle: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 1, figsize=(11, 7), sharex=True)
    labels = [p.isoformat() for p in t.periods]
    xs = range(len(labels))
    for ax, by in zip(axes, ("quad", "type"), strict=True):
        bottom = [0] * len(labels)
        for name, colour, values in timeline_series(t, by):
            ax.bar(xs, values, bottom=bottom, color=colour, label=name, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_ylabel("events")
        ax.set_title(f"by {'quad class' if by == 'quad' else 'event type'}", fontsize=10)
        if labels:
            # beside the bars, not over them
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        else:
            ax.text(0.5, 0.5, "no dated events", ha="center", va="center",
                    transform=ax.transAxes)
    step = max(1, -(-len(labels) // 24))
    axes[1].set_xticks(list(xs)[::step], labels[::step], rotation=35, ha="right", fontsize=8)
    fig.suptitle(f"Events per {t.freq}\n{subtitle}", fontsize=11)
    if t.undated:
        fig.text(0.01, 0.01, f"{t.undated} undated event(s) are not shown.", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path


__all__ = ["map_html", "map_png", "timeline_html", "timeline_png"]
