"""Negation, modality, future and reported speech around a trigger."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..records import Flags
from ..sentences import sentence_of
from .cues import Cues
from .syntax import subject_of

# How far up the tree a scope marker reaches: through arguments and complements, not past a
# reporting verb (what a speaker said is flagged as reported, not as the speaker's negation).
_CLIMB_FROM_NOUN = {"dobj", "pobj", "prep", "compound", "conj", "amod", "appos", "attr", "nsubj",
                    "nsubjpass", "npadvmod", "oprd", "pcomp", "acl", "poss"}
_CLIMB_FROM_VERB = {"xcomp", "pcomp", "acl", "prep", "pobj"}


def _scope(trigger: Token, cues: Cues) -> list[Token]:
    """The trigger and the heads above it inside its own clause chain; a that-clause is
    climbed out of only under a verb that makes it unreal ('requests that troops be
    removed'), never under a reporting verb."""
    chain = [trigger]
    cur = trigger
    for _ in range(6):
        is_verb = cur.pos_ in ("VERB", "AUX")
        allowed = _CLIMB_FROM_VERB if is_verb else _CLIMB_FROM_NOUN
        purpose = is_verb and cur.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)  # "sent troops to help"
        # "no decisions were made, whether on further aid": a prepositional adverbial
        prep_adverbial = cur.pos_ == "ADP" and cur.dep_ == "advcl"
        told_past = cur.tag_ == "VBD" or any(
            c.dep_ == "aux" and c.lemma_.lower() == "have" for c in cur.children)
        # "demanded that Russia cease fire and withdraw": a conjunct shares the complement's
        # reality; a conjunct of a main clause ("refused, then walked out") does not
        shared = is_verb and cur.dep_ == "conj" and cur.head.dep_ in ("ccomp", "xcomp")
        demanded = is_verb and cur.dep_ == "ccomp" and not told_past and (
            cur.head.lemma_.lower() in cues.hypothetical_markers
            or cur.head.lemma_.lower() in cues.negating_verbs)
        if cur.dep_ == "pobj" and cur.head.lower_ in cues.presupposing_preps:
            break  # "after a phone call with Erdogan": what a clause is dated by happened
        if (cur.dep_ not in allowed and not purpose and not prep_adverbial and not demanded
                and not shared) or (
                cur.head.i == cur.i):
            break
        cur = cur.head
        chain.append(cur)
    return chain


def _reporting_head(trigger: Token, cues: Cues) -> Token | None:
    cur = trigger
    for _ in range(8):
        if cur.head.i == cur.i:
            return None
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in cues.reporting_verbs:
            return cur.head
        if cur.dep_ == "ROOT":
            return None
        cur = cur.head
    return None


def _answered(act: Token, verb: Token, cues: Cues) -> bool:
    """'rejected the demands', 'the plea was refused': an act of saying, turned down by an
    answer, was still said."""
    return act.lemma_.lower() in cues.voiced_act_nouns and (
        verb.lemma_.lower() in cues.response_verbs)


def detect_flags(trigger: Token, cues: Cues,
                 own_type: Callable[[Token], bool] = lambda tok: False) -> Flags:
    """Flags for the event whose head word is `trigger`.

    own_type: whether a word above the trigger is itself an event of the trigger's type, which
    then does not flag it ('agreed to the deal' does not make the deal unreal).
    """
    negated = hypothetical = future = False
    cue: str | None = None
    chain = _scope(trigger, cues)
    reporting = _reporting_head(trigger, cues)
    in_reported_clause = reporting is not None

    for pos, tok in enumerate(chain):
        is_trigger = pos == 0
        if pos and chain[pos - 1].dep_ in ("nsubj", "nsubjpass") and chain[pos - 1].pos_ in (
                "NOUN", "PROPN"):
            # "the attack did not kill anyone" denies the killing, not the attack; and "the
            # focus of the summit was not Ukraine" denies nothing about the summit; but "the
            # meeting was cancelled" undoes the meeting
            if pos == 1 and tok.lemma_.lower() in cues.negating_verbs and not _answered(
                    trigger, tok, cues):
                negated, cue = True, (cue if negated else tok.text)
            break
        if pos and tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues.light_verbs and any(
                c.dep_ in ("nsubj", "nsubjpass") and any(
                    d.dep_ == "det" and d.lower_ in ("no", "neither") for d in c.children)
                for c in tok.children):
            # "no decision was made on aid": the act the clause is about was not done
            negated, cue = True, (cue if negated else "no")
        for c in tok.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("det", "advmod", "preconj") and low in cues.negators
                                   and low not in ("without",)):
                # "not only" / "no longer" are not denials of the event
                if low == "not" and any(x.lower_ == "only" for x in c.head.children):
                    continue
                negated, cue = True, (cue if negated else c.text)
            if c.dep_ in ("aux", "auxpass") and (is_trigger or tok.pos_ in ("VERB", "AUX")):
                if low in cues.future_modals:
                    future, cue = True, cue or c.text
                elif low == "would" and (in_reported_clause or _under_intent(tok, cues)):
                    future, cue = True, cue or c.text  # future-in-the-past: "said it would"
                elif low in cues.hypothetical_modals:
                    hypothetical, cue = True, cue or c.text
            if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                hypothetical, cue = True, cue or c.text
        if tok.dep_ == "pobj" and tok.head.lower_ == "without":
            negated, cue = True, (cue if negated else "without")
        if not is_trigger:
            lemma = tok.lemma_.lower()
            if own_type(tok):
                continue
            # complements of "refuse to", "failed to", "threatened to", "plans to"
            if pos == 1 and trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubjpass") and (
                lemma in cues.negating_verbs
            ):
                if _answered(trigger, tok, cues):
                    continue  # "refused Ghana's plea": the plea was made
                # "cancelled the meeting", "the talks were called off"
                negated, cue = True, (cue if negated else tok.text)
            elif (chain[pos - 1].dep_ in ("xcomp", "ccomp", "acl", "pcomp", "prep")
                  or _purpose(chain[pos - 1])) and tok.pos_ in (
                "VERB", "NOUN", "AUX", "ADJ"
            ):
                if lemma in cues.negating_verbs:
                    negated, cue = True, (cue if negated else tok.text)
                elif lemma in cues.prediction_verbs:
                    hypothetical, cue = True, cue or tok.text  # "is expected to": a forecast
                elif lemma in cues.future_markers or lemma in cues.intent_verbs:
                    future, cue = True, cue or tok.text
                elif lemma in cues.hypothetical_markers:
                    hypothetical, cue = True, cue or tok.text
    speaker = None
    reported = in_reported_clause
    if reporting is not None:
        subj = subject_of(reporting)
        speaker = _phrase(subj) if subj is not None else None
    sent = sentence_of(trigger)
    for tok in sent:
        if tok.lower_ == "according" and tok.nbor(1).lower_ == "to" if tok.i + 1 < len(
            tok.doc) else False:
            reported = True
            objs = [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
            speaker = speaker or (_phrase(objs[0]) if objs else None)
    return Flags(negated=negated, hypothetical=hypothetical and not negated, future=future,
                 reported=reported, speaker=speaker, cue=cue)


def _under_intent(verb: Token, cues: Cues) -> bool:
    return verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in cues.intent_verbs


def _phrase(tok: Token) -> str:
    left = min([tok.i] + [t.i for t in tok.lefts])
    return tok.doc[left : tok.i + 1].text


def _purpose(tok: Token) -> bool:
    """'called on the UN to intervene': an infinitive of purpose is the requested act."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
