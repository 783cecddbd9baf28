"""Finders for whom a threat is aimed at (registered into finders.FINDERS; imported by
convention_steps)."""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Actor
from .candidate import Candidate
from .finders import Context, finder
from .syntax import child, subject_of

_CONDITION_MARKERS = ("if", "unless", "should")


@finder("subject_of_the_condition")
def _subject_of_the_condition(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'warned that Russia would respond if NATO expanded', 'would retaliate unless Iran
    stopped': a threat is aimed at whoever must act, or not, to avoid it."""
    tok = c.trigger
    clauses = [tok]
    comp = child(tok, "ccomp", "xcomp")
    if comp is not None:
        clauses.append(comp)
    own = {a.code for a in c.sources}
    for clause in clauses:
        for cond in clause.children:
            if cond.dep_ != "advcl" or not any(
                    m.dep_ == "mark" and m.lower_ in _CONDITION_MARKERS for m in cond.children):
                continue
            st = subject_of(cond)
            found = [a for a in ctx.mentions.group_for(st) if a.code not in own] if st else []
            if found:
                return st, found
    return None, []
