"""The actor network: who acts on whom, how often, and how friendly, as a networkx graph."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from .query import FACTUAL, as_of, connection, date_range, range_sql


def actor_network(store: Any, since: str | date | None = None, until: str | date | None = None,
                  types: Iterable[str] | None = None, min_events: int = 1) -> Any:
    """A networkx DiGraph: one edge source→target per directed pair of actors.

    Edge attributes: weight (events, counted once per story cluster), cooperation (quad
    classes 1–2), conflict (3–4), mean_score. Node attributes: name, kind (state/igo/other),
    alliances (IGO memberships on the period end). Factual events only.
    """
    import networkx as nx

    from ..knowledge import default_knowledge
    from ..ontology import load_ontology

    con = connection(store)
    lo, hi = date_range(since, until)
    params: list = []
    sql = ("SELECT source_code, target_code, count(*), "
           "count(*) FILTER (WHERE quad_class IN (1, 2)), "
           "count(*) FILTER (WHERE quad_class IN (3, 4)), avg(score), "
           "any_value(source_name), any_value(target_name) "
           f"FROM events_dedup WHERE target_code IS NOT NULL AND {FACTUAL}")
    sql += range_sql(lo, hi, params)
    if types:
        wanted = [t.strip().upper() for t in types]
        valid = load_ontology().types
        bad = [t for t in wanted if t not in valid]
        if bad:
            raise InputError(f"unknown PLOVER type {bad[0]!r}; valid types: {', '.join(valid)}",
                             field="type")
        sql += " AND type IN (SELECT unnest(?))"
        params.append(wanted)
    sql += " GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY 3 DESC, 1, 2"
    params.append(max(1, int(min_events)))
    rows = con.execute(sql, params).fetchall()

    kb = default_knowledge()
    end = as_of(con, hi)
    g = nx.DiGraph(since=str(lo) if lo else None, until=str(hi) if hi else None, as_of=str(end))
    for src, tgt, n, coop, conf, mean, sname, tname in rows:
        for code, name in ((src, sname), (tgt, tname)):
            if code not in g:
                g.add_node(code, **_node_attrs(kb, code, name, end))
        g.add_edge(src, tgt, weight=int(n), cooperation=int(coop), conflict=int(conf),
                   mean_score=round(float(mean), 3) if mean is not None else None)
    return g


def _node_attrs(kb: Any, code: str, stored_name: str | None, day: date) -> dict:
    if code in kb.countries:
        kind = "state"
    elif code in kb.igos:
        kind = "igo"
    else:
        kind = "other"
    name = kb.name_of(code)
    if name == code and stored_name:
        name = stored_name
    alliances = sorted(g.code for g in kb.igos.values() if g.is_member(code, day))
    return {"name": name, "kind": kind, "alliances": alliances}


def _net(d: dict) -> float:
    """Net cooperation of an edge in [-1, 1]: (cooperation − conflict) / events."""
    return (d["cooperation"] - d["conflict"]) / d["weight"] if d["weight"] else 0.0


def _layout(graph: Any) -> dict:
    import networkx as nx

    if not len(graph):
        return {}
    if len(graph) > 20:
        # a spring layout piles a dense news network into one ball: a circle ordered by
        # activity keeps every actor readable
        order = sorted(graph, key=lambda n: (-graph.degree(n, weight="weight"), n))
        return nx.circular_layout(order)
    # fixed seed: the same data draws the same picture
    return nx.spring_layout(graph, seed=7, k=1.5 / max(1, len(graph)) ** 0.5)


def draw_network_png(graph: Any, path: str | Path) -> Path:
    """Draw the network: edge colour red (conflict) → green (cooperation), width by weight."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    import networkx as nx

    path = Path(path)
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.set_axis_off()
    if len(graph) == 0:
        ax.text(0.5, 0.5, "no events in this selection", ha="center", va="center")
    else:
        pos = _layout(graph)
        top = max(d["weight"] for _, _, d in graph.edges(data=True)) if graph.edges else 1
        colours = {"state": "#9ecae1", "igo": "#fdd0a2", "other": "#d9d9d9"}
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=900,
                               node_color=[colours[graph.nodes[n]["kind"]] for n in graph])
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9)
        # domestic events (an actor on itself) stay in the graph's data but are not drawn:
        # loops on a circle hide the labels
        edges = [(u, v, d) for u, v, d in graph.edges(data=True) if u != v]
        nx.draw_networkx_edges(
            graph, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges], arrows=True,
            arrowsize=14, node_size=900, connectionstyle="arc3,rad=0.1",
            width=[1 + 5 * d["weight"] / top for _, _, d in edges],
            edge_color=[_net(d) for _, _, d in edges], edge_cmap=plt.cm.RdYlGn,
            edge_vmin=-1, edge_vmax=1)
    title = "actor network"
    if graph.graph.get("since") or graph.graph.get("until"):
        title += f" {graph.graph.get('since') or '…'} – {graph.graph.get('until') or '…'}"
    ax.set_title(title + " (green: cooperation, red: conflict; width: events)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def network_html(graph: Any, path: str | Path) -> Path:
    """A self-contained interactive page: inline SVG and a little JS, nothing fetched."""
    path = Path(path)
    pos = _layout(graph)
    w, h, pad = 900, 700, 60
    xy = {n: (pad + (p[0] + 1) / 2 * (w - 2 * pad), pad + (1 - (p[1] + 1) / 2) * (h - 2 * pad))
          for n, p in pos.items()}
    top = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1)
    parts = []
    for u, v, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = xy[u], xy[v]
        net = _net(d)
        colour = f"rgb({int(200 * (1 - net) / 2 + 30)},{int(180 * (1 + net) / 2 + 30)},60)"
        tip = (f"{u} → {v}: {d['weight']} events, {d['cooperation']} cooperative, "
               f"{d['conflict']} conflictual, mean score {d['mean_score']}")
        parts.append(
            f'<line class="edge" data-u="{html.escape(u)}" data-v="{html.escape(v)}" '
            f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{1 + 5 * d["weight"] / top:.1f}" marker-end="url(#arrow)">'
            f"<title>{html.escape(tip)}</title></line>")
    fills = {"state": "#9ecae1", "igo": "#fdd0a2", "other": "#d9d9d9"}
    for n, a in graph.nodes(data=True):
        x, y = xy[n]
        tip = (f"{n} – {a['name']} ({a['kind']}); in: {graph.in_degree(n, 'weight')}, "
               f"out: {graph.out_degree(n, 'weight')} events; alliances: "
               f"{', '.join(a['alliances']) or 'none'}")
        parts.append(
            f'<g class="node" data-id="{html.escape(n)}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="18" fill="{fills[a["kind"]]}" stroke="#333"/><text x="{x:.1f}" '
            f'y="{y + 4:.1f}" text-anchor="middle">{html.escape(n)}</text>'
            f"<title>{html.escape(tip)}</title></g>")
    if not len(graph):
        parts.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle">'
                     "no events in this selection</text>")
    meta = html.escape(json.dumps({k: v for k, v in graph.graph.items()}))
    page = _PAGE.format(w=w, h=h, body="\n".join(parts), meta=meta,
                        nodes=len(graph), edges=graph.number_of_edges())
    path.write_text(page, encoding="utf-8")
    return path


