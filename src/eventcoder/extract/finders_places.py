"""Finders for the place an act named by a noun struck (registered into finders.FINDERS;
imported by convention_steps)."""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Actor
from .candidate import Candidate
from .finders import Context, _exclude_states, finder
from .slots import actor_inside

_OWN_MODIFIERS = ("compound", "amod", "poss", "nmod")


@finder("places_inside_the_noun")
def _places_inside_the_noun(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'strikes on hideouts in Iran's Sistan-Baluchestan province': the place the noun's own
    phrase names is who was struck (a state's own places are not its recipient)."""
    tok, found = actor_inside(c.trigger, ctx.mentions, c.source_tok, ctx.cues,
                              _exclude_states(c, ctx), places=True)
    if tok is not None and tok.head.i == c.trigger.i and tok.dep_ in _OWN_MODIFIERS:
        return None, []  # "an al-Shabaab car bomb": the noun's own modifier is its author
    return tok, found
