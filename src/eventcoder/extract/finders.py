"""Named finders: ways a convention may find a missing actor or recipient in the parse.

`target_from: complement` in conventions.yaml runs the finder `complement`; a finder returns
the token it found and the actors it stands for, or (None, []) when it finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from ..knowledge import Roles
from ..ontology import Ontology
from ..records import Actor, Flags
from ..resolve import MentionIndex
from .candidate import Candidate
from .cues import Cues
from .slots import actor_inside, first_in_slots
from .syntax import child, object_of, prep_objects, subject_of

UNIDENTIFIED = Actor("UNK", "UNK", "unidentified actor", "", None, None, None)


@dataclass
class Context:
    """What conditions and steps may consult besides the candidate itself."""

    mentions: MentionIndex
    cues: Cues
    roles: Roles
    states: frozenset[str]
    igos: frozenset[str]
    onto: Ontology
    flags_of: Callable[[Candidate], Flags]


Finder = Callable[[Candidate, Context], "tuple[Token | None, list[Actor]]"]
FINDERS: dict[str, Finder] = {}


def finder(name: str) -> Callable[[Finder], Finder]:
    def register(fn: Finder) -> Finder:
        FINDERS[name] = fn
        return fn
    return register


def _exclude(c: Candidate) -> set[str]:
    return {a.code for a in c.sources}


@finder("complement")
def _in_complement(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    comp = child(c.trigger, "xcomp", "ccomp")
    return actor_inside(comp, ctx.mentions, c.source_tok, ctx.cues, _exclude(c))


@finder("object_or_complement")
def _in_object_or_complement(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """What the act concerns: inside its object, then inside its complement clause."""
    tok = c.trigger
    for inner in (object_of(tok), child(tok, "xcomp"), child(tok, "ccomp")):
        found = actor_inside(inner, ctx.mentions, c.source_tok, ctx.cues, _exclude(c))
        if found[1]:
            return found
    return None, []


@finder("places_in_object")
def _places_in_object(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'struck energy facilities across Ukraine': where the damage is, is who."""
    return actor_inside(object_of(c.trigger), ctx.mentions, c.source_tok, ctx.cues,
                        _exclude(c), places=True)


@finder("places_of_the_act")
def _places_of_the_act(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'shelled positions in Donetsk': the place the act struck."""
    exclude = _exclude(c)
    for prep in ctx.cues.ordered("damage_place_preps"):
        for place_tok in prep_objects(c.trigger, prep, depth=1):
            found = [a for a in ctx.mentions.group_for(place_tok) if a.code not in exclude]
            if found:
                return place_tok, found
    return None, []


@finder("verb_prepositions")
def _verb_prepositions(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """The parser often hangs a noun's phrase on its verb: 'condemned Russian strikes on
    Odesa' with 'on Odesa' under 'condemned'."""
    slots = tuple(s for s in c.rule.target if s.startswith("prep:"))
    return first_in_slots(slots, c.trigger, ctx.mentions, c.source_tok, ctx.cues,
                          anchor=c.trigger.head, exclude=_exclude(c))


@finder("governing_subject")
def _governing_subject(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Serbia rejected the EU's calls', 'Ukraine faced Russian strikes': the verb's subject."""
    st = subject_of(c.trigger.head)
    if st is None or (c.source_tok is not None and st.i == c.source_tok.i):
        return None, []
    return st, ctx.mentions.group_for(st)


@finder("governing_object")
def _governing_object(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Russian strikes hit Kharkiv': the object of the verb the trigger is subject of."""
    obj = child(c.trigger.head, "dobj")
    if obj is None:
        return None, []
    found = ctx.mentions.group_for(obj)
    if found:
        return obj, found
    return actor_inside(obj, ctx.mentions, c.source_tok, ctx.cues)


@finder("unnamed_people_at_home")
def _unnamed_people_at_home(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """Authorities acting on unnamed people: 'police arrested protesters' -> same country."""
    src, tok = c.sources[0], c.trigger
    objs = [object_of(tok)] if c.rule.pos == "VERB" else []
    objs += [o for p in ("on", "against", "at", "of") for o in prep_objects(tok, p)]
    civil = ctx.roles.sector_groups["civil"]
    for o in objs:
        sector = ctx.roles.sector_of.get(o.lemma_.lower()) if o is not None else None
        if o is not None and sector in civil:
            return o, [Actor(src.code, sector, src.name, o.text, o.lemma_.lower(),
                             o.idx, o.idx + len(o.text))]
    return None, []


@finder("own_government")
def _own_government(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """Implicit: no text and no offsets, so a reader sees the recipient was inferred."""
    return None, [Actor(a.code, "GOV", a.name, "", "implicit", None, None)
                  for a in c.sources[:1]]


@finder("place_of_action")
def _place_of_action(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Protesters marched through Hong Kong': a bare role noun takes the place's country."""
    st = c.source_tok
    sector = ctx.roles.sector_of.get(st.lemma_.lower()) if st is not None else None
    if st is None or sector is None:
        return None, []
    for prep in ctx.cues.ordered("actor_place_preps"):
        for place_tok in prep_objects(c.trigger, prep, depth=1):
            for a in ctx.mentions.group_for(place_tok):
                if a.code in ctx.states:
                    return st, [Actor(a.code, sector, a.name, st.text, st.lemma_.lower(),
                                      st.idx, st.idx + len(st.text))]
    return None, []


@finder("unidentified")
def _unidentified(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    return None, [UNIDENTIFIED]


@finder("inside_denying_clause")
def _inside_denying_clause(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """What a denied decision was about: inside the clause that denies it."""
    governing = c.trigger
    while governing.pos_ not in ("VERB", "AUX") and governing.head.i != governing.i:
        governing = governing.head
    return actor_inside(governing, ctx.mentions, child(governing, "nsubj"), ctx.cues)
