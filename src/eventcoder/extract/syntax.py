"""Small questions about a dependency parse: voice, subject, object, prepositional slots.

Plain functions over spaCy Tokens so they can be tested on hand-built Docs.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECT_DEPS = {"nsubj", "csubj"}


def _words():
    """The cue lists these questions read (object_control_verbs, relative_pronouns)."""
    from .cues import default_cues

    return default_cues()


def misread_participle_subject(verb: Token) -> Token | None:
    """The subject of a finite verb the small model read as a participle of an object.

    "Gunmen riding motorcycles killed ten villagers" comes out as 'killed' (VBN, acl) modifying
    'motorcycles', the object of 'riding' (VBG, acl) on 'Gunmen'. A passive participle there
    would need no object of its own and would not follow an active participle's object, so the
    verb is finite and its subject is the noun the '-ing' phrase describes."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or agent_of(verb) is not None:
        return None
    head = verb.head
    ing = head.head
    if head.dep_ != "dobj" or ing.dep_ != "acl" or ing.tag_ != "VBG" or ing.i >= head.i:
        return None
    noun = ing.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i >= ing.i:
        return None
    return noun


def is_passive(verb: Token) -> bool:
    if verb.dep_ == "acl" and misread_participle_subject(verb) is not None:
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    ) or (  # "talks resumed, mediated by Qatar"
        verb.dep_ == "advcl" and verb.tag_ == "VBN"
        and any(c.dep_ == "agent" for c in verb.children)
    )


