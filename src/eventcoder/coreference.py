"""Coreference for MentionIndex: which earlier actor a pronoun stands for, and the last country
or organisation named before a token. A mixin, so the index keeps one set of mentions."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from .records import Actor
from .sentences import sentence_index, sentence_of


class Coreference:
    """Methods MentionIndex gets for its pronouns; they read its `ordered` mentions."""

    def antecedent(self, pron: Token) -> Actor | None:
        """The last compatible actor before a pronoun (he/she -> a person, it/they -> a body)."""
        low = pron.lower_
        pronouns = self.kb.roles.pronouns
        if low in pronouns["person"]:
            want_person = True
        elif low in pronouns["neuter"] or low in pronouns["plural"]:
            want_person = False
        else:
            return None
        ahead = self._fronted_subject(pron, want_person)
        if ahead is not None:
            return ahead
        own_subject = (self._clause_subject(pron)
                       if pron.dep_ in ("dobj", "pobj", "dative") else None)
        # subjects are the likelier antecedents ("Turkey offered to mediate between Russia and
        # Ukraine and said it would host..."): the nearest subject within the last two
        # sentences wins over a nearer object; "their" often stands for a coordination, and
        # "they" as a subject continues the subject of the clause that reports it, in the same
        # sentence ("NATO's forces said they were ready"). Subjects are looked for from
        # `bound` on, so the walk back stops there instead of running through the whole Doc.
        bound: int | None = None
        if low not in pronouns["plural"]:
            sent_starts = sentence_index(self.doc).starts_up_to(pron.i, 2)
            bound = sent_starts[0] if sent_starts else 0
        elif pron.dep_ in ("nsubj", "nsubjpass"):
            bound = sentence_of(pron).start
        # "them" wants a plural: "farmers marched on Nairobi ... push them back" (a subject
        # "they" often stands for a state: "Kim warned they would strike")
        plural_object = low in pronouns["plural"] and pron.dep_ not in ("nsubj", "nsubjpass")
        ordered = self.ordered  # sorted by first token: mentions starting after pron are skipped
        nearest = subject = None
        for k in range(bisect_left(ordered, pron.i, key=lambda m: m.first) - 1, -1, -1):
            m = ordered[k]
            if m.last >= pron.i or m.kind == "demonym" or m.dep in ("compound", "amod"):
                continue
            if own_subject is not None and m.first <= own_subject <= m.last:
                continue
            if m.is_person != want_person:
                continue
            nearest = nearest or m
            if plural_object:
                last = self.doc[m.last]
                if last.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in last.children):
                    subject = m
                    break
                continue
            if bound is None or m.first < bound:
                break
            if m.dep in ("nsubj", "nsubjpass"):
                subject = m
                break
        if nearest is None:
            return None
        m = subject or nearest
        self._last_antecedent = m
        return Actor(m.actor.code, m.actor.sector, m.actor.name, pron.text,
                     m.actor.role, pron.idx, pron.idx + len(pron.text))

    def _fronted_subject(self, pron: Token, want_person: bool) -> Actor | None:
        """'As part of its offensive, Israel cut...': a possessive in a phrase put before its
        clause's subject stands for that subject."""
        if pron.dep_ != "poss":
            return None
        verb = next((a for a in pron.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                    None) if verb is not None else None
        if subj is None or subj.i < pron.i or any(a == subj for a in pron.ancestors):
            return None
        m = next((m for m in self.ordered if m.first <= subj.i <= m.last
                  and m.kind != "demonym" and m.is_person == want_person), None)
        if m is None:
            return None
        return Actor(m.actor.code, m.actor.sector, m.actor.name, pron.text,
                     m.actor.role, pron.idx, pron.idx + len(pron.text))

    def _clause_subject(self, tok: Token) -> int | None:
        """Index of the subject of the verb governing `tok`: an object pronoun or 'the
        country' does not refer back to its own clause's subject ('Japan sent aid to it')."""
        cur = tok
        for _ in range(5):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and cur.dep_ in ("xcomp", "advcl"):
                    continue  # "police fired tear gas to push them back": not the police
                return subj.i if subj is not None and subj.i != tok.i else None
        return None

    def last_country(self, before: int) -> Actor | None:
        own_subject = self._clause_subject(self.doc[before])
        for m in reversed(self.ordered):
            if own_subject is not None and m.first <= own_subject <= m.last:
                continue
            if m.last < before and m.kind in ("country", "capital", "metonym") and (
                    m.actor.code in self.kb.countries):
                return Actor(m.actor.code, m.actor.sector, m.actor.name, m.actor.text)
        return None

    def last_igo(self, before: int, codes: list[str]) -> Actor | None:
        for m in reversed(self.ordered):
            if m.last < before and m.actor.code in codes:
                return m.actor
        return None
