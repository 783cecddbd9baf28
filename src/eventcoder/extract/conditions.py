"""The named conditions conventions.yaml writes its `when` in.

Each answers a question about a candidate event ('type: [AGREE]', 'has_targets: false',
'complement_in: threat_complements'); arguments that name a cue list or an event type are
checked when the conventions load (LIST_ARGS, TYPE_ARGS).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from ..sentences import sentence_of
from .candidate import Candidate
from .finders import Context, referenced_act
from .syntax import child, is_passive, object_of, predicatives

Fn = Callable[[Candidate, Context, Any], bool]
CONDITIONS: dict[str, Fn] = {}
LIST_ARGS = {"trigger_in", "trigger_not_in", "complement_in", "marker_in", "near_words",
             "clause_has", "intercepts", "governing_verb_in", "subject_of_verb_in",
             "predicative_in", "under_prep_in", "negated_by_verb_in",
             "object_in"}  # name a cue list
TYPE_ARGS = {"type", "rule_type", "judged_act_of_type"}


def condition(name: str) -> Callable[[Fn], Fn]:
    def register(fn: Fn) -> Fn:
        CONDITIONS[name] = fn
        return fn
    return register


@condition("type")
def _type(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    return c.type in arg


@condition("rule_type")
def _rule_type(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    return c.rule.type in arg


@condition("rule_mode")
def _rule_mode(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    return c.rule.mode in arg


@condition("trigger_pos")
def _trigger_pos(c: Candidate, ctx: Context, arg: str) -> bool:
    return c.rule.pos == arg


@condition("trigger_dep")
def _trigger_dep(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    return c.trigger.dep_ in arg


@condition("trigger_in")
def _trigger_in(c: Candidate, ctx: Context, arg: str) -> bool:
    return c.trigger.lemma_.lower() in ctx.cues.words(arg)


@condition("trigger_not_in")
def _trigger_not_in(c: Candidate, ctx: Context, arg: str) -> bool:
    return c.trigger.lemma_.lower() not in ctx.cues.words(arg)


@condition("rule_needs_target")
def _rule_needs_target(c: Candidate, ctx: Context, arg: bool) -> bool:
    return c.rule.needs_target == arg


@condition("flags")
def _flags(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    f = ctx.flags_of(c)
    return all(getattr(f, name) for name in arg)


@condition("not_flags")
def _not_flags(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    f = ctx.flags_of(c)
    return not any(getattr(f, name) for name in arg)


@condition("plain_negation")
def _plain_negation(c: Candidate, ctx: Context, arg: bool) -> bool:
    """Denied by 'no', 'not', 'never' (not by a verb such as 'vetoed', whose own event it is)."""
    f = ctx.flags_of(c)
    return (f.negated and (f.cue or "").lower() in ctx.cues.negators) == arg


@condition("has_sources")
def _has_sources(c: Candidate, ctx: Context, arg: bool) -> bool:
    return bool(c.sources) == arg


@condition("has_targets")
def _has_targets(c: Candidate, ctx: Context, arg: bool) -> bool:
    return bool(c.other_targets) == arg


@condition("many_sources")
def _many_sources(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (len(c.sources) > 1) == arg


@condition("has_source_token")
def _has_source_token(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (c.source_tok is not None) == arg


@condition("source_is_pronoun")
def _source_is_pronoun(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (c.source_tok is not None and c.source_tok.pos_ == "PRON") == arg


@condition("source_is_role_noun")
def _source_is_role_noun(c: Candidate, ctx: Context, arg: bool) -> bool:
    tok = c.source_tok
    return (tok is not None and tok.lemma_.lower() in ctx.roles.sector_of) == arg


@condition("source_in_sector_group")
def _source_in_sector_group(c: Candidate, ctx: Context, arg: str) -> bool:
    return bool(c.sources) and c.sources[0].sector in ctx.roles.sector_groups[arg]


@condition("source_is_state")
def _source_is_state(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (bool(c.sources) and c.sources[0].code in ctx.states) == arg


@condition("source_compounds_trigger")
def _source_compounds_trigger(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'the NATO summit': the actor is only a modifier of the trigger noun."""
    tok = c.source_tok
    return (tok is not None and tok.dep_ == "compound" and tok.head.i == c.trigger.i) == arg


