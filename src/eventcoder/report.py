"""One article as a self-contained HTML page: marked text, events, actor graph, alliances.

`build_report(result)` takes a `CodedArticle` (code it with ``include_flagged=True`` so denied
and hypothetical statements can be shown) and returns one HTML document with inline CSS, a
little inline JavaScript and an inline SVG graph. Nothing is fetched from the network: no
fonts, scripts, stylesheets or images by URL, so the page renders offline.

Every piece of article text goes through `html.escape`. Marked spans are built from a sorted
list of non-overlapping segments: where spans overlap they are split at every boundary and each
piece carries the classes of all spans covering it, so the markup never nests or interleaves.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

from .records import Amount, CodedArticle, Event

ROLE_ORDER = ("trigger", "actor", "recipient")  # the first role wins a segment's main style
QUAD_COLOURS = {1: "#1f77b4", 2: "#2ca02c", 3: "#ff7f0e", 4: "#d62728"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
RING_COLOURS = ("#6a3d9a", "#b15928", "#e7298a", "#1b9e77", "#7570b3", "#a6761d")
BLOCKING_TYPES = ("REJECT", "SANCTION", "THREATEN")
BLOCK_WORDS = {"REJECT": "blocked or rejected", "SANCTION": "sanctioned", "THREATEN": "threatened"}


def _e(value: Any) -> str:
    """Escape anything for text and attribute positions."""
    return escape("" if value is None else str(value), quote=True)


# ---- events and their labels --------------------------------------------------------------

def _status(ev: Event) -> list[str]:
    """Statement classes of an event: denied, hypothetical, reported, future (or fact)."""
    out = []
    if ev.flags.negated:
        out.append("denied")
    if ev.flags.hypothetical:
        out.append("hypothetical")
    if ev.flags.reported:
        out.append("reported")
    if ev.flags.future:
        out.append("future")
    return out


def _flag_text(ev: Event) -> str:
    parts = []
    for s in _status(ev):
        if s == "reported" and ev.flags.speaker:
            parts.append(f"reported by {ev.flags.speaker}")
        else:
            parts.append(s)
    if ev.flags.cue and (ev.flags.negated or ev.flags.hypothetical or ev.flags.future):
        parts.append(f"cue '{ev.flags.cue}'")
    return ", ".join(parts)


def _dyad(ev: Event) -> str:
    tgt = ev.target.code if ev.target else "–"
    return f"{ev.source.code} → {tgt}"


def event_label(ev: Event) -> str:
    """'REJECT meet HUN → UKR [denied]': type, mode, actor → recipient and flags."""
    head = f"{ev.type} {ev.mode}" if ev.mode else ev.type
    flags = _flag_text(ev)
    return f"{head} {_dyad(ev)}" + (f" [{flags}]" if flags else "")


def _amount_text(a: Amount) -> str:
    if a.unit == "currency":
        norm = f"{a.value:,.0f} {a.currency or ''}".strip()
    elif a.unit == "percent of GDP":
        norm = f"{a.value:g}% of GDP"
    elif a.unit == "percent":
        norm = f"{a.value:g}%"
    else:
        norm = f"{a.value:g} {a.unit}"
    text = a.text or norm
    return text if text == norm else f"{text} ({norm})"


def _amounts(ev: Event) -> str:
    return "; ".join(_amount_text(a) for a in ev.amounts)


def _actor_cell(actor) -> str:
    if actor is None:
        return '<span class="muted">–</span>'
    sector = f' <span class="sector">{_e(actor.sector)}</span>' if actor.sector else ""
    role = f", {_e(actor.role)}" if actor.role else ""
    return (f'<b>{_e(actor.code)}</b>{sector}<br><span class="as-written">“{_e(actor.text)}”'
            f'</span><span class="muted"> ({_e(actor.name)}{role})</span>')


# ---- the marked article text ----------------------------------------------------------------

@dataclass
class _Span:
    start: int
    end: int
    role: str  # trigger | actor | recipient
    events: list[Event] = field(default_factory=list)


def _spans(events: list[Event], n: int) -> list[_Span]:
    """One span per (offsets, role); events sharing a span share it. Bad offsets are dropped."""
    by_key: dict[tuple[int, int, str], _Span] = {}
    for ev in events:
        ev_spans = (("trigger", ev.evidence.trigger), ("actor", ev.evidence.source),
                    ("recipient", ev.evidence.target))
        for role, span in ev_spans:
            if not span:
                continue
            start, end = max(0, int(span[0])), min(n, int(span[1]))
            if start >= end:
                continue
            sp = by_key.setdefault((start, end, role), _Span(start, end, role))
            if ev not in sp.events:
                sp.events.append(ev)
    return sorted(by_key.values(), key=lambda s: (s.start, -s.end, ROLE_ORDER.index(s.role)))


def segments(text: str, spans: list[_Span]) -> list[tuple[int, int, list[_Span]]]:
    """Split the text at every span boundary: sorted, non-overlapping (start, end, covering)."""
    cuts = {0, len(text)}
    for sp in spans:
        cuts.update((sp.start, sp.end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        if a < b:
            out.append((a, b, [sp for sp in spans if sp.start <= a and b <= sp.end]))
    return out


def _anchor(ev: Event) -> str:
    return f"ev-{ev.id}"


def marked_text(result: CodedArticle) -> str:
    """The article text as escaped HTML with flat <span class="mk ..."> marks."""
    text = result.article.text or ""
    events = result.events + result.flagged
    spans = _spans(events, len(text))
    anchors: dict[int, list[Event]] = defaultdict(list)  # trigger start -> events
    for ev in events:
        start = max(0, min(len(text), int(ev.evidence.trigger[0])))
        anchors[start].append(ev)
    trailer_at = -1
    trailer = result.provenance.get("trailer") if result.provenance else None
    if trailer:
        trailer_at = text.rfind(trailer)
    parts: list[str] = []
    for a, b, cover in segments(text, spans):
        for ev in anchors.pop(a, []):
            parts.append(f'<a class="anchor" id="{_e(_anchor(ev))}"></a>')
        piece = _e(text[a:b])
        if not cover:
            if trailer_at >= 0 and a <= trailer_at < b:
                cut = trailer_at - a
                tail = text[trailer_at:b]
                piece = (_e(text[a:a + cut]) + '<span class="trailer" title="provenance trailer: '
                         'not coded">' + _e(tail) + "</span>")
            parts.append(piece)
            continue
        roles = sorted({sp.role for sp in cover}, key=ROLE_ORDER.index)
        evs: list[Event] = []
        for sp in cover:
            evs.extend(e for e in sp.events if e not in evs)
        statuses = {s for e in evs for s in _status(e)}
        if any(e.flags.is_fact() for e in evs):
            statuses.add("fact")
        classes = ["mk", *roles, *sorted(statuses)]
        role_of: dict[str, list[str]] = defaultdict(list)  # event id -> its roles here
        for sp in cover:
            for e in sp.events:
                role_of[e.id].append(sp.role)
        tip = "\n".join(f"{'/'.join(role_of[e.id])}: {event_label(e)}" for e in evs)
        by_role = "".join(
            f' data-{r}="{_e(" ".join(e.id for e in evs if r in role_of[e.id]))}"' for r in roles)
        parts.append(f'<span class="{" ".join(classes)}" title="{_e(tip)}" '
                     f'data-ev="{_e(" ".join(e.id for e in evs))}"{by_role}>{piece}</span>')
    for evs in anchors.values():  # anchors at the very end of the text
        parts.extend(f'<a class="anchor" id="{_e(_anchor(ev))}"></a>' for ev in evs)
    return "".join(parts)


# ---- the actor graph ------------------------------------------------------------------------

def _graph_day(result: CodedArticle) -> date:
    if result.article.date:
        return result.article.date
    dates = [e.date for e in result.events + result.flagged]
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


def _toward(px: float, py: float, qx: float, qy: float, r: float) -> tuple[float, float]:
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
    day = _graph_day(result)
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

        sx, sy = _toward(x1, y1, mx, my, node_r + 2)
        ex, ey = _toward(x2, y2, mx, my, node_r + 4)
        q = ev.quad_class if ev.quad_class in QUAD_COLOURS else 0
        colour = QUAD_COLOURS.get(q, "#888888")
        dash = ' stroke-dasharray="6 4" opacity="0.65"' if flagged else ""
        label = event_label(ev)
        out.append(f'<a href="#{_e(_anchor(ev))}"><path class="edge" data-ev="{_e(ev.id)}" '
                   f'd="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" fill="none" '
                   f'stroke="{colour}" stroke-width="2.2"{dash} marker-end="url(#arrow-{q})">'
                   f"<title>{_e(label)}</title></path></a>")
        lx, ly = 0.25 * sx + 0.5 * mx + 0.25 * ex, 0.25 * sy + 0.5 * my + 0.25 * ey
        out.append(f'<text class="edge-label" x="{lx:.1f}" y="{ly:.1f}" fill="{colour}">'
                   f"{_e(ev.type)}</text>")
    # alliance rings, then nodes
    for i, (_code, _name, members) in enumerate(ringed):
        colour = RING_COLOURS[i]
        for m in members:
            x, y = pos[m]
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r + 5 + 4 * i}" fill="none" '
                       f'stroke="{colour}" stroke-width="3"><title>{_e(_code)} member on '
                       f"{day.isoformat()}</title></circle>")
    for c in codes:
        x, y = pos[c]
        name = knowledge.name_of(c)
        out.append(f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r}" '
                   f'fill="#ffffff" stroke="#333" stroke-width="1.5"><title>{_e(c)}: {_e(name)}'
                   f'</title></circle><text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
                   f'class="node-code">{_e(c)}</text><text x="{x:.1f}" y="{y + node_r + 16:.1f}" '
                   f'text-anchor="middle" class="node-name">{_e(name)}</text></g>')
    out.append("</svg>")
    legend = ['<ul class="legend">']
    for q, colour in QUAD_COLOURS.items():
        legend.append(f'<li><span class="swatch" style="background:{colour}"></span>'
                      f"{_e(QUAD_NAMES[q])}</li>")
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
            legend.append(f'<li class="alliance" data-igo="{_e(code)}">{sw}<b>{_e(code)} '
                          f'members</b>: {_e(", ".join(members))} '
                          f'<span class="muted">({_e(name)})</span></li>')
        legend.append("</ul>")
    return "".join(out) + "".join(legend)


# ---- sections -------------------------------------------------------------------------------

def _sentence_html(ev: Event) -> str:
    """The event's sentence, escaped, with its trigger word emphasised."""
    s = ev.evidence.sentence
    a = ev.evidence.trigger[0] - ev.evidence.sentence_start
    b = ev.evidence.trigger[1] - ev.evidence.sentence_start
    if 0 <= a < b <= len(s):
        return f"{_e(s[:a])}<b>{_e(s[a:b])}</b>{_e(s[b:])}"
    return _e(s)


