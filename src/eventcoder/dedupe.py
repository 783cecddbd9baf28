"""Deduplicate one article's events: the stage between coding and the store.

Two triggers in a sentence often name one act ("launched an attack, striking the port"); one
event per dyad and type is kept, the most confident. A recipient-less event is dropped when
the same actor has an event of the same type with a recipient in the same sentence, and so is
one whose recipient was only implied ("protesters rallied" -> their own government) when the
sentence names whom they faced. Facts
and flagged (negated, hypothetical) events are deduplicated apart. Across
articles, near-duplicate stories are clustered by the store (sources/mirrors.py), not here.
"""

from __future__ import annotations

from .records import Event


def dedupe(events: list[Event]) -> list[Event]:
    """The events of one article (or one Doc), in their order, without repeats."""
    named: dict[tuple, set[str]] = {}
    for e in events:
        if _named(e.target):
            key = (e.evidence.sentence_start, e.type, e.source.code, e.flags.is_fact())
            named.setdefault(key, set()).add(e.target.code)
    events = [e for e in events if _named(e.target) or not _other_named(e, named)]
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.evidence.sentence_start, e.type, e.source.code,
               e.target.code if e.target else None, e.flags.is_fact())
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    keep = {id(e) for e in best.values()}
    return [e for e in events if id(e) in keep]


def _named(target) -> bool:
    """A recipient the text names (not none, not one only implied by a convention)."""
    return target is not None and target.role != "implicit"


def _other_named(e: Event, named: dict[tuple, set[str]]) -> bool:
    """The sentence names a recipient for the same actor's act of this type, and a
    different one from the implied recipient (the same one is left to the confidence)."""
    found = named.get((e.evidence.sentence_start, e.type, e.source.code, e.flags.is_fact()))
    return bool(found) and (e.target is None or e.target.code not in found)
