"""Find events in a parsed Doc: triggers from the lexicon, arguments from the parse."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..knowledge import KnowledgeBase, default_knowledge
from ..ontology import load_ontology
from ..records import Actor, Amount, Flags
from ..resolve import MentionIndex
from .amounts import parse_amounts, parse_count
from .flags import detect_flags
from .lexicon import Cues, Lexicon, TriggerRule
from .syntax import agent_of, child, is_passive, object_of, prep_objects, subject_of

_UNIDENTIFIED = Actor("UNK", "UNK", "unidentified actor", "", None, None, None)

# The one construction coded without a lexicon head word: speech + "must" complement.
_MODAL_DEMAND = TriggerRule(id="request.modal_demand", type="REQUEST", lemma="must", pos="VERB")

# Types where "A and B did X" with no recipient is one dyad A -> B (a meeting, a signing).
_SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE", "SUPPORT"}
# Verbal types a response verb can answer ("rejected the calls", "welcomed the offer").
_VERBAL = {"REQUEST", "AGREE", "THREATEN", "ACCUSE", "SUPPORT", "REJECT"}
# Acting at home on unnamed people: a state named as such (no sector), its government, police,
# courts, legislature, intelligence. Not the military, which as often acts abroad.
_MATERIAL_CONFLICT = {"ASSAULT", "COERCE"}
_STATE_ORGANS = {"GOV", "MIL", "COP", "SPY"}
_AUTHORITIES = {None, "GOV", "COP", "JUD", "LEG", "SPY"}
_CIVIL = {"CVL", "LAB", "JRN", "OPP", "EDU", "REL", "REF", "AGR", "MED"}
_LOCATIVE_SLOTS = {"prep:in", "prep:across"}
_PLACING_VERBS = {"put", "place", "keep", "bring", "go"}
# light verbs that carry no event of their own even when the lexicon lists them
_PURE_LIGHT = {"have", "hold", "make", "conduct", "carry", "launch", "stage", "stag", "mount",
               "issue", "give", "take", "open", "begin", "start", "continue", "resume",
               "complete", "finish", "put", "unleash", "perform", "initiate", "wage", "step",
               "intensify", "escalate", "renew", "express", "voice", "level", "file", "lodge"}

# PLOVER: cooperation announced for the future is an agreement, a future retreat a concession.
FUTURE_AS = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
             "RETREAT": "CONCEDE"}


@dataclass
class Candidate:
    """An event found in one sentence, before ids and article offsets are attached."""

    rule: TriggerRule
    trigger: Token
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    sources: list[Actor]
    targets: list[Actor]
    source_tok: Token | None
    target_tok: Token | None
    flags: Flags
    amounts: tuple[Amount, ...]
    location: str | None
    confidence: float


class EventExtractor:
    """Applies the trigger lexicon to every sentence of a Doc."""

    def __init__(self, lexicon: Lexicon, cues: Cues, knowledge: KnowledgeBase | None = None
                 ) -> None:
        self.lexicon = lexicon
        self.cues = cues
        self.onto = load_ontology()
        self._own_markers = {
            t: frozenset(r.lemma for r in lexicon.rules if r.type == t)
            for t in self.onto.types
        }
        kb = knowledge or default_knowledge()
        self._roles = kb.roles
        self._states = frozenset(kb.countries)
        self._igos = frozenset(kb.igos)

    def extract(self, doc: Doc, mentions: MentionIndex) -> list[Candidate]:
        out: list[Candidate] = []
        for sent in doc.sents:
            out.extend(self.extract_sentence(sent, mentions))
        return out

    def extract_sentence(self, sent: Span, mentions: MentionIndex) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in sent:
            pos = _pos(tok)
            if pos is None:
                continue
            rules = self.lexicon.lookup(tok.lemma_.lower(), pos)
            if not rules:
                continue
            rule = next((r for r in rules if self._applies(r, tok)), None)
            if rule is None:
                continue
            cand = self._candidate(rule, tok, mentions)
            if cand is not None:
                found.append(cand)
        for tok in sent:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.cues.demand_speech_verbs:
                cand = self._modal_demand(tok, mentions)
                if cand is not None:
                    found.append(cand)
        return found

    def _modal_demand(self, verb: Token, mentions: MentionIndex) -> Candidate | None:
        """'Paris said that Tehran must free the hostages': a REQUEST by the speaker."""
        comp = child(verb, "ccomp")
        if comp is None or not any(c.dep_ == "aux" and c.lower_ in self.cues.demand_modals
                                   for c in comp.children):
            return None
        source_tok, target_tok = subject_of(verb), child(comp, "nsubj", "nsubjpass")
        if source_tok is None or target_tok is None:
            return None
        sources, targets = mentions.group_for(source_tok), mentions.group_for(target_tok)
        if not sources or not targets:
            return None
        material = [t for t in comp.subtree]
        return Candidate(
            rule=_MODAL_DEMAND, trigger=verb, type="REQUEST",
            mode=self._mode("REQUEST", comp, material), contexts=self._contexts(
                _MODAL_DEMAND, material),
            sources=sources, targets=targets, source_tok=source_tok, target_tok=target_tok,
            flags=detect_flags(verb, self.cues), amounts=self._amounts(comp, material),
            location=self._location(material), confidence=0.75,
        )

    # ---- rule conditions -----------------------------------------------------------------
    def _applies(self, rule: TriggerRule, tok: Token) -> bool:
        if rule.particle and not any(
            c.dep_ == "prt" and c.lower_ == rule.particle for c in tok.children
        ):
            return False
        if rule.objects:
            obj = object_of(tok) if rule.pos == "VERB" else None
            heads = [obj] if obj is not None else []
            if rule.pos == "NOUN":
                heads = [c for c in tok.children if c.dep_ in ("compound", "amod")]
                heads += [o for c in tok.children if c.dep_ == "prep" for o in c.children]
            if obj is not None:
                heads += [c for c in obj.children if c.dep_ in ("conj", "compound")]
                # "a package of artillery shells", "a shipment of arms": the real object
                heads += [o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                          for o in c.children if o.dep_ == "pobj"]
            if not any(h.lemma_.lower() in rule.objects or h.lower_ in rule.objects
                       for h in heads):
                return False
        if rule.requires_prep:
            if not any(True for _ in prep_objects(tok, rule.requires_prep)) and not any(
                c.lower_ == rule.requires_prep and c.dep_ in ("prep", "prt") for c in tok.children
            ):
                return False
        return True

    # ---- arguments ---------------------------------------------------------------------------
    def _candidate(self, rule: TriggerRule, tok: Token, mentions: MentionIndex
                   ) -> Candidate | None:
        confidence = 0.9
        if rule.pos == "VERB":
            args = self._verb_args(rule, tok, mentions)
        else:
            args = self._noun_args(rule, tok, mentions)
            confidence = 0.8
        if args is None:
            return None
        source_tok, target_tok, targets, sources = args
        # a town is where things happen, not who does them (capitals are handled as metonymy)
        sources = [a for a in sources if a.role != "place"]
        if not sources and source_tok is not None:
            sources = self._located_role(source_tok, tok, mentions)
        if not sources:
            # a denial still matters to a reader ("no decision on military aid was made"):
            # keep it, flagged, with an unidentified actor; it is never output as a fact
            flags = detect_flags(tok, self.cues, self._own_markers.get(rule.type, frozenset()))
            if not flags.negated or (flags.cue or "").lower() not in self.cues.negators:
                # only a plain denial ("no", "not", "never"); "vetoed a proposal" is the
                # veto's event, already coded, not a denied proposal
                return None
            sources = [_UNIDENTIFIED]
            if not targets:
                # what the denied decision was about: inside the clause that denies it
                governing = tok
                while governing.pos_ not in ("VERB", "AUX") and governing.head.i != governing.i:
                    governing = governing.head
                target_tok, targets = _actor_inside(governing, mentions,
                                                    child(governing, "nsubj"))
        if source_tok is not None and source_tok.pos_ == "PRON":
            confidence -= 0.1
        etype = rule.type
        # intent to do harm is a threat: "vowed to punish Israel"
        if etype == "AGREE" and rule.pos == "VERB":
            comp = child(tok, "xcomp", "ccomp")
            if comp is not None and comp.lemma_.lower() in self.cues.threat_complements:
                etype = "THREATEN"
                if not targets:
                    target_tok, targets = _actor_inside(comp, mentions, source_tok,
                                                        exclude={a.code for a in sources})
        # a joint exercise is cooperation, not mobilisation
        if etype == "MOBILIZE" and _has_marker(tok, self.cues.joint_markers):
            etype = "COOPERATE"
        # a workers' strike is a protest, not an air strike
        labour = self.cues.retype.get(etype)
        if labour:
            near = {t.lemma_.lower() for t in tok.subtree} | {
                t.lemma_.lower() for t in tok.head.subtree if t.dep_ in ("nsubj", "amod")}
            for new_type, words in labour.items():
                if near & words:
                    etype = new_type
                    break
        # leaving an organisation reduces relations (PLOVER SANCTION withdraw), it is no retreat
        if etype == "RETREAT" and rule.mode == "withdraw" and targets and all(
                a.code in self._igos for a in targets):
            etype = "SANCTION"
        if not targets and len(sources) > 1 and etype in _SYMMETRIC:
            # "Iran and Oman held talks": one dyad, the first named as actor
            sources, targets = sources[:1], sources[1:]
        if not targets:
            domestic = self._domestic_target(rule, tok, sources)
            if domestic is not None:
                target_tok, targets = domestic
        if not targets and etype == "PROTEST":
            # a protest with no named target is against the protesters' own government
            # implicit: no text and no offsets, the reader sees it was inferred
            targets = [Actor(a.code, "GOV", a.name, "", "implicit", None, None)
                       for a in sources[:1]]
        if not targets and self.onto.event_type(etype).requires_recipient:
            return None
        if etype == "REQUEST" and targets and all(
                t.code == sources[0].code and t.sector in _STATE_ORGANS for t in targets):
            return None  # a government ordering its own forces is not an event between actors
        flags = detect_flags(tok, self.cues, self._own_markers.get(etype, frozenset()))
        mode = rule.mode if etype == rule.type else None
        if etype == "SANCTION" and rule.type == "RETREAT":
            mode = "withdraw"
        if flags.future and etype in FUTURE_AS and not flags.negated:
            etype = FUTURE_AS[etype]
            mode = None
        material = self._material(tok, source_tok)
        veto = self.cues.vetoes.get(etype)
        if veto and any(t.lemma_.lower() in veto for t in material):
            return None
        if mode is None:
            mode = self._mode(etype, tok, material)
        elif not self.onto.is_valid_mode(etype, mode):
            mode = None
        contexts = self._contexts(rule, material)
        return Candidate(
            rule=rule, trigger=tok, type=etype, mode=mode, contexts=contexts,
            sources=sources, targets=targets, source_tok=source_tok, target_tok=target_tok,
            flags=flags, amounts=self._amounts(tok, material), location=self._location(material),
            confidence=round(confidence, 2),
        )

    def _verb_args(self, rule: TriggerRule, tok: Token, mentions: MentionIndex):
        if rule.source == "subject":
            source_tok = subject_of(tok)
            if source_tok is None and is_passive(tok):
                source_tok = _by_list_fallback(tok)
        elif rule.source == "object":
            source_tok = object_of(tok)
        else:
            source_tok = next(prep_objects(tok, rule.source.split(":", 1)[1]), None)
        sources = mentions.group_for(source_tok) if source_tok is not None else []
        if not sources and source_tok is not None and is_passive(tok):
            # "blocked by four member states: A, B and C" when the parser loses the list
            fallback = _by_list_fallback(tok)
            if fallback is not None:
                sources = _actors_after(fallback, tok.sent, mentions)
        exclude = {a.code for a in sources}
        target_tok, targets = self._first_slot(rule.target, tok, mentions, source_tok,
                                               exclude=exclude)
        if not targets and "none" not in rule.target:
            # what the act concerns: inside the object, then inside the complement clause
            for inner in (object_of(tok), child(tok, "xcomp"), child(tok, "ccomp")):
                target_tok, targets = _actor_inside(inner, mentions, source_tok, exclude)
                if targets:
                    break
            if not targets and rule.type in _MATERIAL_CONFLICT:
                # "struck energy facilities across Ukraine": where the damage is, is who
                target_tok, targets = _actor_inside(object_of(tok), mentions, source_tok,
                                                    exclude, places=True)
            if not targets and rule.type in _MATERIAL_CONFLICT:
                for prep in ("in", "across", "on", "near", "inside"):
                    for place_tok in prep_objects(tok, prep, depth=1):
                        found = [a for a in mentions.group_for(place_tok)
                                 if a.code not in exclude]
                        if found:
                            target_tok, targets = place_tok, found
                            break
                    if targets:
                        break
        if rule.type == "ASSAULT" and _intercepts(tok, self.cues.interception_objects):
            return None  # "shot down 44 cruise missiles" is air defence
        if rule.type == "THREATEN" and _reports_the_past(tok):
            # "warned that jets had violated its airspace" tells, it does not threaten
            return None
        if (rule.type == "REQUEST" and not targets and not _has_content(tok)
                and tok.lemma_.lower() in self.cues.ambiguous_request_verbs):
            # "pressed a raid", "pushed the button": no one asked, nothing asked for
            return None
        return source_tok, target_tok, targets, sources

    def _noun_args(self, rule: TriggerRule, tok: Token, mentions: MentionIndex):
        source_tok = None
        sources: list[Actor] = []
        # possessor, demonym or country modifier: "Zelensky's request", "Russian strikes"
        for c in sorted(tok.children, key=lambda c: c.dep_ != "poss"):
            if c.dep_ in ("poss", "amod", "compound", "nmod", "npadvmod"):
                found = mentions.group_for(c)
                if found:
                    source_tok, sources = c, found
                    break
                # "UK-funded": the actor hangs below an amod participle
                for g in c.children:
                    if g.dep_ in ("npadvmod", "compound", "nmod") and mentions.group_for(g):
                        source_tok, sources = g, mentions.group_for(g)
                        break
                if sources:
                    break
        if not sources:
            by = next(prep_objects(tok, "by"), None)
            if by is not None:
                source_tok, sources = by, mentions.group_for(by)
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "under", "into") and (
                tok.head.head.lemma_.lower() in _PLACING_VERBS):
            verb = tok.head.head  # "put its forces on high alert", "placed him under arrest"
        if verb is not None and verb.pos_ not in ("VERB", "AUX"):
            verb = None
        anchored = verb is not None and tok.dep_ in ("dobj", "pobj") and (
            verb.lemma_.lower() in self.cues.light_verbs or verb.lemma_.lower() in _PLACING_VERBS)
        if source_tok is not None and source_tok.pos_ == "PRON" and anchored:
            # "the allies began their exercises": the light verb's subject says it directly
            source_tok, sources = None, []
        if not sources and anchored:
            if self._is_trigger(verb) and verb.lemma_.lower() not in _PURE_LIGHT:
                # "signed an agreement": the verb's own event already says it
                return None
            st = subject_of(verb)
            if st is not None:
                source_tok, sources = st, mentions.group_for(st)
        if rule.source.startswith("prep:"):
            st = next(prep_objects(tok, rule.source.split(":", 1)[1]), None)
            if st is not None:
                source_tok, sources = st, mentions.group_for(st)
        target_tok, targets = self._first_slot(rule.target, tok, mentions, source_tok,
                                               anchor=verb if anchored else None,
                                               exclude={a.code for a in sources})
        if not targets and verb is not None and tok.dep_ == "dobj" and not anchored:
            # the parser often hangs the noun's own phrase on the verb: "condemned Russian
            # strikes on Odesa" with "on Odesa" under "condemned"
            target_tok, targets = self._first_slot(
                tuple(s for s in rule.target if s.startswith("prep:")), tok, mentions,
                source_tok, anchor=verb, exclude={a.code for a in sources})
        if not targets and verb is not None and tok.dep_ == "dobj":
            lemma = verb.lemma_.lower()
            answering = lemma in self.cues.response_verbs and rule.type in _VERBAL
            if lemma in self.cues.experiencer_verbs or answering:
                st = subject_of(verb)
                if st is not None and (source_tok is None or st.i != source_tok.i):
                    target_tok, targets = st, mentions.group_for(st)
        if not targets and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and (
            tok.head.lemma_.lower() in self.cues.impact_verbs
        ):
            # "Russian strikes hit Kharkiv"
            obj = child(tok.head, "dobj")
            if obj is not None:
                target_tok, targets = obj, mentions.group_for(obj)
                if not targets:
                    target_tok, targets = _actor_inside(obj, mentions, source_tok)
        if (source_tok is not None and source_tok.dep_ == "compound"
                and source_tok.head.i == tok.i and not targets and not anchored):
            # "the NATO summit", "a Ukraine meeting": a compound names a topic or host, not an
            # actor, unless the event also has a recipient or a light verb makes it an act
            return None
        return source_tok, target_tok, targets, sources

    def _located_role(self, source_tok: Token, tok: Token, mentions: MentionIndex
                      ) -> list[Actor]:
        """'Protesters marched through Hong Kong': a bare role noun takes the country of
        the place where it acts."""
        sector = self._roles.sector_of.get(source_tok.lemma_.lower())
        if sector is None:
            return []
        for prep in ("in", "through", "across", "outside", "at"):
            for place_tok in prep_objects(tok, prep, depth=1):
                for a in mentions.group_for(place_tok):
                    if a.code in self._states:
                        return [Actor(a.code, sector, a.name, source_tok.text,
                                      source_tok.lemma_.lower(), source_tok.idx,
                                      source_tok.idx + len(source_tok.text))]
        return []

    def _is_trigger(self, tok: Token) -> bool:
        pos = _pos(tok)
        return pos is not None and any(
            self._applies(r, tok) for r in self.lexicon.lookup(tok.lemma_.lower(), pos))

    def _domestic_target(self, rule: TriggerRule, tok: Token, sources: list[Actor]):
        """Authorities acting on unnamed people at home: 'police arrested protesters'."""
        src = sources[0]
        if src.sector not in _AUTHORITIES or src.code not in self._states:
            return None
        if tok.lemma_.lower() in self.cues.foreign_target_verbs:
            return None  # one expels or deports foreigners, not one's own
        objs = [object_of(tok)] if rule.pos == "VERB" else []
        objs += [o for p in ("on", "against", "at", "of") for o in prep_objects(tok, p)]
        obj = next((o for o in objs if o is not None and
                    self._roles.sector_of.get(o.lemma_.lower()) in _CIVIL), None)
        if obj is None:
            return None
        sector = self._roles.sector_of[obj.lemma_.lower()]
        return obj, [Actor(src.code, sector, src.name, obj.text, obj.lemma_.lower(),
                           obj.idx, obj.idx + len(obj.text))]

    def _first_slot(self, slots: tuple[str, ...], tok: Token, mentions: MentionIndex,
                    source_tok: Token | None, anchor: Token | None = None,
                    exclude: set[str] | frozenset[str] = frozenset()
                    ) -> tuple[Token | None, list[Actor]]:
        """Try the rule's recipient slots in order; `anchor` is a light verb whose
        prepositions also count for a noun trigger ("sent aid to Turkey")."""
        for slot in slots:
            candidates: list[Token] = []
            if slot == "none":
                return None, []
            if slot == "object":
                obj = object_of(tok) if tok.pos_ in ("VERB", "AUX") else None
                if obj is not None:
                    candidates.append(obj)
            elif slot == "dative":
                d = child(tok, "dative")
                if d is not None:
                    candidates.append(child(d, "pobj") or d)
            elif slot == "subject":
                s = subject_of(tok) if tok.pos_ in ("VERB", "AUX") else None
                if s is not None:
                    candidates.append(s)
            elif slot.startswith("prep:"):
                prep = slot.split(":", 1)[1]
                candidates.extend(prep_objects(tok, prep))
                if anchor is not None:
                    candidates.extend(o for o in prep_objects(anchor, prep, depth=3)
                                      if o.i not in {c.i for c in candidates})
            for cand in candidates:
                if source_tok is not None and cand.i == source_tok.i:
                    continue
                actors = mentions.group_for(cand)
                if actors:
                    return cand, actors
                if slot in _LOCATIVE_SLOTS:
                    continue
                # "strikes on Hezbollah targets", "tariffs on Chinese steel"
                # (never the actor itself: "dismantled its programme")
                inner_tok, inner = _actor_inside(cand, mentions, source_tok, exclude)
                if inner:
                    return inner_tok, inner
        return None, []

    # ---- mode, context, amounts, place -------------------------------------------------------
    def _material(self, tok: Token, source_tok: Token | None) -> list[Token]:
        """The trigger's clause without its actor: where mode, context and amounts are read."""
        skip = {t.i for t in source_tok.subtree} if source_tok is not None else set()
        root = tok
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            root = tok.head
        words = [t for t in root.subtree if t.i not in skip]
        if is_passive(tok):
            subj = child(tok, "nsubjpass")
            if subj is not None:
                words.extend(t for t in subj.subtree if t.i not in skip)
        return words

    def _mode(self, etype: str, tok: Token, material: list[Token]) -> str | None:
        cues = self.cues.mode_cues.get(etype)
        if not cues:
            return None
        # the requested/refused action decides first ("pressed X to raise the defence budget"
        # is about change, whatever the nouns say), then everything in the clause
        verbs = {t.lemma_.lower() for t in material if t.pos_ == "VERB" and t.i != tok.i}
        lemmas = {t.lemma_.lower() for t in material} | {t.lower_ for t in material}
        for pool in (verbs, lemmas):
            for mode, words in cues:
                if pool & words:
                    return mode
        return None

    def _contexts(self, rule: TriggerRule, material: list[Token]) -> tuple[str, ...]:
        lemmas = {t.lemma_.lower() for t in material} | {t.lower_ for t in material}
        found = list(rule.context)
        for ctx, words in self.cues.context_cues.items():
            if ctx not in found and lemmas & words:
                found.append(ctx)
        return tuple(found)

    def _amounts(self, tok: Token, material: list[Token]) -> tuple[Amount, ...]:
        if not material:
            return ()
        ordered = sorted(material, key=lambda t: t.i)
        doc = tok.doc
        text = doc[ordered[0].i : ordered[-1].i + 1].text
        amounts = parse_amounts(text)
        for t in ordered:
            if t.dep_ == "nummod" and t.pos_ == "NUM":
                c = parse_count(t.text, t.head.lemma_.lower())
                if c is not None:
                    amounts.append(c)
        return tuple(amounts)

    def _location(self, material: list[Token]) -> str | None:
        for t in material:
            if t.ent_type_ in ("GPE", "LOC", "FAC") and t.dep_ == "pobj" and t.head.lower_ in (
                "in", "at", "near", "outside", "across"
            ):
                ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                return ent.text if ent is not None else t.text
        return None