def _ref(ev: Event) -> str:
    return f'<a href="#{_e(_anchor(ev))}">{_e(_dyad(ev))}</a>'


def _event_table(result: CodedArticle) -> str:
    rows = []
    events = sorted(result.events + result.flagged, key=lambda e: e.evidence.trigger[0])
    for n, ev in enumerate(events, 1):
        statuses = _status(ev)
        cls = " ".join(["fact" if ev.flags.is_fact() else "flagged", *statuses])
        when = ev.date.isoformat()
        if ev.date_resolution not in ("day", "publication") or ev.date_text:
            extra = f"{ev.date_resolution}" + (f", “{ev.date_text}”" if ev.date_text else "")
            when += f'<br><span class="muted">{_e(extra)}</span>'
        loc = f'<br><span class="muted">at {_e(ev.location.name)}</span>' if ev.location else ""
        ctx = (f'<br><span class="muted">{_e(", ".join(ev.contexts))}</span>'
               if ev.contexts else "")
        rows.append(
            f'<tr class="{_e(cls)}" data-ev="{_e(ev.id)}">'
            f'<td><a href="#{_e(_anchor(ev))}">{n}</a></td><td>{when}</td>'
            f'<td><span class="type q{ev.quad_class}">{_e(ev.type)}</span>{ctx}</td>'
            f"<td>{_e(ev.mode or '')}</td><td>{_actor_cell(ev.source)}</td>"
            f"<td>{_actor_cell(ev.target)}{loc}</td><td>{_e(_amounts(ev))}</td>"
            f"<td>{_e(_flag_text(ev))}</td>"
            f"<td>“{_e(ev.evidence.trigger_text)}”</td>"
            f'<td><code>{_e(ev.evidence.rule)}</code><br><span class="muted">conf. '
            f"{ev.confidence:.2f}</span></td></tr>")
    if not rows:
        return '<p class="muted">No events were coded from this text.</p>'
    head = "".join(f"<th>{h}</th>" for h in ("#", "date", "type", "mode", "actor", "recipient",
                                             "amounts", "flags", "trigger", "rule"))
    return (f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            "</tbody></table>")


