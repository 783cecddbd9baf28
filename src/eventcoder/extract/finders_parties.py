"""Finders for the parties of a deal or talks that a third party brokered, mediated or
hosted (registered into finders.FINDERS; imported by convention_steps)."""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Actor
from .candidate import Candidate
from .finders import Context, finder
from .syntax import prep_objects, subject_of

_PARTY_PREPS = ("between", "with", "among")


@finder("parties_to_the_brokered")
def _parties_to_the_brokered(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Israel and Hamas agreed to a truce brokered by Egypt', 'talks between A and B resumed,
    mediated by C': the broker's recipients are the deal's or the talks' own parties."""
    tok = c.trigger
    if tok.dep_ in ("acl", "relcl"):
        noun = tok.head  # "a truce brokered by Egypt"
    elif tok.dep_ == "advcl":
        noun = subject_of(tok.head)  # "talks ... resumed, mediated by C"
    else:
        return None, []
    if noun is None:
        return None, []
    broker = {a.code for a in c.sources}
    for prep in _PARTY_PREPS:  # the noun's own parties: "talks between A and B"
        for o in prep_objects(noun, prep):
            found = [a for a in ctx.mentions.group_for(o) if a.code not in broker]
            if found:
                return o, found
    # who agreed to, signed or accepted it: the subject of the verb it is the object of
    verb = noun.head
    while verb.dep_ == "prep" and verb.head.i != verb.i:
        verb = verb.head  # "agreed to a truce"
    if noun.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX"):
        st = subject_of(verb)
        found = [a for a in ctx.mentions.group_for(st) if a.code not in broker] if st else []
        if found:
            return st, found
    return None, []
