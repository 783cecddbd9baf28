"""Candidate events → Event records: one per dyad, dated, placed, with evidence and offsets."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from .extract.candidate import Candidate
from .extract.dates import EventDate, find_date_expressions, resolve_event_date
from .knowledge import KnowledgeBase
from .ontology import load_ontology
from .records import Actor, Event, Evidence, Location
from .sentences import sentence_of

# the convention recorded when a dyad loses a recipient that is its own actor
SELF_RECIPIENT = "an-actor-is-not-its-own-recipient"


class EventBuilder:
    """Turns the extractor's candidates into records. Build once per knowledge base."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.ontology = load_ontology()
        self._places: dict[str, Location | None] = {}

    def events(self, cand: Candidate, article_id: str, day: date | None,
               outlet: str | None, offset: int = 0) -> list[Event]:
        """One Event per (actor, recipient) pair; `offset` is where the parsed text starts in
        the article, so every span points into the article as given."""
        sent = sentence_of(cand.trigger)
        when = _event_date(cand, day) if day is not None else None
        trig = (offset + cand.trigger.idx, offset + cand.trigger.idx + len(cand.trigger.text))
        needs_recipient = self.ontology.event_type(cand.type).requires_recipient
        flags = cand._flags[1] if cand._flags is not None else None
        out = []
        for src in cand.sources:
            targets: list[Actor | None] = [t for t in cand.targets
                                           if (t.code, t.sector) != (src.code, src.sector)]
            conventions = tuple(cand.conventions)
            if len(targets) < len(cand.targets):
                conventions += (SELF_RECIPIENT,)
            if not targets:
                if needs_recipient:
                    continue
                targets = [None]
            for tgt in targets:
                key = f"{article_id}|{trig[0]}|{cand.type}|{src.code}|{tgt.code if tgt else ''}"
                evidence = Evidence(
                    sentence=sent.text, sentence_start=offset + sent.start_char, trigger=trig,
                    source=_span(src, offset), target=_span(tgt, offset) if tgt else None,
                    rule=cand.rule.id, trigger_text=cand.trigger.text, conventions=conventions)
                out.append(Event(
                    id=hashlib.sha1(key.encode()).hexdigest()[:16],
                    date=when.date if when else None, type=cand.type, mode=cand.mode,
                    contexts=cand.contexts, quad_class=self.ontology.quad_class(cand.type),
                    score=self.ontology.score(cand.type, cand.mode),
                    source=shift_actor(src, offset),
                    target=shift_actor(tgt, offset) if tgt else None,
                    amounts=cand.amounts, location=self.place(cand.location), flags=flags,
                    confidence=cand.confidence, evidence=evidence, article_id=article_id,
                    source_name=outlet,
                    date_resolution=when.resolution if when else "undated",
                    date_text=when.text if when else None,
                ))
        return out

    def place(self, name: str | None) -> Location | None:
        """Link a place name to the gazetteer: a country, a capital or a town."""
        if not name:
            return None
        if name not in self._places:
            from .knowledge.places import default_gazetteer

            key = name[4:] if name.lower().startswith("the ") else name
            entries = self.knowledge.surface_forms().get(key, [])
            country = next((e.key for e in entries if e.kind == "country"), None)
            place = default_gazetteer().lookup(key)
            if country is not None:
                loc = Location(name, self.knowledge.countries[country].actor_code, None, None,
                               "country")
            elif place is not None:
                loc = Location(name, place.country, place.latitude, place.longitude,
                               "region" if place.level == "region" else "city")
            else:
                loc = Location(name)
            self._places[name] = loc
        return self._places[name]


def _event_date(cand: Candidate, day: date) -> EventDate:
    """When it happened: a date expression inside the event's own clause ("shelled Kharkiv
    on Tuesday, officials said on Wednesday" -> Tuesday), else the publication date."""
    head = cand.trigger
    if head.pos_ != "VERB" and head.head.pos_ == "VERB":
        head = head.head  # a noun trigger's clause is its verb's
    clause = head.doc[head.left_edge.i : head.right_edge.i + 1].text  # not doc.text: O(doc)
    found = [t for _, _, t in find_date_expressions(clause)]
    return resolve_event_date(found, day)


def _span(actor: Actor, offset: int) -> tuple[int, int] | None:
    if actor.start is None or actor.end is None:
        return None
    return (actor.start + offset, actor.end + offset)


def shift_actor(actor: Actor, offset: int) -> Actor:
    if not offset or actor.start is None:
        return actor
    return replace(actor, start=actor.start + offset, end=(actor.end or actor.start) + offset)
