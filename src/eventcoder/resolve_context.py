"""Actors the knowledge base does not list by name, resolved from the article around them.

- Titled people: "President Filipe Nyusi", "Deputy Interior Minister Jhonny Aguilera",
  "Aguilera, the interior minister of Bolivia": the title's sector, the country from the
  title's own modifiers, else from the article; later mentions of the surname are the same.
- Generic actors ("police", "protesters", "the ministry", "security forces"): an earlier
  mention of the same noun with its country ("Kenya's defence ministry ... the ministry"),
  else, for nouns that act at home, the dateline's country or the article's main country.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from .knowledge import KnowledgeBase
from .knowledge.places import default_gazetteer
from .records import Actor

_COUNTED = {"country", "capital", "metonym", "person", "demonym", "role", "titled"}


def dateline_country(kb: KnowledgeBase, place: str | None) -> str | None:
    """'NAIROBI, Kenya' -> KEN; 'MEXICO CITY' -> MEX (a capital or a town of the gazetteer)."""
    if not place:
        return None
    forms = kb.surface_forms()
    for part in reversed([p.strip() for p in place.split(",")]):
        for candidate in (part, part.title()):
            for entry in forms.get(candidate, []):
                if entry.kind in ("country", "capital"):
                    return kb.countries[entry.key].actor_code
            found = default_gazetteer().lookup(candidate)
            if found is not None:
                return found.country
    return None


def focus_country(kb: KnowledgeBase, mentions: list, dateline: str | None) -> str | None:
    """The article's own country: its dateline's, else the state named most often (ties go
    to the one named first)."""
    code = dateline_country(kb, dateline)
    if code is not None:
        return code
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in mentions:
        if m.kind in _COUNTED and m.actor.code in kb.countries:
            counts[m.actor.code] += 1
            first.setdefault(m.actor.code, m.first)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], first[c]))


def title_tokens(name: Span) -> list[Token]:
    """Role words standing before or beside a name: 'Deputy Interior Minister', ', the
    president'."""
    head = name.root
    out = [c for c in head.children if c.dep_ == "compound" and c.i < name.start]
    out += [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        out.append(head.head)  # "the interior minister, Jhonny Aguilera"
    return out


def titled_person(kb: KnowledgeBase, name: Span, resolve_modifier, focus: str | None
                  ) -> Actor | None:
    """A person named with a title: the title's sector, the country from its modifiers
    ('Malian Foreign Minister X', 'X, Bolivia's interior minister') or the article's."""
    roles = kb.roles
    for title in title_tokens(name):
        lemma = title.lemma_.lower()
        if lemma not in roles.person_nouns:
            continue
        sector = roles.sector_of.get(lemma, "GOV")
        found = [a for a in resolve_modifier(title) + resolve_modifier(name.root)
                 if a.code in kb.countries or a.code in kb.igos]
        if lemma in roles.envoy_nouns:  # "Russia's UN ambassador X" serves Russia
            found = [a for a in found if a.code in kb.countries] or found
        code = found[0].code if found else focus
        if code is None:
            return None
        sector = "IGO" if code in kb.igos else sector
        return Actor(code, sector, kb.name_of(code), name.text, lemma,
                     name.start_char, name.end_char)
    return None


def person_names(doc: Doc, taken: set[int]) -> list[Span]:
    """PERSON entities the name matcher left alone."""
    return [e for e in doc.ents if e.label_ == "PERSON"
            and not any(i in taken for i in range(e.start, e.end))]


def surname(name: Span) -> str:
    return name[-1].text if len(name) else name.text