def _has_marker(tok: Token, markers: frozenset[str]) -> bool:
    """A modifier such as 'joint' on the trigger or on its object."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "attr")]
    if tok.dep_ == "dobj":
        heads.append(tok.head)
    return any(c.lower_ in markers for h in heads for c in h.children
               if c.dep_ in ("amod", "compound", "advmod"))


def _intercepts(verb: Token, munitions: frozenset[str]) -> bool:
    down = any(c.dep_ in ("prt", "advmod") and c.lower_ == "down" for c in verb.children)
    obj = object_of(verb)
    if obj is None:
        return False
    heads = [obj] + [o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                     for o in c.children if o.dep_ == "pobj"]
    return (down or verb.lemma_.lower() == "intercept") and any(
        h.lemma_.lower() in munitions for h in heads)


def _reports_the_past(verb: Token) -> bool:
    comp = child(verb, "ccomp")
    if comp is None:
        return False
    auxes = {c.lower_ for c in comp.children if c.dep_ in ("aux", "auxpass")}
    return comp.tag_ in ("VBD", "VBN") and not auxes & {"will", "would", "could", "may",
                                                         "might", "shall", "'ll", "can"}


def _has_content(verb: Token) -> bool:
    """A request needs something asked for: a complement clause or a 'for' phrase."""
    return any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("for", "on"))
               for c in verb.children)


def _pos(tok: Token) -> str | None:
    if tok.dep_ in ("amod", "compound") and tok.pos_ == "VERB":
        # participles used as adjectives ("frozen assets", "fighting vehicles") are not acts
        return None
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ != "aux"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return None


_LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "during", "after", "before",
             "since", "within", "throughout", "amid", "despite"}


def _actor_inside(obj: Token | None, mentions: MentionIndex, source_tok: Token | None,
                  exclude: set[str] | frozenset[str] = frozenset(), places: bool = False
                  ) -> tuple[Token | None, list[Actor]]:
    """The first actor inside the object phrase, nearest first: what the act concerns.

    'blocked the sanctions package against Russia' -> Russia; 'froze Russian assets' -> Russia.
    Places ('facilities across Ukraine') count only with `places`, for material conflict.
    """
    if obj is None:
        return None, []
    skip = {t.i for t in source_tok.subtree} if source_tok is not None else set()
    frontier = [obj]
    for _ in range(6):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.i in skip or c.dep_ in ("relcl", "advcl", "punct", "cc", "det"):
                    continue
                if c.dep_ == "prep" and c.lower_ in _LOCATIVE and not places:
                    continue
                actors = [a for a in mentions.group_for(c) if a.code not in exclude]
                if actors:
                    return c, actors
                nxt.append(c)
        frontier = nxt
    return None, []


def _by_list_fallback(verb: Token) -> Token | None:
    """The 'by' token after a passive verb, when the parser did not attach it as agent."""
    agent = agent_of(verb)
    if agent is not None:
        return agent
    for t in verb.doc[verb.i + 1 : verb.sent.end]:
        if t.lower_ == "by":
            return t
        if t.pos_ in ("VERB",) and t.dep_ not in ("amod", "compound"):
            break
    return None


def _actors_after(start: Token, sent: Span, mentions: MentionIndex) -> list[Actor]:
    """Named actors listed after `start` up to the end of the clause (a robust list reader)."""
    out: list[Actor] = []
    for t in sent.doc[start.i + 1 : sent.end]:
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound", "conj"):
            break
        if t.text in (";",) or (t.dep_ == "cc" and t.lower_ == "but"):
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
