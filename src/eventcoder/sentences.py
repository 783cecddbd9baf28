"""Sentence lookups in O(1): the parsed Doc's sentences indexed once.

spaCy answers `token.sent` by walking to the sentence's edges and `doc.sents` by walking the
whole Doc, on every call. The extractor asks for a candidate's sentence many times, so in a long
sentence or a long Doc those walks made coding quadratic. `sentence_index(doc)` builds the
index once (the `eventcoder_actors` component does so right after the parse) and keeps it on
`doc._.sentences`; it is only valid once the parser has set the sentence boundaries.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

if not Doc.has_extension("sentences"):
    Doc.set_extension("sentences", default=None)


class SentenceIndex:
    """Where every sentence of one Doc starts, and which sentence each token is in."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts: list[int] = []
        self._number = array("i", bytes(4 * len(doc)))  # token index -> sentence number
        for n, sent in enumerate(doc.sents):
            self.starts.append(sent.start)
            for i in range(sent.start, sent.end):
                self._number[i] = n
        self._ends = self.starts[1:] + [len(doc)]
        self._spans: dict[int, Span] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def number_of(self, i: int) -> int:
        """The number (0-based) of the sentence token `i` is in."""
        return self._number[i]

    def span(self, n: int) -> Span:
        """Sentence number `n` as a Span (made once)."""
        found = self._spans.get(n)
        if found is None:
            found = self._spans[n] = self.doc[self.starts[n] : self._ends[n]]
        return found

    def spans(self) -> list[Span]:
        return [self.span(n) for n in range(len(self.starts))]

    def sentence_of(self, tok: Token) -> Span:
        return self.span(self._number[tok.i])

    def starts_up_to(self, i: int, count: int) -> list[int]:
        """The starts of the last `count` sentences starting at or before token `i`, in order."""
        end = bisect_right(self.starts, i)
        return self.starts[max(0, end - count) : end]


def sentence_index(doc: Doc) -> SentenceIndex:
    """The Doc's sentence index, built on first use and kept on `doc._.sentences`."""
    index = doc._.sentences
    if index is None or index.doc is not doc:
        index = doc._.sentences = SentenceIndex(doc)
    return index


def sentence_of(tok: Token) -> Span:
    """`tok.sent` without the walk: the sentence of `tok` from its Doc's index."""
    return sentence_index(tok.doc).sentence_of(tok)


def entity_of(tok: Token) -> Span | None:
    """The named entity `tok` is part of (the same span `doc.ents` holds), found from the
    token's IOB tags instead of a scan over all of the Doc's entities."""
    if not tok.ent_iob_ or tok.ent_iob_ == "O":
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while doc[start].ent_iob_ == "I" and start > 0 and doc[start - 1].ent_iob_ in ("B", "I"):
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]
