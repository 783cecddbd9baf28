"""Article structure before parsing: headline, paragraphs and the dateline.

A news page starts with a headline line and often a dateline ("NAIROBI, Kenya (AP) —",
"(Reuters) -", "MEXICO CITY:"). Left to itself the parser runs the headline into the first
sentence and reads the dateline as part of it. The `eventcoder_layout` component runs before
the parser and starts a sentence at every line break and after a dateline, so the parser
respects them; `doc._.dateline` keeps the dateline's place (its country gives generic actors
such as "police" their side) and `doc._.dateline_end` where the story text starts.

It also caps how long a sentence the parser sees: a run of more than `max_sentence_tokens`
tokens without a sentence start is cut at its last full stop, else at a comma, semicolon,
colon or dash in its second half, else at the cap. Text without full stops (a scraped table,
a run-on transcript) would otherwise be one sentence of thousands of tokens, and the work per
event candidate grows with the length of its sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .settings import MAX_SENTENCE_TOKENS

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


_STOPS = frozenset({".", "!", "?", "...", "\u2026"})
_CLOSERS = frozenset({'"', "'", ")", "]", "\u201d", "\u2019", "''"})  # after a stop: 'said."'
_PAUSES = frozenset({",", ";", ":", "-", "--", "\u2013", "\u2014"})


class Layout:
    """Sets sentence starts at line breaks and after a dateline, records the dateline, and
    cuts overlong sentences (max_sentence_tokens; 0 turns the cap off)."""

    def __init__(self, max_sentence_tokens: int = MAX_SENTENCE_TOKENS) -> None:
        self.max_sentence_tokens = max_sentence_tokens

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
        if self.max_sentence_tokens and len(doc) > self.max_sentence_tokens:
            self._cap_sentences(doc, self.max_sentence_tokens)
        return doc

    @staticmethod
    def _cap_sentences(doc: Doc, cap: int) -> None:
        start = 0  # first token of the current run
        stop = pause = 0  # token after the run's last full stop / last pause (0: none yet)
        prev = doc[0].text
        for tok in doc[1:]:
            i = tok.i
            if tok.is_sent_start:  # a line break or the dateline already starts one
                start, stop, pause, prev = i, 0, 0, tok.text
                continue
            if prev in _STOPS or (prev in _CLOSERS and stop == i - 1):
                stop = i
            elif prev in _PAUSES:
                pause = i
            prev = tok.text
            if i - start >= cap:
                cut = stop if stop > start else pause if pause > start + cap // 2 else i
                doc[cut].is_sent_start = True
                start, stop, pause = cut, 0, 0

    @staticmethod
    def _dateline(doc: Doc, start: int) -> None:
        tok = doc[start]
        text = doc.text  # built anew on every access
        end_char = text.find("\n", tok.idx)
        paragraph = text[tok.idx : end_char if end_char >= 0 else len(text)]
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


@Language.factory("eventcoder_layout", assigns=["token.is_sent_start", "doc._.dateline"],
                  default_config={"max_sentence_tokens": MAX_SENTENCE_TOKENS})
def make_layout(nlp: Language, name: str, max_sentence_tokens: int) -> Layout:
    return Layout(max_sentence_tokens)
