"""Conditions on the words around a trigger: its complement, markers, nearby words, the verb
that governs it (registered into conditions.CONDITIONS)."""

from __future__ import annotations

from ..sentences import sentence_of
from .candidate import Candidate
from .conditions import condition
from .finders import Context
from .syntax import child, object_of


@condition("complement_in")
def _complement_in(c: Candidate, ctx: Context, arg: str) -> bool:
    comp = child(c.trigger, "xcomp", "ccomp")
    return comp is not None and comp.lemma_.lower() in ctx.cues.words(arg)


@condition("marker_in")
def _marker_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """A modifier such as 'joint' on the trigger, its object or the verb it is object of."""
    tok, markers = c.trigger, ctx.cues.words(arg)
    heads = [tok] + [x for x in tok.children if x.dep_ in ("dobj", "attr")]
    if tok.dep_ == "dobj":
        heads.append(tok.head)
    return any(x.lower_ in markers for h in heads for x in h.children
               if x.dep_ in ("amod", "compound", "advmod"))


@condition("near_words")
def _near_words(c: Candidate, ctx: Context, arg: str) -> bool:
    """Words in the trigger's phrase or modifying its clause's subject ('teachers' strike')."""
    tok = c.trigger
    near = {t.lemma_.lower() for t in tok.subtree}
    if tok.pos_ == "NOUN":  # "teachers staged a strike": the light verb's subject
        near |= {t.lemma_.lower() for t in tok.head.subtree if t.dep_ in ("nsubj", "amod")}
    return bool(near & ctx.cues.words(arg))


@condition("clause_has")
def _clause_has(c: Candidate, ctx: Context, arg: str) -> bool:
    """A word of the list in the trigger's clause, not in a clause it subordinates: "clashed
    with police as the country waited for the election results" is no contest."""
    words, material = ctx.cues.words(arg), c.material()
    subordinate = {t.i for x in material if x.dep_ == "advcl" and x.i != c.trigger.i
                   and any(m.dep_ == "mark" for m in x.children) for t in x.subtree}
    return any(t.lemma_.lower() in words for t in material if t.i not in subordinate)


@condition("intercepts")
def _intercepts(c: Candidate, ctx: Context, arg: str) -> bool:
    """'shot down 44 cruise missiles': air defence against incoming munitions."""
    verb = c.trigger
    down = any(x.dep_ in ("prt", "advmod") and x.lower_ == "down" for x in verb.children)
    obj = object_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    if obj is None:
        return False
    heads = [obj] + [o for x in obj.children if x.dep_ == "prep" and x.lower_ == "of"
                     for o in x.children if o.dep_ == "pobj"]
    munitions = ctx.cues.words(arg)
    return (down or verb.lemma_.lower() == "intercept") and any(
        h.lemma_.lower() in munitions for h in heads)


