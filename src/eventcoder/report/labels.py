"""How the report names things: escaping, event labels, flags, amounts, actor cells."""

from __future__ import annotations

from html import escape
from typing import Any

from ..records import Actor, Amount, Event

ROLE_ORDER = ("trigger", "actor", "recipient")  # the first role wins a segment's main style
QUAD_COLOURS = {1: "#1f77b4", 2: "#2ca02c", 3: "#ff7f0e", 4: "#d62728"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
RING_COLOURS = ("#6a3d9a", "#b15928", "#e7298a", "#1b9e77", "#7570b3", "#a6761d")
BLOCKING_TYPES = ("REJECT", "SANCTION", "THREATEN")
BLOCK_WORDS = {"REJECT": "blocked or rejected", "SANCTION": "sanctioned", "THREATEN": "threatened"}


def esc(value: Any) -> str:
    """Escape anything for text and attribute positions."""
    return escape("" if value is None else str(value), quote=True)


# ---- events and their labels --------------------------------------------------------------

def status_classes(ev: Event) -> list[str]:
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


def flag_text(ev: Event) -> str:
    parts = []
    for s in status_classes(ev):
        if s == "reported" and ev.flags.speaker:
            parts.append(f"reported by {ev.flags.speaker}")
        else:
            parts.append(s)
    if ev.flags.cue and (ev.flags.negated or ev.flags.hypothetical or ev.flags.future):
        parts.append(f"cue '{ev.flags.cue}'")
    return ", ".join(parts)


def dyad_text(ev: Event) -> str:
    tgt = ev.target.code if ev.target else "–"
    return f"{ev.source.code} → {tgt}"


def event_label(ev: Event) -> str:
    """'REJECT meet HUN → UKR [denied]': type, mode, actor → recipient and flags."""
    head = f"{ev.type} {ev.mode}" if ev.mode else ev.type
    flags = flag_text(ev)
    return f"{head} {dyad_text(ev)}" + (f" [{flags}]" if flags else "")


def amount_text(a: Amount) -> str:
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


def amounts_text(ev: Event) -> str:
    return "; ".join(amount_text(a) for a in ev.amounts)


def actor_cell(actor: Actor | None) -> str:
    if actor is None:
        return '<span class="muted">–</span>'
    sector = f' <span class="sector">{esc(actor.sector)}</span>' if actor.sector else ""
    group = (f' <span class="group">{esc(actor.group)}</span>'
             if actor.group and actor.group != actor.name else "")
    role = f", {esc(actor.role)}" if actor.role else ""
    return (f'<b>{esc(actor.code)}</b>{sector}{group}<br><span class="as-written">'
            f'“{esc(actor.text)}”</span><span class="muted"> ({esc(actor.name)}{role})</span>')