@condition("passive")
def _passive(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (c.trigger.pos_ in ("VERB", "AUX") and is_passive(c.trigger)) == arg


@condition("refers_to_an_act")
def _refers_to_an_act(c: Candidate, ctx: Context, arg: bool) -> bool:
    """Its object is a definite noun naming an earlier act ('rejected the allegation')."""
    return (referenced_act(c, ctx) is not None) == arg


@condition("predicative_in")
def _predicative_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """What the object is called ('called the deal historic', 'hailed it as a success')."""
    words = ctx.cues.words(arg)
    negators = ctx.cues.negators
    return any(t.lemma_.lower() in words or t.lower_ in words
               for p in predicatives(c.trigger)
               # "neither free nor fair" praises nothing
               if not any(x.lower_ in negators or x.dep_ == "neg" for x in p.subtree)
               for t in p.subtree)


@condition("targets_are_self")
def _targets_are_self(c: Candidate, ctx: Context, arg: bool) -> bool:
    """Every recipient is the actor itself ('Taiwan vowed to defend our country')."""
    if not c.sources:
        return not arg
    src = c.sources[0]
    tok = c.target_tok or (object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None)
    # only what the text itself says is its own: "our country", "itself"
    own = ctx.cues.own_side_words
    own_words = tok is not None and (tok.lower_ in own or any(
        x.dep_ == "poss" and x.lower_ in own for x in tok.children))
    return (own_words and all(t.code == src.code for t in c.targets)) == arg


@condition("complement_negated")
def _complement_negated(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'vowed that such unrest will not happen again'."""
    comp = child(c.trigger, "xcomp", "ccomp")
    neg = comp is not None and any(x.dep_ == "neg" or x.lower_ in ctx.cues.negators
                                   for x in comp.children)
    return neg == arg


@condition("source_not_in_sector_group")
def _source_not_in_sector_group(c: Candidate, ctx: Context, arg: str) -> bool:
    return bool(c.sources) and c.sources[0].sector not in ctx.roles.sector_groups[arg]


@condition("other_state_in_sentence")
def _other_state_in_sentence(c: Candidate, ctx: Context, arg: bool) -> bool:
    """The sentence names a state other than the actor's ('war against Ukraine')."""
    own = {a.code for a in c.sources}
    sent, ordered = sentence_of(c.trigger), ctx.mentions.ordered  # sorted by first token
    first = bisect_left(ordered, sent.start, key=lambda m: m.first)
    inside = ordered[first : bisect_left(ordered, sent.end, lo=first, key=lambda m: m.first)]
    found = any(m.actor.code in ctx.states and m.actor.code not in own for m in inside)
    return found == arg


@condition("under_prep_in")
def _under_prep_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """A noun trigger that is the object of one of these prepositions ('in a phone call')."""
    tok = c.trigger
    return tok.dep_ == "pobj" and tok.head.lower_ in ctx.cues.words(arg)


@condition("negated_by_verb_in")
def _negated_by_verb_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """Denied by a verb of this list ('stopped all training'), not by 'not'."""
    f = ctx.flags_of(c)
    return f.negated and f.cue is not None and (
        f.cue.lower() in ctx.cues.words(arg) or _lemma_of(c, f.cue) in ctx.cues.words(arg))


def _lemma_of(c: Candidate, word: str) -> str:
    return next((t.lemma_.lower() for t in sentence_of(c.trigger) if t.text == word), word.lower())


@condition("object_is_an_event")
def _object_is_an_event(c: Candidate, ctx: Context, arg: bool) -> bool:
    """The object is an event noun of the lexicon ('ordered the deployment')."""
    obj = object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None
    # "approved Bosnia's membership talks" approves someone else's act: that stays an event
    own = obj is not None and not any(x.dep_ == "poss" for x in obj.children)
    return (own and obj.lemma_.lower() in ctx.event_nouns) == arg


@condition("source_dep_in")
def _source_dep_in(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    return c.source_tok is not None and c.source_tok.dep_ in arg


@condition("targets_guessed")
def _targets_guessed(c: Candidate, ctx: Context, arg: bool) -> bool:
    """No recipient, or one that only the article's country gave ('protesters' -> KEN)."""
    generic = ctx.mentions.generic_tokens
    guessed = not c.targets or (
        c.target_tok is not None and any(t.i in generic for t in c.target_tok.subtree)
        and all(a.code == ctx.mentions.focus for a in c.targets))
    return guessed == arg


@condition("targets_all_igos")
def _targets_all_igos(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (bool(c.targets) and all(a.code in ctx.igos for a in c.targets)) == arg


@condition("targets_own_in_sector_group")
def _targets_own(c: Candidate, ctx: Context, arg: str) -> bool:
    """Every recipient is a part of the actor's own state ('ordered its army to ...')."""
    group = ctx.roles.sector_groups[arg]
    return bool(c.targets) and bool(c.sources) and all(
        t.code == c.sources[0].code and t.sector in group for t in c.targets)


@condition("target_sector_in")
def _target_sector_in(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    return any(t.sector in arg for t in c.targets)


@condition("type_requires_recipient")
def _type_requires_recipient(c: Candidate, ctx: Context, arg: bool) -> bool:
    return ctx.onto.event_type(c.type).requires_recipient == arg


@condition("rule_allows_target")
def _rule_allows_target(c: Candidate, ctx: Context, arg: bool) -> bool:
    return ("none" not in c.rule.target) == arg


@condition("anchored")
def _anchored(c: Candidate, ctx: Context, arg: bool) -> bool:
    return c.anchor_is_light == arg


@condition("anchor_codes_the_act")
def _anchor_codes(c: Candidate, ctx: Context, arg: bool) -> bool:
    return c.anchor_codes_the_act == arg


@condition("has_anchor")
def _has_anchor(c: Candidate, ctx: Context, arg: bool) -> bool:
    return (c.anchor is not None) == arg


# the conditions on the words around the trigger register themselves on import
from . import conditions_clause  # noqa: E402, F401