def _blocking(result: CodedArticle) -> str:
    items = []
    for ev in sorted(result.events, key=lambda e: e.evidence.trigger[0]):
        if ev.type not in BLOCKING_TYPES:
            continue
        what = f"{ev.type}, {ev.mode}" if ev.mode else ev.type
        flags = _flag_text(ev)
        items.append(f'<li>{_ref(ev)} <span class="muted">({_e(what)})</span>: '
                     f'<span class="trig">{_e(ev.evidence.trigger_text)}</span>'
                     f'{" <i>" + _e(flags) + "</i>" if flags else ""}'
                     f' <span class="names">— {_e(ev.source.text)} → '
                     f'{_e(ev.target.text if ev.target else "")}</span></li>')
    if not items:
        return '<p class="muted">No rejections, sanctions or threats were coded.</p>'
    return f'<ul class="blocking">{"".join(items)}</ul>'


COMMITMENT_GROUPS = (
    ("requested", "Requested"),
    ("demanded", "Demanded (a change of policy)"),
    ("pledged", "Pledged or agreed"),
    ("delivered", "Delivered"),
    ("other", "Other amounts"),
)


def commitment_group(ev: Event) -> str | None:
    """Which commitment list an event belongs to, or None (the kinds are the analysis
    module's; on this page requests only count with an amount, pledges and deliveries always,
    and any other event with an amount goes under 'other')."""
    from .analysis.commitments import kind_of

    kind = kind_of(ev.type, ev.mode, ev.flags.future)
    if ev.type == "REQUEST":
        return kind if ev.amounts else None
    if kind in ("pledged", "delivered"):
        return kind
    return "other" if ev.amounts else None


