"""Coder: normalise → parse → actors → events → dedupe, over a spaCy pipeline loaded once."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from .dedupe import dedupe
from .errors import InputError
from .event_records import shift_actor
from .knowledge import KnowledgeBase
from .language import detect_language
from .nlp import load_coding_pipeline
from .normalise import looks_like_text, normalise
from .ontology import load_ontology
from .records import Article, CodedArticle, Event
from .settings import CoderOptions


def parse_date(value: str | date | None) -> date | None:
    """Accept a date, an ISO string ('2025-06-25', '2025-06-25T10:00:00Z') or None."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise InputError(f"not a date (expected YYYY-MM-DD): {value!r}") from exc


class Coder:
    """Codes articles into PLOVER events. Build once, call many times.

    A thin wrapper over a spaCy pipeline that ends with the `eventcoder_actors` and
    `eventcoder_events` components (components.py): it normalises and slices the text, sets
    each Doc's article date and id, and collects `doc._.events`.
    """

    def __init__(self, options: CoderOptions | None = None) -> None:
        self.options = options or CoderOptions()
        o = self.options
        self.nlp = load_coding_pipeline(o.model, _str(o.knowledge_dir), _str(o.lexicon),
                                        _str(o.cues), _str(o.conventions), o.max_sentence_tokens)
        self.ontology = load_ontology()

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base the pipeline's components resolve actors with."""
        return self.nlp.get_pipe("eventcoder_actors").knowledge

    # ---- public API -------------------------------------------------------------------------
    def code_text(self, text: str, date: str | date | None = None,
                  source: str | None = None) -> list[Event]:
        """Events asserted as fact in `text` (all events with include_flagged)."""
        result = self.code(Article(text=text, date=parse_date(date), source=source))
        return result.events + (result.flagged if self.options.include_flagged else [])

    def code(self, article: Article) -> CodedArticle:
        return next(self.code_many([article]))

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles; yields one result per article, in order.

        Texts are parsed in chunks of at most `batch_size` pieces and `batch_chars` characters
        (one piece at least), and every Doc is reduced to its events as soon as it is parsed,
        so memory is bounded by one chunk whatever the number and length of the articles."""
        o = self.options
        waiting: deque[_InProgress] = deque()  # articles in input order, until all coded
        chunk: list[tuple[Doc, _InProgress]] = []
        chars = 0
        for art in articles:
            result, pieces = self._prepare(art)
            work = _InProgress(result, len(pieces))
            waiting.append(work)
            for offset, piece in pieces:
                if chunk and (len(chunk) >= o.batch_size or chars + len(piece) > o.batch_chars):
                    self._parse(chunk)
                    chunk, chars = [], 0
                    yield from _finished(waiting)
                chunk.append((self._doc(art, offset, piece), work))
                chars += len(piece)
            yield from _finished(waiting)
        if chunk:
            self._parse(chunk)
        yield from _finished(waiting)

    # ---- stages ------------------------------------------------------------------------------
    def _prepare(self, art: Article) -> tuple[CodedArticle, list[tuple[int, str]]]:
        result = CodedArticle(article=art)
        text = art.text if isinstance(art.text, str) else ""
        if not text.strip():
            result.warnings.append("empty text: nothing to code")
            return result, []
        if not looks_like_text(text):
            result.warnings.append("input does not look like text (binary or symbols): skipped")
            return result, []
        norm = normalise(text)
        if norm.origin:
            result.provenance = {"origin": norm.origin, "trailer": norm.trailer}
        detected = detect_language(norm.text)
        result.language = detected.language
        if not detected.english:
            result.warnings.append(
                f"text does not look like English (detected: {detected.language}): "
                "no events coded")
            return result, []
        if art.date is None:
            result.warnings.append(
                f"no date: events are undated; office-holders resolved as of today "
                f"({date.today().isoformat()})")
        return result, list(_slices(norm.text, self.options.max_chars))

    def _doc(self, art: Article, offset: int, piece: str) -> Doc:
        doc = self.nlp.make_doc(piece)
        doc._.article_date, doc._.article_id = art.date, art.id
        doc._.source_name, doc._.char_offset = art.source, offset
        return doc

    def _parse(self, chunk: list[tuple[Doc, _InProgress]]) -> None:
        for doc, work in self.nlp.pipe(chunk, as_tuples=True, batch_size=self.options.batch_size,
                                       n_process=self.options.n_process):
            work.take(doc)


@dataclass
class _InProgress:
    """An article whose pieces are being coded, and what its coded pieces gave so far."""

    result: CodedArticle
    remaining: int  # pieces not coded yet
    events: list[Event] = field(default_factory=list)

    def take(self, doc: Doc) -> None:
        offset = doc._.char_offset
        self.result.mentions.extend(shift_actor(m.actor, offset)
                                    for m in doc._.actor_mentions.ordered)
        self.events.extend(doc._.events)
        # the annotations point back at the Doc; dropping them frees it now, not at the
        # next full garbage collection
        doc.user_data.clear()
        self.remaining -= 1

    def finish(self) -> CodedArticle:
        events = dedupe(self.events)
        self.result.events = [e for e in events if e.flags.is_fact()]
        self.result.flagged = [e for e in events if not e.flags.is_fact()]
        return self.result


def _finished(waiting: deque[_InProgress]) -> Iterator[CodedArticle]:
    """The results at the front of `waiting` whose pieces are all coded, in order."""
    while waiting and waiting[0].remaining == 0:
        yield waiting.popleft().finish()


def _slices(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Cut long texts at paragraph or sentence ends into pieces spaCy can parse."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + max_chars)
        if end < n:
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut > start + max_chars // 2:
                end = cut + 1
        yield start, text[start:end]
        start = end


@cache
def _default_coder(include_flagged: bool) -> Coder:
    return Coder(CoderOptions(include_flagged=include_flagged))


def code_text(text: str, date: str | date | None = None, source: str | None = None,
              include_flagged: bool = False) -> list[Event]:
    """Code one text with the default settings (the Coder is built once per process)."""
    return _default_coder(include_flagged).code_text(text, date=date, source=source)


def code_batch(articles: list[Article], options: CoderOptions | None = None
               ) -> list[CodedArticle]:
    """The pure batch function every executor calls: same input, same output."""
    coder = _coder_for(options or CoderOptions())
    return list(coder.code_many(articles))


@cache
def _coder_for(options: CoderOptions) -> Coder:
    return Coder(options)


def _str(path: Path | str | None) -> str | None:
    return str(path) if path is not None else None
