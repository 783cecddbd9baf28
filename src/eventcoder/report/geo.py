"""The report's map: where the article's events happened, on the world outline."""

from __future__ import annotations

from ..analysis.geography import map_of_events
from ..charts.svg import map_caption, map_svg
from ..records import CodedArticle
from .labels import esc

# the report's stylesheet has no rule for the map; it comes with the section
MAP_CSS = ("<style>svg.map{display:block;width:100%;max-width:900px;height:auto;"
           "border:1px solid #ddd;border-radius:6px;background:#fff}</style>")


def article_map(result: CodedArticle) -> str:
    """The map of the article's asserted events, zoomed to them; a line when none is placed."""
    m = map_of_events(result.events)
    if not m.located:
        return '<p class="muted">No event in this article names the place it happened.</p>'
    return (MAP_CSS + map_svg(m, fit=True, svg_id="report-map", label_empty=False)
            + f'<p class="muted">{esc(map_caption(m))}</p>')
