"""Text → Actor, with the article date: names, demonyms, metonymy, roles, pronouns.

`ActorResolver.annotate(doc, day)` finds every known name in a parsed Doc once (a spaCy
PhraseMatcher over the knowledge base's surface forms) and returns a `MentionIndex` that the
extractor asks "which actors does this token stand for?".
"""

from __future__ import annotations

import bisect
from collections import Counter
from datetime import date

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .knowledge import KnowledgeBase, SurfaceEntry
from .mentions import Mention, MentionIndex
from .records import Actor
from .resolve_context import focus_country, person_names, surname, titled_person

__all__ = ["ActorResolver", "Mention", "MentionIndex"]


class ActorResolver:
    """Finds known actors in parsed text. Build once per (pipeline, knowledge base)."""

    def __init__(self, kb: KnowledgeBase, vocab) -> None:
        self.kb = kb
        self._matcher = PhraseMatcher(vocab, attr="ORTH")
        self._entries: dict[str, list[SurfaceEntry]] = {}
        from spacy.lang.en import English  # a bare tokenizer, the same rules as the model's

        tokenizer = English().tokenizer
        for form, entries in kb.surface_forms().items():
            key = f"F{len(self._entries)}"
            self._entries[key] = entries
            self._matcher.add(key, [tokenizer(form)])
        self._descriptors = kb.descriptor_igos()
        self._country_anaphors = kb.roles.country_anaphors

    def annotate(self, doc: Doc, day: date) -> MentionIndex:
        index = MentionIndex(doc, day, self.kb, _descriptors=self._descriptors,
                             _country_anaphors=self._country_anaphors)
        matches = self._matcher(doc)
        # longest match wins where forms overlap ("Donald Trump" over "Trump")
        matches.sort(key=lambda m: (m[1], -(m[2] - m[1])))
        taken: set[int] = set()
        vocab_strings = doc.vocab.strings
        for match_id, start, end in matches:
            if any(i in taken for i in range(start, end)):
                continue
            span = doc[start:end]
            entries = self._entries[vocab_strings[match_id]]
            entry = self._choose(entries, span, day)
            if entry is None:
                continue
            taken.update(range(start, end))
            if entry.kind == "agency":
                continue  # "(AP)", "told Reuters": the wire reports, it is no actor
            root = span.root
            if (entry.kind == "country" and root.dep_ == "pobj" and root.head.lower_ == "of"
                    and root.head.head.lemma_.lower() in self.kb.roles.geographic_nouns):
                continue  # "the Sea of Japan" is water, not Japan
            written = _with_article(span) if entry.kind != "demonym" else span.text
            actor = self.kb.actor_for(entry, written, day,
                                      span.start_char, span.end_char)
            sector_from_role = None
            if entry.kind == "demonym":
                head = span.root.head if span.root.dep_ in ("amod", "compound") else None
                if head is not None:
                    sector_from_role = self.kb.roles.sector_of.get(head.lemma_.lower())
            is_person = entry.kind == "person" or (
                sector_from_role is not None and head.lemma_.lower() in self.kb.roles.person_nouns)
            mention = Mention(actor, start, end - 1, entry.kind, is_person, span.root.dep_)
            for i in range(start, end):
                index.by_token[i] = mention
            index.ordered.append(mention)
        dateline = doc._.dateline if Doc.has_extension("dateline") else None
        index.focus = focus_country(self.kb, index.ordered, dateline) or _towns_country(doc, index)
        self._titled_people(doc, index, taken)
        for tok in doc:  # documents in order, so "the resolution" later knows whose it is
            if tok.lemma_.lower() in self.kb.roles.document_nouns and tok.pos_ == "NOUN":
                index.actors_for(tok)
        # role phrases with a known modifier are mentions too ("the Hungarian foreign minister"),
        # and so are back-references such as "the alliance"
        for tok in doc:
            if tok.i in index.by_token or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma = tok.lemma_.lower()
            if lemma in self._descriptors:
                found = index.actors_for(tok)
                if found:
                    index.ordered.append(Mention(found[0], tok.i, tok.i, "igo", False, tok.dep_))
                    index.ordered.sort(key=lambda m: m.first)
                continue
            person = lemma in self.kb.roles.person_nouns
            # plural groups ("Malian soldiers") are antecedents for they/their, and bodies
            # ("the parliament of Iraq") for "the body"
            body = self.kb.roles.sector_of.get(lemma) in ("LEG", "JUD")
            # a body as a subject ("the foreign ministry regretted...") is what a later "its"
            # most often means
            subject = tok.dep_ in ("nsubj", "nsubjpass")
            if person or body or (lemma in self.kb.roles.sector_of
                                  and (tok.tag_ in ("NNS", "NNPS") or subject)):
                found = index.actors_for(tok)
                if found:
                    m = Mention(found[0], tok.i, tok.i, "role", person, tok.dep_)
                    bisect.insort(index.ordered, m, key=lambda m: m.first)
        index.ordered.sort(key=lambda m: m.first)
        return index

    def _titled_people(self, doc: Doc, index: MentionIndex, taken: set[int]) -> None:
        """People the knowledge base does not know, named with a title ("President X"), and
        their later mentions by surname."""
        known: dict[str, Actor] = {}
        for m in index.ordered:  # "Malian Foreign Minister Abdoulaye Diop ... Diop said"
            if m.kind == "person" and m.last > m.first:
                known.setdefault(doc[m.last].text, m.actor)
        for ent in person_names(doc, taken):
            actor = titled_person(self.kb, ent, index.modifier_actors, index.focus)
            if actor is None:
                actor = known.get(surname(ent))
                if actor is None:
                    continue
                actor = Actor(actor.code, actor.sector, actor.name, ent.text, actor.role,
                              ent.start_char, ent.end_char)
            known[surname(ent)] = actor
            mention = Mention(actor, ent.start, ent.end - 1, "titled", True, ent.root.dep_)
            for i in range(ent.start, ent.end):
                index.by_token[i] = mention
            index.ordered.append(mention)
            taken.update(range(ent.start, ent.end))
        index.ordered.sort(key=lambda m: m.first)

    def _choose(self, entries: list[SurfaceEntry], span, day: date) -> SurfaceEntry | None:
        """Pick among the meanings of an ambiguous form; persons in office on `day` first."""
        if len(entries) == 1:
            return entries[0]
        persons = [e for e in entries if e.kind == "person"]
        if persons:
            in_office = [e for e in persons if self.kb.persons[e.key].offices_on(day)]
            if in_office:
                return in_office[0]
        order = {"igo": 0, "country": 1, "group": 2, "metonym": 3, "capital": 4, "person": 5,
                 "demonym": 6, "agency": 7}
        return min(entries, key=lambda e: order.get(e.kind, 9))


def _with_article(span) -> str:
    """The text as written, with a preceding 'the' ('the U.S.', 'the Kremlin')."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "the":
        return doc[span.start - 1 : span.end].text
    return span.text


def _towns_country(doc: Doc, index: MentionIndex) -> str | None:
    """With no country named, the article is about the country of the towns it names
    ('police in Lagos ...'): the one named most, ties to the first."""
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            place = index.place_for(ent.root)
            if place is not None:
                counts[place.code] += 1
    return counts.most_common(1)[0][0] if counts else None