# No xmlns and no external references: inline SVG in HTML5 needs none, and the page must work
# offline. Hovering a node fades everything not connected to it.
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>eventcoder actor network</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
svg {{ border: 1px solid #ccc; background: #fff; }}
.node text {{ font-size: 11px; pointer-events: none; }}
.faded {{ opacity: 0.12; }}
</style></head><body>
<h1>Actor network</h1>
<p>{nodes} actors, {edges} directed links. Edge colour: green = cooperation, red = conflict;
width = number of events. Hover a node or an edge for details. <small>{meta}</small></p>
<svg id="net" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="28" refY="5" markerWidth="6"
markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/>
</marker></defs>
{body}
</svg>
<script>
(function () {{
  var svg = document.getElementById("net");
  var edges = svg.querySelectorAll(".edge"), nodes = svg.querySelectorAll(".node");
  nodes.forEach(function (n) {{
    n.addEventListener("mouseenter", function () {{
      var id = n.dataset.id, near = {{}};
      near[id] = true;
      edges.forEach(function (e) {{
        var on = e.dataset.u === id || e.dataset.v === id;
        if (on) {{ near[e.dataset.u] = true; near[e.dataset.v] = true; }}
        e.classList.toggle("faded", !on);
      }});
      nodes.forEach(function (m) {{ m.classList.toggle("faded", !near[m.dataset.id]); }});
    }});
    n.addEventListener("mouseleave", function () {{
      svg.querySelectorAll(".faded").forEach(function (e) {{ e.classList.remove("faded"); }});
    }});
  }});
}})();
</script>
</body></html>
"""
