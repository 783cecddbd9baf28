"""Named finders: ways a convention may find a missing actor or recipient in the parse.

`target_from: complement` in conventions.yaml runs the finder `complement`; a finder returns
the token it found and the actors it stands for, or (None, []) when it finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..knowledge import Roles
from ..ontology import Ontology
from ..records import Actor, Flags
from ..resolve import MentionIndex
from ..sentences import sentence_index
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
    # the candidates found so far in this Doc, in order: what "the decision" refers back to
    history: list[Candidate] = field(default_factory=list)
    # event nouns -> the types of the lexicon's noun rules for them ('visit' -> CONSULT)
    act_types: dict[str, frozenset[str]] = field(default_factory=dict)
    event_nouns: frozenset[str] = frozenset()  # lemmas with a NOUN rule in the lexicon
    noun_types: dict[str, frozenset[str]] = field(default_factory=dict)  # their rules' types


Finder = Callable[[Candidate, Context], "tuple[Token | None, list[Actor]]"]
FINDERS: dict[str, Finder] = {}


def finder(name: str) -> Callable[[Finder], Finder]:
    def register(fn: Finder) -> Finder:
        FINDERS[name] = fn
        return fn
    return register


def _exclude(c: Candidate) -> set[str]:
    return {a.code for a in c.sources}


def _exclude_states(c: Candidate, ctx: Context) -> set[str]:
    """A state's own organs, named or not ('the Sudanese army', 'the Tatmadaw'), are not
    their country's recipient; rebels, gunmen and armed groups acting at home are ('gunmen
    stormed a hotel in the Somali capital')."""
    state = set(ctx.roles.sector_groups["state_organs"]) | set(
        ctx.roles.sector_groups["authorities"])
    return {a.code for a in c.sources if a.sector in state and (
        a.group is None or a.sector is not None)}


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
                        _exclude_states(c, ctx), places=True)


