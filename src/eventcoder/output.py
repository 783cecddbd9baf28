"""Writing events out: a readable table, JSON lines, PLOVER 2.0 JSON records, CAMEO-style TSV."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO

from . import __version__
from .ontology import load_ontology
from .records import Actor, Event

FORMATS = ("table", "jsonl", "plover", "cameo-tsv")
# A CAMEO-coded view, not the whole record: the CAMEO code with CAMEO's own quad class and
# Goldstein weight (as GDELT gives them), then PLOVER's type, quad class and score, which can
# differ (REQUEST is verbal conflict in PLOVER, an appeal is verbal cooperation in CAMEO). The
# last three columns name a non-state group beside its country code and the rules that made
# the event (trigger rule, then the conventions applied, joined by ';'). For GDELT's own
# 61-column layout use `eventcoder export --format gdelt`.
CAMEO_TSV_COLUMNS = ("id", "date", "source", "source_sector", "target", "target_sector",
                     "cameo", "root", "quad_class", "goldstein", "plover", "plover_quad_class",
                     "plover_score", "mode", "source_group", "target_group", "rule_chain")


def _actor_block(actor: Actor) -> dict:
    span = [actor.start, actor.end] if actor.start is not None or actor.end is not None else None
    return {"raw_text": actor.text, "entity_name": actor.name, "code": actor.code,
            "sector_code": actor.sector or "", "role": actor.role or "",
            "group": actor.group, "text_span": span}


_TSV_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _tsv(value: object) -> str:
    """A TSV field: a group name or rule id with a tab or line break in it must not shift or
    split the row."""
    return str(value).translate(_TSV_BREAKS)


def _day(event: Event) -> str:
    """The event date as text; empty when the article gave none."""
    return event.date.isoformat() if event.date else ""


def plover_record(event: Event) -> dict:
    """One event as a PLOVER 2.0 record (named fields; extras where PLOVER has none)."""
    onto = load_ontology()
    ev = event.evidence
    record = {
        "id": event.id,
        "date": event.date.isoformat() if event.date else None,
        "actor": [_actor_block(event.source)],
        "recipient": [_actor_block(event.target)] if event.target else [],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": list(event.contexts),
        "quad_code": event.quad_class,
        "event_scale": event.score,
        "event_text": [ev.trigger_text],
        "event_loc": ({"name": event.location.name, "country": event.location.code,
                       "lat": event.location.latitude, "lon": event.location.longitude,
                       "level": event.location.level} if event.location else None),
        "date_resolution": event.date_resolution,
        "date_text": event.date_text,
        "text": ev.sentence,
        "text_info": {"trigger": list(ev.trigger),
                      "actor": list(ev.source) if ev.source else None,
                      "recipient": list(ev.target) if ev.target else None,
                      "sentence_start": ev.sentence_start, "rule": ev.rule,
                      "conventions": list(ev.conventions), "rule_chain": list(ev.rule_chain)},
        "cite_info": {"source": event.source_name, "article_id": event.article_id},
        "amounts": [a.to_dict() for a in event.amounts],
        "auxiliary": {k: v for k, v in (
            ("negation", event.flags.negated), ("hypothetical", event.flags.hypothetical),
            ("future", event.flags.future), ("reported", event.flags.reported)) if v},
        "speaker": event.flags.speaker,
        "cue": event.flags.cue,
        "confidence": event.confidence,
        "cameo": onto.to_cameo(event.type, event.mode, event.contexts),
        "coder": f"eventcoder {__version__}",
        "coded_date": datetime.now(UTC).date().isoformat(),
    }
    return record


def write_events(events: Iterable[Event], fmt: str, out: IO[str], header: bool = True) -> int:
    """Write `events` to `out` in `fmt`; returns how many were written.

    header: for cameo-tsv, whether to write the column line (off when appending chunks).
    """
    events = list(events)
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "plover":
        json.dump([plover_record(e) for e in events], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "cameo-tsv":
        from .ontology.cameo_scales import load_cameo_scales

        onto, scales = load_ontology(), load_cameo_scales()
        if header:
            out.write("\t".join(CAMEO_TSV_COLUMNS) + "\n")
        for e in events:
            code = onto.to_cameo(e.type, e.mode, e.contexts)
            out.write("\t".join(_tsv(x) for x in (
                e.id, _day(e), e.source.code, e.source.sector or "",
                e.target.code if e.target else "", (e.target.sector or "") if e.target else "",
                code, code[:2], scales.quad_class(code), scales.goldstein(code),
                e.type, e.quad_class, e.score, e.mode or "",
                e.source.group or "", (e.target.group or "") if e.target else "",
                ";".join(e.evidence.rule_chain))) + "\n")
    elif fmt == "table":
        write_table(events, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return len(events)


def flag_text(event: Event) -> str:
    f = event.flags
    parts = [name for name, on in (("negated", f.negated), ("hypothetical", f.hypothetical),
                                   ("future", f.future), ("reported", f.reported)) if on]
    return ",".join(parts)


def write_table(events: list[Event], out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("date", "type", "mode", "actor", "recipient", "amount", "flags", "trigger"):
        table.add_column(col)
    for e in events:
        table.add_row(
            _day(e) or "undated", e.type, e.mode or "",
            f"{e.source.label()} ({e.source.text})",
            f"{e.target.label()} ({e.target.text})" if e.target else "",
            "; ".join(a.text for a in e.amounts), flag_text(e), e.evidence.trigger_text,
        )
    Console(file=out, width=160 if not getattr(out, "isatty", lambda: False)() else None
            ).print(table)