def _commitments(result: CodedArticle) -> str:
    grouped: dict[str, list[Event]] = defaultdict(list)
    for ev in sorted(result.events, key=lambda e: e.evidence.trigger[0]):
        g = commitment_group(ev)
        if g:
            grouped[g].append(ev)
    if not grouped:
        return '<p class="muted">No requests, pledges, deliveries or amounts were coded.</p>'
    out = []
    for key, title in COMMITMENT_GROUPS:
        if not grouped.get(key):
            continue
        out.append(f'<h3>{_e(title)}</h3><ul class="commitments" data-group="{key}">')
        for ev in grouped[key]:
            amount = _amounts(ev)
            amount_html = (f'<span class="amount">{_e(amount)}</span>' if amount
                           else '<span class="muted">no amount given</span>')
            flags = _flag_text(ev)
            out.append(f"<li>{_ref(ev)} <span class=\"muted\">({_e(ev.type)}"
                       f"{', ' + _e(ev.mode) if ev.mode else ''})</span>: {amount_html}"
                       f"{' <i>' + _e(flags) + '</i>' if flags else ''}"
                       f'<blockquote>{_sentence_html(ev)}</blockquote></li>')
        out.append("</ul>")
    return "".join(out)


def _flagged(result: CodedArticle) -> str:
    denied = [e for e in result.flagged if e.flags.negated]
    hypo = [e for e in result.flagged if e.flags.hypothetical and not e.flags.negated]

    def listing(evs: list[Event], kind: str, empty: str) -> str:
        if not evs:
            return f'<p class="muted">{_e(empty)}</p>'
        items = []
        for ev in sorted(evs, key=lambda e: e.evidence.trigger[0]):
            items.append(f'<li class="{kind}">{_ref(ev)} <span class="muted">'
                         f"({_e(ev.type)}"
                         f"{', ' + _e(ev.mode) if ev.mode else ''})</span> "
                         f"<i>{_e(_flag_text(ev))}</i>"
                         f"<blockquote>{_sentence_html(ev)}</blockquote></li>")
        return f'<ul class="flagged-list {kind}">{"".join(items)}</ul>'

    return (f'<h3>Denied (negated)</h3><div id="denied">'
            f'{listing(denied, "denied", "The text denies nothing that was coded.")}</div>'
            f'<h3>Hypothetical</h3><div id="hypothetical">'
            f'{listing(hypo, "hypothetical", "No hypothetical statements were coded.")}</div>')