@finder("places_in_the_act")
def _places_in_the_act(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'an investigation into abuses in Venezuela', 'called the election in Belarus unfair':
    the country where what is judged took place (inside the noun, or the verb's object)."""
    noun = c.trigger.pos_ in ("NOUN", "PROPN")
    verb = c.anchor if noun else c.trigger
    phrases = [c.trigger if noun else object_of(c.trigger)]
    # the parser often hangs the phrase on the verb: "opened an investigation into crimes in X"
    if verb is not None:
        phrases += [p for p in verb.children if p.dep_ == "prep" and (
            p.lower_ in ctx.cues.event_place_preps or (noun and p.lower_ == "into"))]
    for phrase in phrases:
        found = actor_inside(phrase, ctx.mentions, c.source_tok, ctx.cues, _exclude(c),
                             places=True)
        if found[1]:
            return found
    return None, []


@finder("places_of_the_act")
def _places_of_the_act(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'shelled positions in Donetsk': the place the act struck."""
    exclude = _exclude_states(c, ctx)
    for prep in ctx.cues.ordered("damage_place_preps"):
        for place_tok in prep_objects(c.trigger, prep, depth=1):
            found = [a for a in ctx.mentions.group_for(place_tok) if a.code not in exclude]
            if found:
                return place_tok, found
            # "on the outskirts of El Fasher"
            inner = actor_inside(place_tok, ctx.mentions, c.source_tok, ctx.cues, exclude,
                                 places=True)
            if inner[1]:
                return inner
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
    # "dozens of worshippers", "hundreds of young people": the people after the number
    objs += [p for o in objs if o is not None and o.lemma_.lower() in ctx.roles.quantity_nouns
             for p in prep_objects(o, "of")]
    for o in objs:
        sector = ctx.roles.sector_of.get(o.lemma_.lower()) if o is not None else None
        if o is not None and sector in civil:
            return o, [Actor(src.code, sector, src.name, o.text, o.lemma_.lower(),
                             o.idx, o.idx + len(o.text))]
    return None, []


@finder("purpose_object")
def _purpose_object(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'used tear gas to push them back': force used for an end is used on who that end is
    done to (the object of the purpose infinitive)."""
    for comp in c.trigger.children:
        if comp.dep_ in ("advcl", "xcomp") and any(
                x.dep_ == "aux" and x.lower_ == "to" for x in comp.children):
            obj = object_of(comp)
            found = ctx.mentions.group_for(obj) if obj is not None else []
            found = [a for a in found if a.code not in _exclude_states(c, ctx)
                     or a.sector != c.sources[0].sector]
            if found:
                return obj, found
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


@finder("patient")
def _patient(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'the military had been deployed': the forces moved are who mobilised."""
    obj = object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None
    if obj is None:
        return None, []
    return obj, ctx.mentions.group_for(obj)


_SCENE_PREPS = ("in", "inside", "at")


def _implicit_state(a: Actor) -> list[Actor]:
    return [Actor(a.code, "GOV", a.name, "", "implicit", None, None)]


def _scene_state(c: Candidate, ctx: Context) -> Actor | None:
    """The state of the place where the act or its patient is ('detained in Iran', 'the
    students who were arrested in Moscow')."""
    obj = object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None
    heads = [c.trigger] + ([obj] if obj is not None else [])
    for head in heads:
        for t in head.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in _SCENE_PREPS and (
                    t.ent_type_ not in ("DATE", "TIME")):
                states = [a for a in ctx.mentions.group_for(t) if a.code in ctx.states]
                if states:
                    return states[0]
    return None


@finder("state_where_held")
def _state_where_held(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'two journalists were detained in Iran': by the state of the place (implicit)."""
    a = _scene_state(c, ctx)
    return (None, _implicit_state(a)) if a is not None else (None, [])


@finder("holder_of_the_released")
def _holder_of_the_released(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'prisoners in Nicaragua were released': by the state that held them (implicit); with no
    place named, the prisoners' own state ('Iranian dissidents were freed')."""
    a = _scene_state(c, ctx)
    if a is not None:
        return None, _implicit_state(a)
    obj = object_of(c.trigger) if c.trigger.pos_ in ("VERB", "AUX") else None
    found = ctx.mentions.group_for(obj) if obj is not None else []
    states = [a for a in found if a.code in ctx.states]
    return (None, _implicit_state(states[0])) if states else (None, [])


@finder("speaker")
def _speaker(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'police said an investigation had been launched': the authority that says so."""
    cur = c.trigger
    for _ in range(8):
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in (
                ctx.cues.reporting_verbs):
            st = subject_of(cur.head)
            return (st, ctx.mentions.group_for(st)) if st is not None else (None, [])
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return None, []


@finder("clause_subject")
def _clause_subject(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Biden thanked Erdogan in a phone call': the call is the clause subject's."""
    verb = _governing_verb(c.trigger)
    st = subject_of(verb) if verb is not None else None
    return (st, ctx.mentions.group_for(st)) if st is not None else (None, [])


@finder("clause_object")
def _clause_object(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Biden thanked Erdogan in a phone call': the call was with the clause's object."""
    verb = _governing_verb(c.trigger)
    obj = object_of(verb) if verb is not None else None
    return (obj, ctx.mentions.group_for(obj)) if obj is not None else (None, [])


def _governing_verb(tok: Token) -> Token | None:
    """The verb a noun hangs on through a preposition ('in a phone call', 'during talks')."""
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return None
    cur = tok.head.head
    for _ in range(4):  # "pulled back soldiers from posts near towns after a phone call"
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


@finder("author_of_the_act")
def _author_of_the_act(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Beijing denounced the visit', 'Athens opposed the deal': the recipient is who did the
    act the definite noun refers back to, the latest earlier event of that kind by another
    actor (of any kind for 'the decision', 'the move', 'the step')."""
    own = {a.code for a in c.sources}
    return _earlier_act_party(c, ctx, lambda e: [a for a in e.sources
                                                 if a.code not in own and a.code != "UNK"])


@finder("target_of_the_act")
def _target_of_the_act(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'Latvia echoed the charge', 'Canada joined the condemnation': whoever repeats an act
    does it to the same recipient, the latest earlier act of that kind's."""
    own = {a.code for a in c.sources}
    return _earlier_act_party(c, ctx, lambda e: [a for a in e.targets if a.code not in own])


def _earlier_act_party(c: Candidate, ctx: Context, party) -> tuple[Token | None, list[Actor]]:
    ref = referenced_act(c, ctx)
    if ref is None:
        return None, []
    lemma = ref.lemma_.lower()
    # "those actions", "the decision": acts of any kind
    wanted = None if lemma in ctx.cues.generic_act_nouns else ctx.act_types.get(lemma)
    sent_starts = sentence_index(c.trigger.doc).starts_up_to(c.trigger.i, 4)
    recent = sent_starts[-4] if len(sent_starts) >= 4 else 0
    # an act of the noun's own kind first; then, for words and decisions (not material acts:
    # "the new sanctions" are someone's sanctions), any recent act by another actor
    verbal = {"ACCUSE", "REQUEST", "THREATEN", "AGREE", "SUPPORT", "REJECT", "CONSULT"}
    passes = (True, False) if not wanted or wanted <= verbal else (True,)
    for typed in passes:
        for earlier in reversed(ctx.history):
            if earlier.trigger.i >= c.trigger.i or (not typed and earlier.trigger.i < recent):
                continue
            if typed and wanted and earlier.type not in wanted:
                continue
            found = party(earlier)
            if found:
                return ref, found
    return None, []


def referenced_act(c: Candidate, ctx: Context) -> Token | None:
    """The trigger's object (or, for a verb of judging, its subject) when it is a definite
    noun naming an act: 'the allegation', 'those actions', 'the tariffs'."""
    tok = c.trigger
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if tok.dep_ == "relcl" and tok.head.lemma_.lower() in ctx.cues.act_nouns:
        # "..., a move that Israel condemned": the relative clause judges the act its noun
        # stands for, definite or not
        obj = object_of(tok)  # the relative pronoun stands for the noun
        if obj is None or obj.i == tok.head.i:
            return tok.head
    for noun in (object_of(tok), subject_of(tok)):  # "the levies hurt ... and violated"
        if noun is None or noun.lemma_.lower() not in ctx.cues.act_nouns:
            continue
        if any(d.dep_ in ("det", "poss") and d.lower_ in ctx.cues.definite_determiners
               for d in noun.children):
            return noun
    return None


@finder("inside_the_noun")
def _inside_the_noun(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'the administration's threat of tariffs on Mexican imports': who the noun's own phrase
    names, nearest first (places excluded)."""
    tok, found = actor_inside(c.trigger, ctx.mentions, c.source_tok, ctx.cues, _exclude(c))
    found = [a for a in found if a.role != "place"]  # a town named in it is where, not whom
    return (tok, found) if found else (None, [])


@finder("complement_subject")
def _complement_subject(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'demanded that Russia withdraw', 'urged that Israel allow aid in': who is asked."""
    comp = child(c.trigger, "ccomp")
    subj = child(comp, "nsubj", "nsubjpass") if comp is not None else None
    if subj is None:
        return None, []
    found = [a for a in ctx.mentions.group_for(subj) if a.code not in _exclude(c)]
    return (subj, found) if found else (None, [])


@finder("latest_accuser")
def _latest_accuser(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'these are unfounded claims': the recipient is who last accused this actor."""
    own = {a.code for a in c.sources}
    for earlier in reversed(ctx.history):
        if earlier.trigger.i >= c.trigger.i or earlier.type not in ("ACCUSE", "SANCTION",
                                                                    "THREATEN"):
            continue
        if not own or any(t.code in own for t in earlier.targets) or not earlier.targets:
            authors = [a for a in earlier.sources if a.code not in own and a.code != "UNK"]
            if authors:
                return None, authors
    return None, []


@finder("article_country")
def _article_country(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """The article's own country (implicit): who summons an envoy in a story about itself."""
    taken = {a.code for a in c.targets + c.sources}
    code = ctx.mentions.focus
    if code is None or code in taken:
        # the story's main country is the other party: the state it names most after it
        from collections import Counter

        counts = Counter(m.actor.code for m in ctx.mentions.ordered
                         if m.actor.code in ctx.states and m.actor.code not in taken)
        code = counts.most_common(1)[0][0] if counts else None
    if code is None:
        return None, []
    return None, [Actor(code, "GOV", ctx.mentions.kb.name_of(code), "", "implicit", None, None)]


@finder("article_people")
def _article_people(c: Candidate, ctx: Context) -> tuple[Token | None, list[Actor]]:
    """'massive anti-government protests': the people of the article's country (implicit)."""
    code = ctx.mentions.focus
    if code is None:
        return None, []
    return None, [Actor(code, "CVL", ctx.mentions.kb.name_of(code), "", "implicit", None, None)]
