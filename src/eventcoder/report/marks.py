"""The article text marked up: every event's trigger, actor and recipient as flat spans.

Marked spans are built from a sorted list of non-overlapping segments: where spans overlap they
are split at every boundary and each piece carries the classes of all spans covering it, so
the markup never nests or interleaves. Every piece of article text goes through `esc`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..records import CodedArticle, Event
from .labels import ROLE_ORDER, esc, event_label, status_classes


@dataclass
class Span:
    start: int
    end: int
    role: str  # trigger | actor | recipient
    events: list[Event] = field(default_factory=list)


def spans_of(events: list[Event], n: int) -> list[Span]:
    """One span per (offsets, role); events sharing a span share it. Bad offsets are dropped."""
    by_key: dict[tuple[int, int, str], Span] = {}
    for ev in events:
        ev_spans = (("trigger", ev.evidence.trigger), ("actor", ev.evidence.source),
                    ("recipient", ev.evidence.target))
        for role, span in ev_spans:
            if not span:
                continue
            start, end = max(0, int(span[0])), min(n, int(span[1]))
            if start >= end:
                continue
            sp = by_key.setdefault((start, end, role), Span(start, end, role))
            if ev not in sp.events:
                sp.events.append(ev)
    return sorted(by_key.values(), key=lambda s: (s.start, -s.end, ROLE_ORDER.index(s.role)))


def segments(text: str, spans: list[Span]) -> list[tuple[int, int, list[Span]]]:
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


def anchor(ev: Event) -> str:
    return f"ev-{ev.id}"


def marked_text(result: CodedArticle) -> str:
    """The article text as escaped HTML with flat <span class="mk ..."> marks."""
    text = result.article.text or ""
    events = result.events + result.flagged
    spans = spans_of(events, len(text))
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
            parts.append(f'<a class="anchor" id="{esc(anchor(ev))}"></a>')
        piece = esc(text[a:b])
        if not cover:
            if trailer_at >= 0 and a <= trailer_at < b:
                cut = trailer_at - a
                tail = text[trailer_at:b]
                piece = (esc(text[a:a + cut]) + '<span class="trailer" title="provenance trailer: '
                         'not coded">' + esc(tail) + "</span>")
            parts.append(piece)
            continue
        roles = sorted({sp.role for sp in cover}, key=ROLE_ORDER.index)
        evs: list[Event] = []
        for sp in cover:
            evs.extend(e for e in sp.events if e not in evs)
        statuses = {s for e in evs for s in status_classes(e)}
        if any(e.flags.is_fact() for e in evs):
            statuses.add("fact")
        classes = ["mk", *roles, *sorted(statuses)]
        role_of: dict[str, list[str]] = defaultdict(list)  # event id -> its roles here
        for sp in cover:
            for e in sp.events:
                role_of[e.id].append(sp.role)
        tip = "\n".join(f"{'/'.join(role_of[e.id])}: {event_label(e)}" for e in evs)
        by_role = "".join(
            f' data-{r}="{esc(" ".join(e.id for e in evs if r in role_of[e.id]))}"' for r in roles)
        parts.append(f'<span class="{" ".join(classes)}" title="{esc(tip)}" '
                     f'data-ev="{esc(" ".join(e.id for e in evs))}"{by_role}>{piece}</span>')
    for evs in anchors.values():  # anchors at the very end of the text
        parts.extend(f'<a class="anchor" id="{esc(anchor(ev))}"></a>' for ev in evs)
    return "".join(parts)
