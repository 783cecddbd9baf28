"""Named slot resolvers: where a trigger rule's actor and recipient stand in the parse.

Trigger rules name their slots (`source: subject`, `target: [prep:to, object]`); this module is
the registry those names refer to. A resolver returns the tokens that may fill the slot, best
first; turning a token into actors is the mention index's job. Unknown names are refused when
the lexicon loads (`check_slot_name`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Span, Token

from ..errors import DataFileError
from ..records import Actor
from ..resolve import MentionIndex
from ..sentences import sentence_of
from .cues import Cues
from .syntax import agent_of, child, is_passive, object_of, prep_objects, subject_of

Resolver = Callable[[Token, "Token | None"], list[Token]]
_RESOLVERS: dict[str, Resolver] = {}
_EXACT: set[str] = set()  # slots whose token must itself be the actor (no search inside)
# Dependency labels that never lead to the participant an act concerns (grammar, not words)
_NOT_INSIDE = {"relcl", "advcl", "punct", "cc", "det"}


def resolver(name: str, search_inside: bool = True) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        _RESOLVERS[name] = fn
        if not search_inside:
            _EXACT.add(name)
        return fn
    return register


def check_slot_name(name: str, where: str) -> None:
    if name.startswith("prep:") or name in _RESOLVERS or name == "none":
        return
    raise DataFileError(f"{where}: unknown slot {name!r} (known: prep:X, none, "
                        f"{', '.join(sorted(_RESOLVERS))})")


def slot_tokens(name: str, tok: Token, anchor: Token | None = None) -> list[Token]:
    """Tokens that may fill slot `name` of trigger `tok`; `anchor` is a light verb whose
    prepositions also count for a noun trigger ("sent aid to Turkey")."""
    if name.startswith("prep:"):
        prep = name.split(":", 1)[1]
        found = list(prep_objects(tok, prep))
        if tok.pos_ in ("NOUN", "PROPN"):
            # "a 100% levy on cars and 25% on steel from China": the coordinated measure's
            for conj in (c for c in tok.children if c.dep_ == "conj"):
                found.extend(prep_objects(conj, prep, depth=2))
        if anchor is not None:
            seen = {c.i for c in found}
            found.extend(o for o in prep_objects(anchor, prep, depth=3) if o.i not in seen)
        return found
    return _RESOLVERS[name](tok, anchor)


@resolver("subject")
def _subject(tok: Token, anchor: Token | None) -> list[Token]:
    if tok.pos_ not in ("VERB", "AUX"):
        return []
    s = subject_of(tok)
    if s is None and is_passive(tok):
        s = by_list_fallback(tok)
    return [s] if s is not None else []


@resolver("object")
def _object(tok: Token, anchor: Token | None) -> list[Token]:
    obj = object_of(tok) if tok.pos_ in ("VERB", "AUX") else None
    return [obj] if obj is not None else []


@resolver("dative")
def _dative(tok: Token, anchor: Token | None) -> list[Token]:
    d = child(tok, "dative")
    return [child(d, "pobj") or d] if d is not None else []


@resolver("self", search_inside=False)
def _self(tok: Token, anchor: Token | None) -> list[Token]:
    """'Thousands of protesters pushed their way in': the trigger noun is its own actor."""
    return [tok]


@resolver("reporting_speaker", search_inside=False)
def _reporting_speaker(tok: Token, anchor: Token | None) -> list[Token]:
    """'Moscow said Kyiv had violated the truce': Moscow, the subject of the reporting verb
    whose complement the trigger heads."""
    from .cues import default_cues

    cur = tok
    for _ in range(3):  # "says these are unfounded claims": claims <- are <- says
        if cur.dep_ in ("ccomp", "parataxis") and (
                cur.head.lemma_.lower() in default_cues().reporting_verbs):
            s = subject_of(cur.head)
            return [s] if s is not None else []
        if cur.dep_ not in ("conj", "attr", "acomp", "dobj") or cur.head.i == cur.i:
            break
        cur = cur.head
    return []


@resolver("complement_subject", search_inside=False)
def _complement_subject(tok: Token, anchor: Token | None) -> list[Token]:
    """'Paris said that Tehran must free the hostages': Tehran."""
    comp = child(tok, "ccomp")
    subj = child(comp, "nsubj", "nsubjpass") if comp is not None else None
    return [subj] if subj is not None else []


def first_in_slots(slots: tuple[str, ...], tok: Token, mentions: MentionIndex,
                   source_tok: Token | None, cues: Cues, anchor: Token | None = None,
                   exclude: set[str] | frozenset[str] = frozenset()
                   ) -> tuple[Token | None, list[Actor]]:
    """Try the rule's recipient slots in order: the first slot token with actors wins.

    A slot token that is no actor is searched inside ("strikes on Hezbollah targets"), except
    for locative slots ("in Gaza" names where, and a town there is not who)."""
    for name in slots:
        if name == "none":
            return None, []
        for cand in slot_tokens(name, tok, anchor):
            if source_tok is not None and cand.i == source_tok.i:
                continue
            actors = mentions.group_for(cand)
            if actors:
                return cand, actors
            if name in _EXACT or (name.startswith("prep:")
                                  and name[5:] in cues.locative_slot_preps):
                continue
            inner_tok, inner = actor_inside(cand, mentions, source_tok, cues, exclude)
            if inner:
                return inner_tok, inner
    return None, []


def actor_inside(phrase: Token | None, mentions: MentionIndex, source_tok: Token | None,
                 cues: Cues, exclude: set[str] | frozenset[str] = frozenset(),
                 places: bool = False) -> tuple[Token | None, list[Actor]]:
    """The first actor inside a phrase, nearest first: what the act concerns.

    'blocked the sanctions package against Russia' -> Russia; 'froze Russian assets' -> Russia.
    Places ('facilities across Ukraine') count only with `places`, for material conflict.
    """
    if phrase is None:
        return None, []
    skip = {t.i for t in source_tok.subtree} if source_tok is not None else set()
    frontier = [phrase]
    for _ in range(6):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.i in skip or (c.dep_ in _NOT_INSIDE and not _infinitive(c)):
                    continue
                if c.dep_ == "prep" and c.lower_ in cues.locative_preps and not places:
                    continue
                actors = [a for a in mentions.group_for(c) if a.code not in exclude]
                if actors:
                    return c, actors
                nxt.append(c)
        frontier = nxt
    return None, []


def by_list_fallback(verb: Token) -> Token | None:
    """The 'by' token after a passive verb, when the parser did not attach it as agent."""
    agent = agent_of(verb)
    if agent is not None:
        return agent
    for t in verb.doc[verb.i + 1 : sentence_of(verb).end]:
        if t.lower_ == "by":
            return t
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"):
            break
    return None


def actors_after(start: Token, sent: Span, mentions: MentionIndex) -> list[Actor]:
    """Named actors listed after `start` up to the end of the clause (a robust list reader)."""
    out: list[Actor] = []
    for t in sent.doc[start.i + 1 : sent.end]:
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound", "conj"):
            break
        if t.text == ";" or (t.dep_ == "cc" and t.lower_ == "but"):
            break
        m = mentions.by_token.get(t.i)
        if m is not None and m.kind != "demonym" and m.first == t.i:
            out.append(m.actor)
    seen, uniq = set(), []
    for a in out:
        if a.code not in seen:
            seen.add(a.code)
            uniq.append(a)
    return uniq


def noun_owners(tok: Token, mentions: MentionIndex) -> Iterator[tuple[Token, list[Actor]]]:
    """Possessor, demonym or country modifier of a noun trigger: 'Zelensky's request',
    'Russian strikes', 'UK-funded programmes' (the actor hangs below an amod participle)."""
    for c in sorted(tok.children, key=lambda c: c.dep_ != "poss"):
        if c.dep_ not in ("poss", "amod", "compound", "nmod", "npadvmod"):
            continue
        found = mentions.group_for(c)
        if found:
            yield c, found
            return
        for g in c.children:
            if g.dep_ in ("npadvmod", "compound", "nmod"):
                found = mentions.group_for(g)
                if found:
                    yield g, found
                    return


def _infinitive(tok: Token) -> bool:
    """'a deal to sell jets to Turkey': an infinitival clause is part of its noun's content."""
    return tok.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