@condition("reports_the_past")
def _reports_the_past(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'warned that jets had violated its airspace' tells what happened."""
    comp = child(c.trigger, "ccomp")
    if comp is None:
        return not arg
    auxes = {x.lower_ for x in comp.children if x.dep_ in ("aux", "auxpass")}
    modal = ctx.cues.future_modals | ctx.cues.hypothetical_modals
    return (comp.tag_ in ("VBD", "VBN") and not auxes & modal) == arg


@condition("asks_for_something")
def _asks_for_something(c: Candidate, ctx: Context, arg: bool) -> bool:
    """A request needs a complement clause or a 'for' phrase ('pressed for talks')."""
    preps = ctx.cues.request_content_preps
    found = any(x.dep_ in ("xcomp", "ccomp") or (x.dep_ == "prep" and x.lower_ in preps)
                for x in c.trigger.children)
    return found == arg


@condition("governing_verb_in")
def _governing_verb_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """A noun trigger that is the object of a verb of this list ('rejected the calls', 'the
    request was granted')."""
    tok = c.trigger
    return (tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")
            and tok.head.lemma_.lower() in ctx.cues.words(arg))


@condition("subject_of_verb_in")
def _subject_of_verb_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """A noun trigger that is the subject of a verb of this list ('strikes hit Kyiv')."""
    tok = c.trigger
    return (tok.dep_ == "nsubj" and tok.head.pos_ == "VERB"
            and tok.head.lemma_.lower() in ctx.cues.words(arg))


@condition("conditional_or_ready")
def _conditional_or_ready(c: Candidate, ctx: Context, arg: bool) -> bool:
    """'ready to intervene if stability is threatened', 'prepared to strike': force held out
    on a condition or as a readiness."""
    tok, found = c.trigger, False
    for _ in range(4):
        if any(x.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                         for m in x.children) for x in tok.children):
            found = True
        if tok.lemma_.lower() in ctx.cues.readiness_words:
            found = True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return found == arg


@condition("source_in_sectors")
def _source_in_sectors(c: Candidate, ctx: Context, arg: list) -> bool:
    return bool(c.sources) and c.sources[0].sector in arg


@condition("object_event_type_in")
def _object_event_type_in(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    """Its object is an event noun of one of these types ('pledged the deployment of')."""
    obj = object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None
    return obj is not None and bool(ctx.noun_types.get(obj.lemma_.lower(), frozenset())
                                    & set(arg))


@condition("has_prep")
def _has_prep(c: Candidate, ctx: Context, arg: str) -> bool:
    """The trigger governs this preposition ('withdrew from the treaty')."""
    return any(x.dep_ in ("prep", "prt") and x.lower_ == arg for x in c.trigger.children)


@condition("judged_act_of_type")
def _judged_act_of_type(c: Candidate, ctx: Context, arg: list[str]) -> bool:
    """'France regretted the decision to expel its diplomats': the act spelled out after a
    definite act noun is the object of a judgement coded as one of these types."""
    tok = c.trigger
    noun = tok.head
    if tok.dep_ != "acl" or noun.lemma_.lower() not in ctx.cues.act_nouns or not any(
            d.dep_ == "det" and d.lower_ in ctx.cues.definite_determiners
            for d in noun.children) or noun.dep_ != "dobj":
        return False
    return any(h.trigger.i == noun.head.i and h.type in arg for h in ctx.history)


@condition("object_in")
def _object_in(c: Candidate, ctx: Context, arg: str) -> bool:
    """The verb's object is a word of this list ('called the election unfair')."""
    obj = object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None
    return obj is not None and obj.lemma_.lower() in ctx.cues.words(arg)


@condition("placed_at_home")
def _placed_at_home(c: Candidate, ctx: Context, arg: bool) -> bool:
    """The sentence places the act in the actor's own country: a place after 'in', 'at',
    'across' ... ('troops in Mali's Mopti region', 'fired on crowds in Lagos') is the actor's."""
    own = {a.code for a in c.sources if a.code in ctx.states}
    preps = ctx.cues.words("actor_place_preps")
    found = False
    for tok in sentence_of(c.trigger):
        if own and tok.dep_ == "pobj" and tok.head.lower_ in preps and any(
                a.code in own for a in ctx.mentions.group_for(tok)):
            found = True
            break
    return found == arg


@condition("reciprocal_object")
def _reciprocal_object(c: Candidate, ctx: Context, arg: bool) -> bool:
    """The act is done to 'each other' or 'one another', as object or after a preposition."""
    tok = c.trigger
    heads = [object_of(tok)] + [o for p in tok.children if p.dep_ == "prep"
                                for o in p.children if o.dep_ == "pobj"]
    found = any(h is not None and (
        (h.lower_ == "other" and any(d.lower_ == "each" for d in h.children))
        or (h.lower_ == "one" and any(d.lower_ == "another" for d in h.children))
        or (h.lower_ == "another" and h.i > 0 and h.doc[h.i - 1].lower_ == "one"))
        for h in heads)
    return found == arg


@condition("targets_between")
def _targets_between(c: Candidate, ctx: Context, arg: bool) -> bool:
    """The recipients are the trigger's own 'between' phrase ('talks between A and B')."""
    tok = c.target_tok
    while tok is not None and tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    found = (tok is not None and tok.dep_ == "pobj" and tok.head.lower_ == "between"
             and tok.head.head.i == c.trigger.i and len(c.targets) > 1)
    return found == arg
