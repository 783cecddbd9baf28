"""Mentions of actors in one Doc, and the questions the extractor asks of them.

`MentionIndex.actors_for(token)` says which actors the head of a noun phrase stands for:
a known name, a demonym or role phrase ("the Hungarian foreign minister"), a pronoun or "the
alliance" back to an earlier actor, a town as its country, a document as the body that
adopted it, or a generic actor ("police") as the article's country (resolve_context.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from .coreference import Coreference
from .knowledge import KnowledgeBase
from .records import Actor
from .sentences import entity_of

_NOT_PLACES = {"NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY",
               "LANGUAGE"}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod", "nummod"}


@dataclass
class Mention:
    actor: Actor
    first: int  # token index range of the matched form
    last: int
    kind: str
    is_person: bool
    dep: str = ""


@dataclass
class MentionIndex(Coreference):
    """Per-Doc answers: known-name mentions by token, in order, for coreference."""

    doc: Doc
    day: date
    kb: KnowledgeBase
    by_token: dict[int, Mention] = field(default_factory=dict)
    ordered: list[Mention] = field(default_factory=list)
    _descriptors: dict[str, list[str]] = field(default_factory=dict)
    _country_anaphors: frozenset[str] = frozenset()
    focus: str | None = None  # the article's own country (resolve_context.focus_country)
    generic_tokens: set[int] = field(default_factory=set)  # resolved only by the focus
    _documents: dict[str, list[Actor]] = field(default_factory=dict)  # lemma -> its adopters
    _last_antecedent: Mention | None = None
    _generic_seen: dict[int, Actor | None] = field(default_factory=dict)

    # ---- single tokens --------------------------------------------------------------------
    def actors_for(self, tok: Token, depth: int = 0) -> list[Actor]:
        """Actors `tok` (the head of a noun phrase) stands for; [] when unknown."""
        if depth > 3:
            return []
        m = self.by_token.get(tok.i)
        if m is not None:
            if (m.kind == "demonym" and self.focus not in (None, m.actor.code) and any(
                    c.lower_ in self.kb.roles.local_modifiers for c in tok.children)):
                # "local Serbs" in a story about Kosovo are Kosovo's people
                return [Actor(self.focus, "CVL", self.kb.name_of(self.focus),
                              self._phrase(tok), tok.lemma_.lower(), *self._offsets(tok))]
            return [m.actor]
        lower = tok.lower_
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PRON":
            a = self.antecedent(tok)
            if a is not None and tok.lower_ in self.kb.roles.pronouns["plural"]:
                # "Jamaica and Antigua announced they were willing": they are both
                group = self._coordination(self._last_antecedent)
                if len(group) > 1:
                    return [Actor(g.code, g.sector, g.name, tok.text, g.role, tok.idx,
                                  tok.idx + len(tok.text)) for g in group]
            return [a] if a else []
        if lemma in self.kb.roles.quantity_nouns:
            # "thousands of Georgian students", "a group of Chinese hackers"
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    found = self.actors_for(pobj, depth + 1)
                    if found:
                        return found
        kb = self.kb
        if lemma in self._descriptors and self._has_definite(tok) and not self._modifiers(tok):
            a = self.last_igo(tok.i, self._descriptors[lemma])
            if a:
                return [Actor(a.code, a.sector, a.name, self._phrase(tok), a.role,
                              *self._offsets(tok))]
        if lemma in self._country_anaphors and any(c.lower_ == "the" for c in tok.children) and (
                not any(m.i in self.by_token for m in self._modifiers(tok))):
            # "the country", "the Caribbean nation": the last country named
            a = self.last_country(tok.i)
            if a:
                return [a]
        if lemma in kb.roles.document_nouns and tok.pos_ == "NOUN" and not self._modifiers(tok):
            found = self.document_author(tok, depth)
            if found:
                return found
        if lemma in kb.roles.body_anaphors and self._has_definite(tok):
            for m in reversed(self.ordered):  # "the body": the last legislature, court or IGO
                if m.last < tok.i and m.actor.sector in ("LEG", "JUD", "IGO"):
                    return [Actor(m.actor.code, m.actor.sector, m.actor.name, self._phrase(tok),
                                  m.actor.role, *self._offsets(tok))]
        if lemma in kb.roles.attempt_nouns:
            owners = [c for c in tok.children if c.dep_ == "poss"]
            for owner in owners:
                found = self.actors_for(owner, depth + 1)
                if found:
                    return found
        sector = kb.roles.sector_of.get(lemma) or kb.roles.sector_of.get(lower)
        is_member_noun = lemma in kb.roles.member_nouns
        if sector or is_member_noun:
            out: list[Actor] = []
            mods = self._modifiers(tok)
            if sector and not any(self.by_token.get(m.i) for m in mods):
                # "police in Nairobi", "protesters in Tbilisi": the place gives the country,
                # unless the phrase names its own ("the Chinese embassy in the UK")
                mods += [o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                         for o in c.children if o.dep_ == "pobj"]
            named = any(self.by_token.get(m.i) is not None for m in mods)
            for mod in mods:
                if named and mod.pos_ == "PRON":
                    continue  # "his Qatari counterpart" is Qatar's, whoever "his" is
                mm = self.by_token.get(mod.i)
                found = [mm.actor] if mm else self.actors_for(mod, depth + 1)
                for a in found:
                    if a.code in kb.igos and is_member_noun:
                        out.append(a)
                    elif a.code in kb.igos:
                        out.append(a)
                    elif sector and (a.sector is None or mm is None or mm.kind != "person"):
                        out.append(Actor(a.code, sector, a.name, self._phrase(tok),
                                         lemma, *self._offsets(tok)))
                    else:
                        out.append(a)
            if out and lemma in kb.roles.envoy_nouns:
                # "Russia's UN ambassador" serves Russia at the UN
                states = [a for a in out if a.code not in kb.igos]
                out = states or out
            if out:
                return _unique(out)
            if sector:
                found = self.generic(tok, lemma, sector, mods)
                if found is not None:
                    return [found]
        if (lemma in kb.roles.place_nouns or lower in kb.roles.place_nouns) and tok.pos_ in (
                "NOUN", "PROPN"):  # "Lac province" is often tagged a proper noun
            part = self.country_of_part(tok, depth)
            if part is not None:
                return [part]
        place = self.place_for(tok)
        return [place] if place else []

    def country_of_part(self, tok: Token, depth: int) -> Actor | None:
        """'Iran's Kurdistan province', 'the northern Afghan city of Kunduz', 'the outskirts
        of the town of Beni': a part of a country stands for the country its modifiers name."""
        for mod in self._modifiers(tok):
            if mod.pos_ == "PRON":
                continue  # "its airspace" after "Chinese jets entered Taiwan's zone": unsure
            mm = self.by_token.get(mod.i)
            found = [mm.actor] if mm else self.actors_for(mod, depth + 1)
            for a in found:
                if a.code in self.kb.countries:
                    return Actor(a.code, None, a.name, self._phrase(tok), "place",
                                 *self._offsets(tok))
        return None

    def generic(self, tok: Token, lemma: str, sector: str, mods: list[Token]) -> Actor | None:
        """A role noun with no country of its own: an earlier mention of the same noun with
        one ("Kenya's defence ministry ... the ministry"), else, for nouns that act at home,
        the article's country ("police fired tear gas")."""
        if tok.i in self._generic_seen:
            return self._generic_seen[tok.i]
        found = self._generic(tok, lemma, sector, mods)
        self._generic_seen[tok.i] = found
        return found

    def _generic(self, tok: Token, lemma: str, sector: str, mods: list[Token]) -> Actor | None:
        roles = self.kb.roles
        if any(m.lower_ in roles.foreign_modifiers for m in mods) or any(
                c.lower_ in roles.foreign_modifiers for c in tok.children):
            return None
        if any(t.i in self.by_token for c in tok.children
               if c.dep_ not in ("relcl", "acl", "appos", "punct") for t in c.subtree):
            # "the regime inspired by the US", "the regime towards the DPRK": the phrase names
            # other actors, so it is not simply the article's country's
            return None
        for m in reversed(self.ordered):
            if (m.kind == "role" and m.first < tok.i and m.first not in self.generic_tokens
                    and self.doc[m.first].lemma_.lower() == lemma):
                return Actor(m.actor.code, sector, m.actor.name, self._phrase(tok), lemma,
                             *self._offsets(tok))
        if lemma in roles.person_nouns and any(c.lower_ == "the" for c in tok.children):
            # "the long-ruling leader", "the president": the last person named
            for m in reversed(self.ordered):
                if m.last < tok.i and m.is_person and m.kind in ("person", "titled"):
                    return Actor(m.actor.code, m.actor.sector, m.actor.name, self._phrase(tok),
                                 m.actor.role, *self._offsets(tok))
        if lemma in roles.generic_nouns and tok.dep_ in ("nsubj", "nsubjpass"):
            for prep in roles.generic_place_preps:  # "protesters marched through Tbilisi"
                for c in tok.head.children:
                    if c.dep_ != "prep" or c.lower_ != prep:
                        continue
                    for o in c.children:
                        if o.lemma_.lower() in roles.mission_nouns:
                            # "outside the Russian embassy in Warsaw": the embassy names whom
                            # the crowd faces; where it stands is the crowd's country
                            o = next((x for p in o.children if p.dep_ == "prep" and
                                      p.lower_ == "in" for x in p.children
                                      if x.dep_ == "pobj"), o)
                            if o.lemma_.lower() in roles.mission_nouns:
                                continue
                        place = [a for a in self.actors_for(o, 3) if a.code in self.kb.countries]
                        if o.dep_ == "pobj" and place:
                            return Actor(place[0].code, sector, place[0].name,
                                         self._phrase(tok), lemma, *self._offsets(tok))
        if lemma in roles.generic_nouns and self.focus is not None and (
                tok.pos_ == "NOUN" or tok.lower_ != tok.text):
            self.generic_tokens.add(tok.i)
            return Actor(self.focus, sector, self.kb.name_of(self.focus), self._phrase(tok),
                         lemma, *self._offsets(tok))
        return None

    def document_author(self, tok: Token, depth: int) -> list[Actor]:
        """'The Security Council adopted a resolution demanding ...': the body that adopted,
        passed or voted for the document; a later 'the resolution' is the same one's."""
        lemma = tok.lemma_.lower()
        for by in (c for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"):
            for o in (c for c in by.children if c.dep_ == "pobj"):  # "a resolution by the board"
                found = self.group_for(o)
                if found:
                    self._documents[lemma] = found
                    return found
        cur = tok
        for _ in range(6):  # "voted in favour of a resolution": through the prepositions
            if cur.dep_ in ("dobj", "pobj", "nsubjpass", "prep") and cur.head.i != cur.i:
                cur = cur.head
                if cur.pos_ in ("VERB", "AUX"):
                    if cur.lemma_.lower() not in self.kb.roles.adoption_verbs:
                        break  # "rejected the resolution" says nothing of who wrote it
                    from .extract.syntax import subject_of

                    st = subject_of(cur)
                    found = self.actors_for(st, depth + 1) if st is not None else []
                    if found:
                        self._documents[lemma] = found
                        return found
                    break
            else:
                break
        if self._has_definite(tok) and lemma in self._documents:
            return self._documents[lemma]
        return []

    def modifier_actors(self, tok: Token) -> list[Actor]:
        """Actors named by a noun's modifiers ('Malian', "Bolivia's", 'of Iran')."""
        out: list[Actor] = []
        for mod in self._modifiers(tok):
            mm = self.by_token.get(mod.i)
            out.extend([mm.actor] if mm else self.actors_for(mod, 1))
        return out

    def _coordination(self, m: Mention) -> list[Actor]:
        """The actors coordinated with a mention ('Jamaica and Antigua and Barbuda')."""
        head = self.doc[m.first]
        root = self.doc[m.last]
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.i == head.i and not any(c.dep_ == "conj" for c in root.children):
            return [m.actor]
        return self.group_for(root)

    def place_for(self, tok: Token) -> Actor | None:
        """A named town the parser marked as a place: coded as its country."""
        # the small model often tags towns FAC, ORG or PERSON: trust the gazetteer instead,
        # but only for proper nouns and never for nationalities, dates or numbers
        if tok.pos_ != "PROPN" or tok.ent_type_ in _NOT_PLACES:
            return None
        ent = entity_of(tok)  # not a scan of doc.ents for every token
        span = ent if ent is not None else tok.doc[tok.i : tok.i + 1]
        from .knowledge.places import default_gazetteer

        place = default_gazetteer().lookup(span.text)
        if place is None or (span.text.isupper() and len(span.text) <= 5):
            return None  # "BSR", "AU": acronyms in brackets are names, not towns
        # a name with a title is a person, whatever towns share it ("President Kim")
        if any(c.dep_ in ("compound", "appos") and c.lemma_.lower() in self.kb.roles.person_nouns
               for c in tok.children):
            return None
        return Actor(place.country, None, self.kb.name_of(place.country), span.text, "place",
                     span.start_char, span.end_char)

    def group_for(self, tok: Token) -> list[Actor]:
        """Actors of a possibly coordinated or listed argument: 'A, B and C', 'states: A, B'."""
        out: list[Actor] = []
        seen: set[int] = set()
        stack = [tok]
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            out.extend(self.actors_for(t))
            for c in t.children:
                if c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
                    stack.append(c)
        return _unique(out)

    # ---- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _has_definite(tok: Token) -> bool:
        return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "this") or
                   c.dep_ == "poss" for c in tok.children) or tok.dep_ == "poss"

    def _modifiers(self, tok: Token) -> list[Token]:
        mods = [c for c in tok.children if c.dep_ in _MODIFIER_DEPS]
        # "leaders of France and Germany", "the foreign minister of Iran"
        # "an adviser to the Supreme Leader of Iran" serves whom the "to" names
        serving = tok.lemma_.lower() in self.kb.roles.serving_nouns
        preps = ("of", "from", "to") if serving else ("of", "from")
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    mods.append(pobj)
                    mods.extend(x for x in pobj.children if x.dep_ in ("conj", "appos"))
        # compound chains: "Hungarian Foreign Minister" -> Minister <- Foreign <- (amod) Hungarian
        for c in list(mods):
            if c.dep_ == "compound":
                mods.extend(x for x in c.children if x.dep_ in _MODIFIER_DEPS)
        # coordinated modifiers: "US and British warplanes"
        for c in list(mods):
            mods.extend(x for x in c.children if x.dep_ == "conj")
        return mods

    def _phrase(self, tok: Token) -> str:
        left = min([tok.i] + [t.i for t in tok.lefts if t.dep_ in _MODIFIER_DEPS | {"det"}])
        return self.doc[left : tok.i + 1].text

    def _offsets(self, tok: Token) -> tuple[int, int]:
        left = min([tok.i] + [t.i for t in tok.lefts if t.dep_ in _MODIFIER_DEPS | {"det"}])
        return self.doc[left].idx, tok.idx + len(tok.text)


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for a in actors:
        key = (a.code, a.sector)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
