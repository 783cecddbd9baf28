"""PLOVER conventions as data: named when/then rules applied to every candidate event.

`data/conventions.yaml` lists the conventions in the order they apply. Each has an `id`, a
description, a `when` (named conditions, all must hold) and a `then` (named steps). The
conditions and steps are a small registry (`convention_steps.py`); the loader refuses a name
it does not know, a word list cues.yaml lacks, or an unknown type. A convention that changes a
candidate is recorded on it, so every event carries its rule chain: the trigger rule, then the
conventions applied, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .._data import package_file, read_yaml, validate
from ..errors import DataFileError
from ..ontology import load_ontology
from . import convention_steps as steps
from .candidate import Candidate
from .cues import Cues, default_cues

_PKG = "eventcoder.extract"


@dataclass(frozen=True)
class Convention:
    id: str
    description: str
    when: tuple[tuple[str, Any], ...]
    then: tuple[tuple[str, Any], ...]
    examples: tuple[dict, ...] = ()

    def holds(self, cand: Candidate, ctx: steps.Context) -> bool:
        # the cheap questions first: most conventions are about a few types of event
        types = self._types
        if types is not None and cand.type not in types:
            return False
        if self._pos is not None and cand.rule.pos != self._pos:
            return False
        return all(fn(cand, ctx, arg) for fn, arg in self._rest)

    def __post_init__(self) -> None:
        when = dict(self.when)
        types = when.get("type")
        object.__setattr__(self, "_types", frozenset(types) if types is not None else None)
        object.__setattr__(self, "_pos", when.get("trigger_pos"))
        rest = [(steps.CONDITIONS[n], a) for n, a in self.when if n not in ("type", "trigger_pos")]
        object.__setattr__(self, "_rest", tuple(rest))

    def apply(self, cand: Candidate, ctx: steps.Context) -> bool:
        """Run the steps; True when any of them changed the candidate."""
        changed = False
        for name, arg in self.then:
            changed = steps.STEPS[name](cand, ctx, arg) or changed
        return changed


class Conventions:
    """The ordered conventions, applied one after another to a candidate."""

    def __init__(self, conventions: list[Convention]) -> None:
        self.conventions = conventions
        self.by_id = {c.id: c for c in conventions}

    def __len__(self) -> int:
        return len(self.conventions)

    def apply(self, cand: Candidate, ctx: steps.Context) -> Candidate:
        for conv in self.conventions:
            if conv.holds(cand, ctx) and conv.apply(cand, ctx):
                cand.conventions.append(conv.id)
                if cand.dropped_by is not None:
                    cand.dropped_by = conv.id
                    break
        return cand

    @classmethod
    def load(cls, path: Path | None = None, cues: Cues | None = None) -> Conventions:
        where = path or package_file(_PKG, "data", "conventions.yaml")
        raw = read_yaml(where)
        validate(raw, package_file(_PKG, "schemas", "conventions.schema.json"), where)
        cues = cues or default_cues()
        onto = load_ontology()
        seen: set[str] = set()
        out = []
        for entry in raw:
            cid = entry["id"]
            if cid in seen:
                raise DataFileError(f"{where}: duplicate convention id {cid!r}")
            seen.add(cid)
            when = tuple(entry.get("when", {}).items())
            then = tuple(entry["then"].items())
            for name, arg in when:
                if name not in steps.CONDITIONS:
                    raise DataFileError(f"{where}: {cid}: unknown condition {name!r} (known: "
                                        f"{', '.join(sorted(steps.CONDITIONS))})")
                _check_arg(where, cid, name, arg, cues, onto)
            for name, arg in then:
                if name not in steps.STEPS:
                    raise DataFileError(f"{where}: {cid}: unknown step {name!r} (known: "
                                        f"{', '.join(sorted(steps.STEPS))})")
                _check_arg(where, cid, name, arg, cues, onto)
            out.append(Convention(cid, entry["description"], when, then,
                                  tuple(entry.get("examples", ()))))
        return cls(out)


def _check_arg(where: Path, cid: str, name: str, arg: Any, cues: Cues, onto) -> None:
    """Word-list names must exist in cues.yaml, types in the ontology, finders in the
    registry: a typo in the data fails when it loads, not silently at run time."""
    if name in steps.LIST_ARGS and arg not in cues.lists:
        raise DataFileError(f"{where}: {cid}: {name}: cues.yaml has no list {arg!r}")
    if name in steps.TYPE_ARGS:
        for t in ([arg] if isinstance(arg, str) else arg):
            if t not in onto.types:
                raise DataFileError(f"{where}: {cid}: {name}: unknown event type {t!r}")
    if name in steps.FINDER_ARGS and arg not in steps.FINDERS:
        raise DataFileError(f"{where}: {cid}: {name}: unknown finder {arg!r} (known: "
                            f"{', '.join(sorted(steps.FINDERS))})")


@cache
def default_conventions() -> Conventions:
    return Conventions.load()
