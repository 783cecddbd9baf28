"""The report's lists: the event table, blockers, commitments, denied and hypothetical."""

from __future__ import annotations

from collections import defaultdict

from ..records import CodedArticle, Event
from .labels import (
    BLOCKING_TYPES,
    actor_cell,
    amounts_text,
    dyad_text,
    esc,
    flag_text,
    status_classes,
)
from .marks import anchor


def sentence_html(ev: Event) -> str:
    """The event's sentence, escaped, with its trigger word emphasised."""
    s = ev.evidence.sentence
    a = ev.evidence.trigger[0] - ev.evidence.sentence_start
    b = ev.evidence.trigger[1] - ev.evidence.sentence_start
    if 0 <= a < b <= len(s):
        return f"{esc(s[:a])}<b>{esc(s[a:b])}</b>{esc(s[b:])}"
    return esc(s)


def ref(ev: Event) -> str:
    return f'<a href="#{esc(anchor(ev))}">{esc(dyad_text(ev))}</a>'


def event_table(result: CodedArticle) -> str:
    rows = []
    events = sorted(result.events + result.flagged, key=lambda e: e.evidence.trigger[0])
    for n, ev in enumerate(events, 1):
        statuses = status_classes(ev)
        cls = " ".join(["fact" if ev.flags.is_fact() else "flagged", *statuses])
        when = ev.date.isoformat() if ev.date else '<span class="muted">undated</span>'
        if ev.date_resolution not in ("day", "publication") or ev.date_text:
            extra = f"{ev.date_resolution}" + (f", “{ev.date_text}”" if ev.date_text else "")
            when += f'<br><span class="muted">{esc(extra)}</span>'
        loc = f'<br><span class="muted">at {esc(ev.location.name)}</span>' if ev.location else ""
        ctx = (f'<br><span class="muted">{esc(", ".join(ev.contexts))}</span>'
               if ev.contexts else "")
        rows.append(
            f'<tr class="{esc(cls)}" data-ev="{esc(ev.id)}">'
            f'<td><a href="#{esc(anchor(ev))}">{n}</a></td><td>{when}</td>'
            f'<td><span class="type q{ev.quad_class}">{esc(ev.type)}</span>{ctx}</td>'
            f"<td>{esc(ev.mode or '')}</td><td>{actor_cell(ev.source)}</td>"
            f"<td>{actor_cell(ev.target)}{loc}</td><td>{esc(amounts_text(ev))}</td>"
            f"<td>{esc(flag_text(ev))}</td>"
            f"<td>“{esc(ev.evidence.trigger_text)}”</td>"
            f'<td><code>{esc(" → ".join(ev.evidence.rule_chain))}</code><br>'
            f'<span class="muted">conf. '
            f"{ev.confidence:.2f}</span></td></tr>")
    if not rows:
        return '<p class="muted">No events were coded from this text.</p>'
    head = "".join(f"<th>{h}</th>" for h in ("#", "date", "type", "mode", "actor", "recipient",
                                             "amounts", "flags", "trigger", "rule"))
    return (f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            "</tbody></table>")


def blocking(result: CodedArticle) -> str:
    items = []
    for ev in sorted(result.events, key=lambda e: e.evidence.trigger[0]):
        if ev.type not in BLOCKING_TYPES:
            continue
        what = f"{ev.type}, {ev.mode}" if ev.mode else ev.type
        flags = flag_text(ev)
        items.append(f'<li>{ref(ev)} <span class="muted">({esc(what)})</span>: '
                     f'<span class="trig">{esc(ev.evidence.trigger_text)}</span>'
                     f'{" <i>" + esc(flags) + "</i>" if flags else ""}'
                     f' <span class="names">— {esc(ev.source.text)} → '
                     f'{esc(ev.target.text if ev.target else "")}</span></li>')
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
    from ..analysis.commitments import kind_of

    kind = kind_of(ev.type, ev.mode, ev.flags.future)
    if ev.type == "REQUEST":
        return kind if ev.amounts else None
    if kind in ("pledged", "delivered"):
        return kind
    return "other" if ev.amounts else None


def commitments(result: CodedArticle) -> str:
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
        out.append(f'<h3>{esc(title)}</h3><ul class="commitments" data-group="{key}">')
        for ev in grouped[key]:
            amount = amounts_text(ev)
            amount_html = (f'<span class="amount">{esc(amount)}</span>' if amount
                           else '<span class="muted">no amount given</span>')
            flags = flag_text(ev)
            out.append(f"<li>{ref(ev)} <span class=\"muted\">({esc(ev.type)}"
                       f"{', ' + esc(ev.mode) if ev.mode else ''})</span>: {amount_html}"
                       f"{' <i>' + esc(flags) + '</i>' if flags else ''}"
                       f'<blockquote>{sentence_html(ev)}</blockquote></li>')
        out.append("</ul>")
    return "".join(out)


def flagged_lists(result: CodedArticle) -> str:
    denied = [e for e in result.flagged if e.flags.negated]
    hypo = [e for e in result.flagged if e.flags.hypothetical and not e.flags.negated]

    def listing(evs: list[Event], kind: str, empty: str) -> str:
        if not evs:
            return f'<p class="muted">{esc(empty)}</p>'
        items = []
        for ev in sorted(evs, key=lambda e: e.evidence.trigger[0]):
            items.append(f'<li class="{kind}">{ref(ev)} <span class="muted">'
                         f"({esc(ev.type)}"
                         f"{', ' + esc(ev.mode) if ev.mode else ''})</span> "
                         f"<i>{esc(flag_text(ev))}</i>"
                         f"<blockquote>{sentence_html(ev)}</blockquote></li>")
        return f'<ul class="flagged-list {kind}">{"".join(items)}</ul>'

    return (f'<h3>Denied (negated)</h3><div id="denied">'
            f'{listing(denied, "denied", "The text denies nothing that was coded.")}</div>'
            f'<h3>Hypothetical</h3><div id="hypothetical">'
            f'{listing(hypo, "hypothetical", "No hypothetical statements were coded.")}</div>')
