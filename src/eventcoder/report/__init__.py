"""One article as a self-contained HTML page: marked text, events, actor graph, alliances.

`build_report(result)` takes a `CodedArticle` (coded with ``include_flagged=True`` so denied
and hypothetical statements can be shown, or read back from the store with
`eventcoder.store.articles.load_coded_article`) and returns one HTML document with inline CSS,
a little inline JavaScript and an inline SVG graph. Nothing is fetched from the network: no
fonts, scripts, stylesheets or images by URL, so the page renders offline.

labels: names and escaping; marks: the marked text; graph: the actor graph; sections: the
lists; style: CSS and JS; page: the document.
"""

from __future__ import annotations

from .graph import actor_graph, alliances
from .labels import event_label
from .marks import marked_text, segments
from .page import build_report
from .sections import commitment_group

__all__ = ["actor_graph", "alliances", "build_report", "commitment_group", "event_label",
           "marked_text", "segments"]
