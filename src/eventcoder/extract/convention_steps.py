"""The named steps conventions.yaml writes its `then` in (and the registries it reads).

A step changes a candidate (`type: THREATEN`, `drop: true`, `target_from: complement`) and says
whether it changed anything; conditions live in conditions.py and finders (named ways to find
a missing actor or recipient) in finders.py. Arguments that name a cue list, an event type or
a finder are checked when the conventions load.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import finders_parties, finders_places, finders_threats  # noqa: F401  (registries)
from .candidate import Candidate
from .conditions import CONDITIONS, LIST_ARGS, TYPE_ARGS
from .finders import FINDERS, Context

__all__ = ["CONDITIONS", "FINDERS", "FINDER_ARGS", "LIST_ARGS", "STEPS", "TYPE_ARGS"]

Fn = Callable[[Candidate, Context, Any], bool]
STEPS: dict[str, Fn] = {}
FINDER_ARGS = {"target_from", "source_from", "override_target_from"}


def step(name: str) -> Callable[[Fn], Fn]:
    def register(fn: Fn) -> Fn:
        STEPS[name] = fn
        return fn
    return register


# ---- steps -----------------------------------------------------------------------------------
@step("type")
def _set_type(c: Candidate, ctx: Context, arg: str) -> bool:
    if c.type == arg:
        return False
    c.retype(arg)
    return True


@step("mode")
def _set_mode(c: Candidate, ctx: Context, arg: str | None) -> bool:
    changed = c.mode != arg or not c.mode_fixed
    c.mode, c.mode_fixed = arg, True
    return changed


@step("drop")
def _drop(c: Candidate, ctx: Context, arg: bool) -> bool:
    if arg:
        c.dropped_by = "drop"
    return bool(arg)


@step("confidence")
def _confidence(c: Candidate, ctx: Context, arg: float) -> bool:
    c.confidence = round(c.confidence + arg, 2)
    return True


@step("drop_place_sources")
def _drop_place_sources(c: Candidate, ctx: Context, arg: bool) -> bool:
    kept = [a for a in c.sources if a.role != "place"]
    changed = len(kept) != len(c.sources)
    c.sources = kept
    return changed


@step("source_from")
def _source_from(c: Candidate, ctx: Context, arg: str) -> bool:
    tok, found = FINDERS[arg](c, ctx)
    if not found:
        return False
    c.sources = found
    if tok is not None:
        c.source_tok = tok
    return True


@step("target_from")
def _target_from(c: Candidate, ctx: Context, arg: str) -> bool:
    """Fill a missing recipient (a recipient the rule's slots found is never replaced, unless
    it is the actor itself: 'France regretted the decision to expel its diplomats')."""
    if c.other_targets:
        return False
    tok, found = FINDERS[arg](c, ctx)
    if not found:
        return False
    c.targets, c.target_tok = found, tok
    return True


@step("override_target_from")
def _override_target_from(c: Candidate, ctx: Context, arg: str) -> bool:
    """Replace a recipient that only the article's country gave (or fill a missing one) when
    the finder finds a better one in the clause."""
    tok, found = FINDERS[arg](c, ctx)
    if not found or [(a.code, a.sector) for a in found] == [(a.code, a.sector)
                                                           for a in c.targets]:
        return False
    c.targets, c.target_tok = found, tok
    return True


@step("flag")
def _flag(c: Candidate, ctx: Context, arg: str) -> bool:
    """Mark the event hypothetical: announced violence is not yet a fact."""
    from dataclasses import replace

    flags = ctx.flags_of(c)
    if getattr(flags, arg):
        return False
    c._flags = (c.type, replace(flags, **{arg: True}))
    return True


@step("drop_targets")
def _drop_targets(c: Candidate, ctx: Context, arg: bool) -> bool:
    changed = bool(c.targets)
    c.targets, c.target_tok = [], None
    return changed


@step("unflag")
def _unflag(c: Candidate, ctx: Context, arg: str) -> bool:
    """Clear a flag: 'did not accept the findings' asserts a rejection."""
    from dataclasses import replace

    flags = ctx.flags_of(c)
    if not getattr(flags, arg):
        return False
    c._flags = (c.type, replace(flags, **{arg: False}))
    return True


@step("each_to_the_others")
def _each_to_the_others(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'Ethiopia and Sudan blamed each other': every actor acts on every other one (the
    record builder leaves out each actor's dyad with itself)."""
    c.targets, c.target_tok = list(c.sources), None
    return True


@step("first_party_acts")
def _first_party_acts(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'talks between A and B': the first party named is the actor, the others recipients."""
    c.sources, c.targets = c.targets[:1], c.targets[1:]
    c.source_tok = c.target_tok
    return True


@step("split_symmetric")
def _split_symmetric(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'Iran and Oman held talks': one dyad, the first named as actor."""
    c.sources, c.targets = c.sources[:1], c.sources[1:]
    return True