def child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def agent_of(verb: Token) -> Token | None:
    """The by-phrase object of a passive verb."""
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            obj = child(c, "pobj")
            if obj is not None:
                return obj
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The logical subject (actor) of a verb, through passive, control, conjunction, relatives."""
    if depth > 4:
        return None
    if is_passive(verb):
        return agent_of(verb)
    subj = child(verb, *SUBJECT_DEPS)
    if subj is not None:
        if subj.lower_ in _words().relative_pronouns and verb.dep_ == "relcl":
            return verb.head
        return subj
    head = verb.head
    infinitive = child(verb, "aux") is not None and child(verb, "aux").lower_ == "to"
    if verb.dep_ == "relcl" and not infinitive:
        return head
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "troops attacking the town"
        return head
    misread = misread_participle_subject(verb)
    if misread is not None:
        return misread
    if verb.dep_ in ("acl", "relcl") and infinitive and head.pos_ == "NOUN":
        # "Trump's decision to kill", "Kenya's offer to lead": the intent's owner
        owner = child(head, "poss")
        if owner is not None:
            return owner
        if head.dep_ == "dobj" and head.head.pos_ in ("VERB", "AUX"):
            # "approved a deal to sell F-16s", "signed an agreement to build": the signer's
            return subject_of(head.head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl") and infinitive:
        if head.lemma_.lower() in _words().object_control_verbs:
            obj = child(head, "dobj")
            if obj is None:  # "called on the UN to intervene"
                on = next((c for c in head.children if c.dep_ == "prep"
                           and c.lower_ in ("on", "upon")), None)
                obj = child(on, "pobj") if on is not None else None
            if obj is not None:
                return obj
        if is_passive(head) and agent_of(head) is None:
            # raising and passive control: "Japan is expected to send", "was forced to quit"
            raised = child(head, "nsubjpass")
            if raised is not None:
                return raised
        return subject_of(head, depth + 1)
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        return subject_of(head, depth + 1)
    if verb.dep_ in ("acomp", "oprd") and head.i != verb.i:
        return subject_of(head, depth + 1)  # "Sweden is ready to send": ready <- is <- Sweden
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        obj = child(head.head, "dobj")
        if obj is not None and head.lower_ in ("of", "for", "with"):
            return obj  # "accused Doha of supporting", "blamed Kyiv for shelling"
        return subject_of(head.head, depth + 1)  # "Honduras ... after cutting ties"
    return None


def object_of(verb: Token) -> Token | None:
    """The patient: direct object in the active, the subject in the passive."""
    if is_passive(verb):
        subj = child(verb, "nsubjpass", "csubjpass")
        if subj is not None:
            if subj.lower_ in _words().relative_pronouns and verb.dep_ == "relcl":
                return verb.head  # "the workers who were detained": the workers
            return subj
        if verb.dep_ == "acl":
            return verb.head
        if verb.dep_ == "relcl":
            return verb.head
        return None
    obj = child(verb, "dobj", "obj")
    if obj is not None:
        if obj.lower_ in _words().relative_pronouns and verb.dep_ == "relcl":
            return verb.head
        return obj
    if verb.dep_ == "relcl":
        # "the town that the army shelled": the head noun is the object when a subject exists
        if child(verb, "nsubj") is not None and not child(verb, "dobj"):
            return verb.head
    # the small model sometimes labels a plain object noun 'npadvmod' or 'dep'
    # ("criticised Turkey"): take a proper noun right after the verb
    for c in verb.rights:
        if c.dep_ in ("npadvmod", "dep", "oprd") and c.pos_ == "PROPN" and c.i <= verb.i + 3:
            return c
    return None


# one preposition, two spellings: a rule naming either finds both
_SPELLINGS = {"towards": "toward", "amongst": "among"}


def prep_objects(head: Token, prep: str, depth: int = 0) -> Iterator[Token]:
    """Objects of preposition `prep` on `head`, and inside its noun-phrase arguments.

    'fund a package of missiles for Kyiv': 'for' hangs on 'missiles', two levels below the verb.
    """
    prep = _SPELLINGS.get(prep, prep)
    for c in head.children:
        # "drills off Hokkaido": the parser may call a preposition with its object a particle
        if c.dep_ in ("prep", "agent", "dative", "prt") and _SPELLINGS.get(
                c.lower_, c.lower_) == prep:
            for o in c.children:
                if o.dep_ == "pobj":
                    yield o
    if depth >= 3:
        return
    for c in head.children:
        if c.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "oprd", "npadvmod") or (
            c.dep_ == "prep" and c.lower_ in ("of", "in", "to")
        ):
            yield from prep_objects(c, prep, depth + 1)


def predicatives(verb: Token) -> list[Token]:
    """What a verb of judging calls its object: 'called the vote a sham' (oprd), 'described
    the move as hostile', 'denounced the vote as a sham' ('as' on the verb or the object)."""
    out = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.pos_ in (
        "NOUN", "ADJ", "PROPN", "ADV")]
    obj = child(verb, "dobj")
    if obj is not None:
        # 'called the tariffs "unjustified"': the quote makes the parser hang the predicate on
        # the object as an adjective after it, where English puts none
        out.extend(c for c in obj.children if c.dep_ == "amod" and c.i > obj.i)
        # 'called the UN operation known as MINUSMA a "failure"': a quoted word the parser
        # buried inside the object's own phrase
        out.extend(t for t in obj.subtree if t.i > obj.i and t.pos_ in ("NOUN", "ADJ")
                   and any(c.is_quote for c in t.children))
    for head in (verb, obj):
        if head is None:
            continue
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                out.extend(o for o in c.children if o.dep_ in ("pobj", "amod", "acomp"))
    return out


def infinitive_of(head: Token) -> Token | None:
    """The 'to' clause that says what a noun or verb is for ('calls to impose sanctions'). The
    parser often hangs a noun's clause on the verb the noun is object of: it counts when it
    starts right after the noun's own phrase."""
    def to_clause(tok: Token) -> bool:
        return tok.dep_ in ("xcomp", "acl", "advcl", "relcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    found = next((c for c in head.children if c.i > head.i and to_clause(c)), None)
    if found is None and head.dep_ == "dobj":
        found = next((c for c in head.head.children if to_clause(c)
                      and c.left_edge.i == head.right_edge.i + 1), None)
    return found