# ---- the page ---------------------------------------------------------------------------------

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1d1d1f;background:#f6f6f3;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.2rem 1.5rem 3rem}
header{border-bottom:3px solid #333;margin-bottom:1rem}
h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
.meta span{margin-right:1.2rem}.muted{color:#666}.warn{color:#a40000}
.provenance{background:#fff3cd;padding:.05rem .4rem;border-radius:3px}
.article{white-space:pre-wrap;background:#fff;padding:1rem 1.2rem;border:1px solid #ddd;
border-radius:6px;font-family:Georgia,"Times New Roman",serif;font-size:1.02rem;line-height:1.7}
.mk{border-radius:3px;padding:0 1px;cursor:help}
.mk.trigger{background:#ffe08a;font-weight:600}
.mk.actor{background:#cfe3ff;border-bottom:2px solid #1f5fbf}
.mk.recipient{background:#d8f5d0;border-bottom:2px solid #2b8a3e}
.mk.trigger.actor,.mk.trigger.recipient{background:#ffe08a}
.mk.denied:not(.fact){text-decoration:line-through;text-decoration-color:#c00;
outline:2px solid #d00;background:#ffe3e3}
.mk.hypothetical:not(.fact){outline:2px dashed #7b3fb5;background:#f1e6fb}
.mk.reported{border-bottom-style:dotted}
.mk.reported.trigger{box-shadow:inset 0 -2px 0 #777}
.mk.hl{outline:3px solid #000}
.anchor{position:relative;top:-4rem}
.trailer{color:#8a6d00;background:#fff3cd;font-style:italic}
.key{display:flex;flex-wrap:wrap;gap:.5rem 1rem;font-size:.85rem;margin:.4rem 0}
.key .mk{cursor:default}
table.events{border-collapse:collapse;width:100%;background:#fff;font-size:.85rem}
table.events th,table.events td{border:1px solid #ddd;padding:.3rem .4rem;vertical-align:top;
text-align:left}
table.events th{background:#eee}
tr.flagged{background:#fff4f4}tr.hypothetical{background:#f8f1fd}
tr.hl{outline:3px solid #000}
.type{font-weight:700}.type.q1{color:#1f77b4}.type.q2{color:#2ca02c}.type.q3{color:#d46300}
.type.q4{color:#d62728}
.sector{font-size:.75rem;background:#eee;border-radius:3px;padding:0 3px}
.as-written{font-style:italic}
svg.graph{background:#fff;border:1px solid #ddd;border-radius:6px;max-width:100%;height:auto}
svg .node-code{font:700 12px system-ui,sans-serif}svg .node-name{font:11px system-ui,sans-serif;
fill:#444}svg .edge-label{font:10px system-ui,sans-serif}svg .edge:hover{stroke-width:4}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;
font-size:.85rem}
.swatch{display:inline-block;width:22px;height:4px;margin-right:5px;vertical-align:middle}
.swatch.dashed{border-top:3px dashed #888;height:0}
.ring{display:inline-block;width:14px;height:14px;border:3px solid #999;border-radius:50%;
margin-right:5px;vertical-align:middle}.ring.none{border-style:dotted}
ul.blocking li,ul.commitments li,ul.flagged-list li{margin:.35rem 0}
.amount{font-weight:700;background:#e8f4ea;padding:0 .3rem;border-radius:3px}
.trig{font-weight:600}
blockquote{margin:.2rem 0 .5rem 1rem;padding-left:.6rem;border-left:3px solid #ccc;
color:#333;font-family:Georgia,serif}
li.denied blockquote{border-left-color:#d00}li.hypothetical blockquote{border-left-color:#7b3fb5}
footer{margin-top:2.5rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.5rem}
code{font-size:.8rem}
"""

JS = """
(function(){
  function mark(ids,on){
    document.querySelectorAll('[data-ev]').forEach(function(el){
      var mine=el.getAttribute('data-ev').split(' ');
      for(var i=0;i<ids.length;i++){if(mine.indexOf(ids[i])>=0){
        el.classList.toggle('hl',on);break;}}
    });
  }
  document.querySelectorAll('tr[data-ev],span.mk').forEach(function(el){
    var ids=el.getAttribute('data-ev').split(' ');
    el.addEventListener('mouseenter',function(){mark(ids,true);});
    el.addEventListener('mouseleave',function(){mark(ids,false);});
  });
  var last=null;
  function fromHash(){
    if(last){mark([last],false);last=null;}
    var h=location.hash;
    if(h.indexOf('#ev-')===0){last=h.slice(4);mark([last],true);}
  }
  window.addEventListener('hashchange',fromHash);fromHash();
})();
"""


def _title(result: CodedArticle) -> str:
    if result.article.title:
        return result.article.title
    words = (result.article.text or "").split()
    if not words:
        return "(empty article)"
    head = " ".join(words[:12])
    return head + ("…" if len(words) > 12 else "")


def _settings_text(settings: Any) -> str:
    if settings is None:
        return "not recorded"
    if isinstance(settings, dict):
        items = settings.items()
    else:
        items = vars(settings).items()
    return ", ".join(f"{k}={v}" for k, v in items if v is not None)


def build_report(result: CodedArticle, knowledge=None, *, settings: Any = None,
                 generated: datetime | None = None) -> str:
    """One self-contained HTML page for one coded article.

    knowledge: the KnowledgeBase for names and alliance memberships (default: the bundled one).
    settings: the CoderOptions (or a dict) the article was coded with, shown in the footer.
    generated: when the page was made (default: now).
    """
    if knowledge is None:
        from .knowledge import default_knowledge

        knowledge = default_knowledge()
    from . import __version__

    art = result.article
    generated = generated or datetime.now().replace(microsecond=0)
    title = _title(result)
    origin = result.provenance.get("origin") if result.provenance else None
    meta = [f"<span>date: <b>{_e(art.date.isoformat() if art.date else 'not given')}</b></span>",
            f"<span>outlet: <b>{_e(art.source or 'not given')}</b></span>"]
    if origin:
        meta.append(f'<span class="provenance">mirrored from <b>{_e(origin)}</b></span>')
    if art.author:
        meta.append(f"<span>by {_e(art.author)}</span>")
    if art.url:
        meta.append(f'<span class="muted">url: {_e(art.url)}</span>')
    if art.origin:
        meta.append(f'<span class="muted">read from {_e(art.origin)}</span>')
    warnings = "".join(f'<p class="warn">⚠ {_e(w)}</p>' for w in result.warnings)
    n_fact, n_flag = len(result.events), len(result.flagged)
    key = ('<div class="key"><span class="mk trigger fact">trigger</span>'
           '<span class="mk actor fact">actor</span>'
           '<span class="mk recipient fact">recipient</span>'
           '<span class="mk trigger denied">denied</span>'
           '<span class="mk trigger hypothetical">hypothetical</span>'
           '<span class="mk trigger reported fact">reported (speaker in the tooltip)</span>'
           '<span class="muted">Hover a mark for TYPE mode actor → recipient.</span></div>')
    body = f"""<main>
<header>
<h1>{_e(title)}</h1>
<p class="meta">{"".join(meta)}</p>
<p class="muted">{n_fact} event(s) asserted as fact, {n_flag} denied, hypothetical or otherwise
flagged statement(s); article id {_e(art.id)}.</p>
{warnings}
</header>
<section id="text"><h2>The article, marked</h2>{key}
<div class="article">{marked_text(result)}</div></section>
<section id="events"><h2>Events</h2>{_event_table(result)}</section>
<section id="graph"><h2>Actors and what they did to each other</h2>
{actor_graph(result, knowledge)}</section>
<section id="blocking"><h2>Who blocked or rejected whom</h2>{_blocking(result)}</section>
<section id="commitments"><h2>Commitments and amounts</h2>{_commitments(result)}</section>
<section id="flagged"><h2>Denied and hypothetical statements</h2>
<p class="muted">Kept out of the facts above: what the text says did not happen, or might.</p>
{_flagged(result)}</section>
<footer>Made by eventcoder {_e(__version__)} on {_e(generated.isoformat(sep=" "))}.
Coder settings: {_e(_settings_text(settings))}. Event types: PLOVER.</footer>
</main>"""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)} – eventcoder report</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n{body}\n<script>{JS}</script>\n</body>\n</html>\n")
