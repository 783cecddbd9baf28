"""Find events in a parsed Doc: trigger rules fire, slots give the arguments, conventions shape.

For every token whose lemma and part of speech a trigger rule lists (triggers/*.yaml), the rule's
named slots (slots.py) give the actor and recipient; the conventions (conventions.yaml) then
retype, complete or drop the candidate, each recording its id; mode, contexts, amounts and the
place are read last from the trigger's clause.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..knowledge import KnowledgeBase
from ..ontology import load_ontology
from ..records import Flags
from ..resolve import MentionIndex
from ..sentences import entity_of, sentence_index, sentence_of
from .amounts import parse_amounts, parse_count
from .candidate import Candidate
from .conventions import Conventions
from .cues import Cues
from .finders import Context
from .flags import detect_flags
from .lexicon import Lexicon, TriggerRule
from .slots import actors_after, by_list_fallback, first_in_slots, noun_owners, slot_tokens
from .syntax import (
    agent_of,
    child,
    infinitive_of,
    is_passive,
    object_of,
    predicatives,
    prep_objects,
    subject_of,
)


class EventExtractor:
    """Applies the trigger lexicon and the conventions to every sentence of a Doc."""

    def __init__(self, lexicon: Lexicon, cues: Cues, conventions: Conventions,
                 knowledge: KnowledgeBase) -> None:
        self.lexicon = lexicon
        self.cues = cues
        self.conventions = conventions
        self.onto = load_ontology()
        self._roles = knowledge.roles
        self._states = frozenset(knowledge.countries)
        self._igos = frozenset(knowledge.igos)
        self._object_cache: dict = {}
        self._event_nouns = frozenset(r.lemma for r in lexicon.rules if r.pos == "NOUN")
        noun_types: dict[str, set[str]] = {}
        for r in lexicon.rules:
            if r.pos == "NOUN":
                noun_types.setdefault(r.lemma, set()).add(r.type)
        self._noun_types = {k: frozenset(v) for k, v in noun_types.items()}
        self._act_types = {
            noun: frozenset(r.type for r in lexicon.lookup(noun, "NOUN"))
            for noun in cues.act_nouns if lexicon.lookup(noun, "NOUN")}

    def extract(self, doc: Doc, mentions: MentionIndex) -> list[Candidate]:
        """Every candidate that survived the conventions (facts and flagged alike)."""
        self._object_cache = {}  # one look at a token's objects serves all rules of its word
        ctx = self._context(mentions)
        out: list[Candidate] = []
        for sent in sentence_index(doc).spans():
            out.extend(self.extract_sentence(sent, mentions, ctx))
        return out

    def extract_sentence(self, sent: Span, mentions: MentionIndex,
                         ctx: Context | None = None) -> list[Candidate]:
        ctx = ctx or self._context(mentions)
        found: list[Candidate] = []
        for tok in sent:
            pos = _pos(tok)
            if pos is None or tok.ent_type_ == "DATE":
                continue  # "on March 28" is no march
            rules = self.lexicon.lookup(tok.lemma_.lower(), pos)
            rule = next((r for r in rules if self._applies(r, tok)), None)
            if rule is None:
                continue
            cand = self._arguments(rule, tok, mentions)
            self.conventions.apply(cand, ctx)
            if cand.dropped_by is None:
                found.append(self._finish(cand))
                ctx.history.append(cand)  # "condemned the attacks" looks back at these
        return found

    def flags_of(self, cand: Candidate) -> Flags:
        if cand._flags is None or cand._flags[0] != cand.type:
            flags = detect_flags(cand.trigger, self.cues,
                                 lambda tok, t=cand.type: self.fires_as(tok) == t)
            cand._flags = (cand.type, flags)
        return cand._flags[1]

    def _objects(self, tok: Token, pos: str) -> frozenset[str]:
        key = (tok.i, pos)
        cache = self._object_cache
        if cache.get("doc") is not tok.doc:
            cache.clear()
            cache["doc"] = tok.doc
        if key not in cache:
            obj = object_of(tok) if pos == "VERB" else None
            if obj is not None and obj.pos_ == "NOUN" and (
                    tok.lemma_.lower() in self.cues.light_verbs) and self.is_trigger(obj):
                # "launched missile strikes": a light verb's object is an act of its own, and
                # its modifiers say how it was done, not what the verb moved
                cache[key] = frozenset((obj.lemma_.lower(), obj.lower_))
            else:
                cache[key] = _object_words(tok, pos)
        return cache[key]

    def fires_as(self, tok: Token) -> str | None:
        """The type of the rule that fires on `tok`, if any: a word that is itself an event of
        the same type does not make it unreal ('agreed to the deal')."""
        pos = _pos(tok)
        rules = self.lexicon.lookup(tok.lemma_.lower(), pos) if pos else []
        rule = next((r for r in rules if self._applies(r, tok)), None)
        return rule.type if rule is not None else None

    def is_trigger(self, tok: Token) -> bool:
        pos = _pos(tok)
        return pos is not None and any(
            self._applies(r, tok) for r in self.lexicon.lookup(tok.lemma_.lower(), pos))

    def _context(self, mentions: MentionIndex) -> Context:
        return Context(mentions, self.cues, self._roles, self._states, self._igos, self.onto,
                       self.flags_of, act_types=self._act_types,
                       event_nouns=self._event_nouns, noun_types=self._noun_types)

    # ---- rule conditions -----------------------------------------------------------------
    def _applies(self, rule: TriggerRule, tok: Token) -> bool:
        # "pushed them back": after an object the parser calls the particle an adverb
        if rule.particle and not any(
            c.dep_ in ("prt", "advmod") and c.lower_ == rule.particle for c in tok.children
        ):
            return False
        if rule.objects and rule.objects.isdisjoint(self._objects(tok, rule.pos)):
            return False
        if rule.requires_prep:
            # "called on Tuesday" is no "called on": a date is no argument
            objs = [o for o in prep_objects(tok, rule.requires_prep)
                    if o.ent_type_ not in ("DATE", "TIME")]
            bare = [c for c in tok.children if c.lower_ == rule.requires_prep and (
                c.dep_ == "prt" or (c.dep_ == "prep" and not any(
                    o.ent_type_ in ("DATE", "TIME") for o in c.children)))]
            if not objs and not bare:
                return False
        if rule.requires_predicative and not predicatives(tok):
            return False
        if rule.no_object and child(tok, "dobj") is not None:
            return False
        if rule.requires_source and not slot_tokens(rule.source, tok):
            return False
        if rule.dep_in and _phrase_dep(tok, self._roles.quantity_nouns) not in rule.dep_in:
            return False
        if rule.requires_infinitive and infinitive_of(tok) is None:
            return False
        if rule.complement_aux:
            comp = child(tok, "ccomp")
            if comp is None or not any(c.dep_ == "aux" and c.lower_ in rule.complement_aux
                                       for c in comp.children):
                return False
        return True

    # ---- arguments ---------------------------------------------------------------------------
    def _arguments(self, rule: TriggerRule, tok: Token, mentions: MentionIndex) -> Candidate:
        cand = Candidate(rule=rule, trigger=tok, type=rule.type, mode=rule.mode,
                         confidence=rule.confidence or (0.9 if rule.pos == "VERB" else 0.8))
        if rule.pos == "VERB":
            self._verb_arguments(cand, mentions)
        else:
            self._noun_arguments(cand, mentions)
        return cand

    def _verb_arguments(self, cand: Candidate, mentions: MentionIndex) -> None:
        rule, tok = cand.rule, cand.trigger
        found = slot_tokens(rule.source, tok)
        source_tok = found[0] if found else None
        sources = mentions.group_for(source_tok) if source_tok is not None else []
        if not sources and source_tok is not None and is_passive(tok):
            # "blocked by four member states: A, B and C" when the parser loses the list
            by = by_list_fallback(tok)
            if by is not None:
                sources = actors_after(by, sentence_of(tok), mentions)
        cand.source_tok, cand.sources = source_tok, sources
        cand.target_tok, cand.targets = first_in_slots(
            rule.target, tok, mentions, source_tok, self.cues, exclude={a.code for a in sources})

    def _noun_arguments(self, cand: Candidate, mentions: MentionIndex) -> None:
        rule, tok, cues = cand.rule, cand.trigger, self.cues
        named_slot = rule.source not in ("subject",) and not rule.source.startswith("prep:")
        source_tok, sources = (None, []) if named_slot else next(noun_owners(tok, mentions),
                                                                   (None, []))
        if not sources and not named_slot:
            by = next(prep_objects(tok, "by"), None)
            if by is None:  # "talks mediated by the African Union", "a deal brokered by Qatar"
                by = next((agent_of(c) for c in tok.children
                           if c.dep_ == "acl" and c.tag_ == "VBN" and agent_of(c) is not None),
                          None)
            if by is not None:
                source_tok, sources = by, mentions.group_for(by)
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if tok.dep_ == "compound" and tok.head.dep_ == "dobj":
            verb = tok.head.head  # "adopted the censure resolution": the censure is adopted
        if tok.dep_ == "pobj" and tok.head.lower_ in cues.anchor_preps and (
                tok.head.head.lemma_.lower() in cues.placing_verbs):
            verb = tok.head.head  # "put its forces on high alert", "placed him under arrest"
        adopted = False
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "on") and (
                tok.head.head.lemma_.lower() in cues.adopting_verbs):
            # "ministers agreed to a new package of sanctions": what they agreed to is theirs,
            # and it is an act of its own besides the agreement
            verb, adopted = tok.head.head, True
        if verb is not None and verb.pos_ not in ("VERB", "AUX"):
            verb = None
        light = verb is not None and tok.dep_ in ("dobj", "pobj", "compound") and (
            verb.lemma_.lower() in cues.light_verbs or verb.lemma_.lower() in cues.placing_verbs
            or adopted)
        cand.anchor, cand.anchor_is_light = verb, light
        if source_tok is not None and source_tok.pos_ == "PRON" and light:
            # "the allies began their exercises": the light verb's subject says it directly
            source_tok, sources = None, []
        if not sources and light:
            # "signed an agreement": the verb is an event of its own (a convention drops this)
            cand.anchor_codes_the_act = (self.is_trigger(verb) and not adopted and
                                         verb.lemma_.lower() not in cues.pure_light_verbs)
            st = subject_of(verb)
            if st is not None:
                source_tok, sources = st, mentions.group_for(st)
        if not sources and verb is not None and tok.dep_ == "dobj" and (
                verb.lemma_.lower() in cues.cutoff_verbs):
            # "the U.S. would stop all training of Iraqi forces": whose training it was
            st = subject_of(verb)
            if st is not None:
                source_tok, sources = st, mentions.group_for(st)
        if rule.source.startswith("prep:"):
            st = next(prep_objects(tok, rule.source.split(":", 1)[1]), None)
            if st is not None:
                source_tok, sources = st, mentions.group_for(st)
        elif rule.source != "subject":  # a named slot: "self", "reporting_speaker"
            found = slot_tokens(rule.source, tok)
            if found:
                source_tok, sources = found[0], mentions.group_for(found[0])
        cand.source_tok, cand.sources = source_tok, sources
        cand.target_tok, cand.targets = first_in_slots(
            rule.target, tok, mentions, source_tok, cues, anchor=verb if light else None,
            exclude={a.code for a in sources})

    # ---- mode, context, amounts, place -------------------------------------------------------
    def _finish(self, cand: Candidate) -> Candidate:
        self.flags_of(cand)
        material = cand.material()
        if cand.mode is not None and not self.onto.is_valid_mode(cand.type, cand.mode):
            cand.mode = None
        if cand.mode is None and not cand.mode_fixed:
            cand.mode = self._mode(cand, material)
        cand.contexts = self._contexts(cand.rule, material)
        cand.amounts = self._amounts(cand.trigger, cand.clause_material())
        cand.location = self._location(material)
        return cand

    def _mode(self, cand: Candidate, material: list[Token]) -> str | None:
        cues = self.cues.mode_cues.get(cand.type)
        if not cues:
            return None
        tok = cand.trigger
        if cand.type in self.cues.mode_patient_types:
            patient = object_of(tok) if tok.pos_ in ("VERB", "AUX") else None
            if patient is not None and cand.target_tok is not None and (
                    patient.left_edge.i <= cand.target_tok.i <= patient.right_edge.i):
                # "shot down a Russian bomber": the bomber is what was hit, not the means
                skip = {t.i for t in patient.subtree}
                material = [t for t in material if t.i not in skip]
        if cand.rule.particle:
            # a phrasal verb means what its particle makes it: "shot down" is no shooting
            material = [t for t in material if t.i != tok.i]
        if cand.type in self.cues.mode_actor_types and cand.source_tok is not None:
            material = material + list(cand.source_tok.subtree)  # "drones hit a refinery"
        # the requested/refused act decides first ("urged Georgia to withdraw the law" is about
        # change, "to withdraw its troops" about yielding), then its verb, then the whole clause
        verbs = [t for t in material if t.pos_ == "VERB" and t.i != tok.i]
        objects = {c.lemma_.lower() for v in verbs for c in v.children if c.dep_ == "dobj"}
        lemmas = {t.lemma_.lower() for t in material} | {t.lower_ for t in material}
        for pool in (objects, {v.lemma_.lower() for v in verbs}, lemmas):
            for cue in cues:
                if pool & cue.words:
                    return cue.mode
        return None

    def _contexts(self, rule: TriggerRule, material: list[Token]) -> tuple[str, ...]:
        lemmas = {t.lemma_.lower() for t in material} | {t.lower_ for t in material}
        found = list(rule.context)
        for ctx, cue in self.cues.context_cues.items():
            if ctx not in found and lemmas & cue.words:
                found.append(ctx)
        return tuple(found)

    def _amounts(self, tok: Token, material: list[Token]):
        if not material:
            return ()
        ordered = sorted({t.i: t for t in material}.values(), key=lambda t: t.i)
        amounts = []
        # read each unbroken stretch of the clause on its own: the words between two stretches
        # (the actor, a conjoined clause) are not the event's
        start = 0
        for k in range(1, len(ordered) + 1):
            if k == len(ordered) or ordered[k].i != ordered[k - 1].i + 1:
                amounts += parse_amounts(tok.doc[ordered[start].i : ordered[k - 1].i + 1].text)
                start = k
        for t in ordered:
            if t.dep_ == "nummod" and t.pos_ == "NUM":
                c = parse_count(t.text, t.head.lemma_.lower())
                if c is not None:
                    amounts.append(c)
        return tuple(amounts)

    def _location(self, material: list[Token]) -> str | None:
        for t in material:
            if t.ent_type_ in ("GPE", "LOC", "FAC") and t.dep_ == "pobj" and (
                    t.head.lower_ in self.cues.event_place_preps):
                ent = entity_of(t)
                return ent.text if ent is not None else t.text
        return None


def _object_words(tok: Token, pos: str) -> frozenset[str]:
    """The words of the head's object (or, for a noun, of its modifiers and prepositional
    objects) that a rule's `objects` are matched against: 'imposed sanctions', 'a package of
    artillery shells'."""
    obj = object_of(tok) if pos == "VERB" else None
    heads = [obj] if obj is not None else []
    if pos == "VERB":  # "gave the junta ten days": the parser often calls the second object
        heads += [c for c in tok.children if c.dep_ == "npadvmod"]  # an adverbial noun
    if pos == "NOUN":
        heads = [c for c in tok.children if c.dep_ in ("compound", "amod")]
        heads += [o for c in tok.children if c.dep_ == "prep" for o in c.children]
    if obj is not None:
        heads += [c for c in obj.children if c.dep_ in ("conj", "compound")]
        heads += [o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                  for o in c.children if o.dep_ == "pobj"]
    return frozenset(w for h in heads for w in (h.lemma_.lower(), h.lower_))


def _phrase_dep(tok: Token, quantity_nouns: frozenset[str]) -> str:
    """The noun phrase's role: 'thousands of protesters' is the subject when 'thousands' is."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
            tok.head.head.lemma_.lower() in quantity_nouns):
        return tok.head.head.dep_
    return tok.dep_


_NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubjpass"})


def _pos(tok: Token) -> str | None:
    if tok.dep_ in ("amod", "compound") and tok.pos_ == "VERB":
        # participles used as adjectives ("frozen assets", "fighting vehicles") are not acts
        return None
    if tok.tag_ in ("VBZ", "VBP") and tok.dep_ in _NOMINAL_DEPS and child(
            tok, "nsubj") is None:
        return "NOUN"  # "rejected EU calls to ...": a plural noun the tagger took for a verb
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ != "aux"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return None
