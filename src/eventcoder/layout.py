"""Article structure before parsing: headline, paragraphs and the dateline.

A news page starts with a headline line and often a dateline ("NAIROBI, Kenya (AP) —",
"(Reuters) -", "MEXICO CITY:"). Left to itself the parser runs the headline into the first
sentence and reads the dateline as part of it. The `eventcoder_layout` component runs before
the parser and starts a sentence at every line break and after a dateline, so the parser
respects them; `doc._.dateline` keeps the dateline's place (its country gives generic actors
such as "police" their side) and `doc._.dateline_end` where the story text starts.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

for _name in ("dateline", "dateline_end"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_AGENCY = r"\((?:AP|AFP|Reuters|Xinhua|TASS|Bloomberg|dpa|UPI|Anadolu|IANS|PTI|EFE|RFE/RL)\)"
# PLACE[, Country] [(Agency)] dash-or-colon at the start of a paragraph; a place in capitals or
# followed by an agency or a dash counts, a lowercase word never does
_DATELINE = re.compile(
    r"(?P<place>(?:[A-Z][A-Za-z.'\u2019-]*(?: [A-Z][A-Za-z.'\u2019-]*){0,3})"
    r"(?:, (?:[A-Z][A-Za-z.'\u2019-]*(?: [A-Z][A-Za-z.'\u2019-]*){0,3}))?)?"
    r"\s*(?P<agency>" + _AGENCY + r")?\s*(?P<sep>[-\u2013\u2014:]+)\s*")


def find_dateline(paragraph: str) -> tuple[str | None, int] | None:
    """(place or None, length) of a dateline opening `paragraph`, or None."""
    m = _DATELINE.match(paragraph)
    if m is None or m.end() >= len(paragraph):
        return None
    place, agency, sep = m.group("place"), m.group("agency"), m.group("sep")
    if not place and not agency:
        return None
    if place and not agency:
        first = place.split(",")[0]
        # "TAIPEI:" or "Pyongyang, North Korea -"; not "Officials - ..." inside a sentence
        if not (first.isupper() or "," in place or sep.strip() in ("-", "\u2013", "\u2014")):
            return None
        if sep == ":" and not first.isupper():
            return None
    return (place.strip() if place else None), m.end()


class Layout:
    """Sets sentence starts at line breaks and after a dateline; records the dateline."""

    def __call__(self, doc: Doc) -> Doc:
        starts = {0}
        for tok in doc:
            if "\n" in tok.text_with_ws and tok.i + 1 < len(doc):
                starts.add(tok.i + 1 if not tok.is_space else tok.i + 1)
        for start in sorted(starts):
            while start < len(doc) and doc[start].is_space:
                start += 1
            if start >= len(doc):
                continue
            if start > 0:
                doc[start].is_sent_start = True
            if doc._.dateline_end is None and start < 80:
                self._dateline(doc, start)
        return doc

    @staticmethod
    def _dateline(doc: Doc, start: int) -> None:
        tok = doc[start]
        end_char = doc.text.find("\n", tok.idx)
        paragraph = doc.text[tok.idx : end_char if end_char >= 0 else len(doc.text)]
        found = find_dateline(paragraph)
        if found is None:
            return
        place, length = found
        after = next((t for t in doc[start:] if t.idx >= tok.idx + length), None)
        if after is None or after.i <= start:
            return
        after.is_sent_start = True
        for t in doc[start + 1 : after.i]:
            t.is_sent_start = False
        doc._.dateline, doc._.dateline_end = place, after.idx


@Language.factory("eventcoder_layout", assigns=["token.is_sent_start", "doc._.dateline"])
def make_layout(nlp: Language, name: str) -> Layout:
    return Layout()
