"""Deduplicate one article's events: the stage between coding and the store.

Two triggers in a sentence often name one act ("launched an attack, striking the port"); one
event per dyad and type is kept, the most confident. A recipient-less event is dropped when
the same actor has an event of the same type with a recipient in the same sentence. Facts
and flagged (negated, hypothetical) events are deduplicated apart. Across
articles, near-duplicate stories are clustered by the store (sources/mirrors.py), not here.
"""

from __future__ import annotations

from .records import Event


def dedupe(events: list[Event]) -> list[Event]:
    """The events of one article (or one Doc), in their order, without repeats."""
    with_target = {(e.evidence.sentence_start, e.type, e.source.code, e.flags.is_fact())
                   for e in events if e.target is not None}
    events = [e for e in events if e.target is not None or (
        e.evidence.sentence_start, e.type, e.source.code, e.flags.is_fact()) not in with_target]
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.evidence.sentence_start, e.type, e.source.code,
               e.target.code if e.target else None, e.flags.is_fact())
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    keep = {id(e) for e in best.values()}
    return [e for e in events if id(e) in keep]
