"""Coder: read → normalise → parse → extract → resolve → Events. The model loads once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import cache

from .errors import InputError
from .extract.dates import EventDate, find_date_expressions, resolve_event_date
from .extract.extractor import Candidate, EventExtractor
from .extract.lexicon import Cues, Lexicon, default_cues, default_lexicon
from .knowledge import KnowledgeBase, default_knowledge
from .nlp import load_pipeline
from .normalise import looks_like_english, looks_like_text, normalise
from .ontology import load_ontology
from .records import Actor, Article, CodedArticle, Event, Evidence, Location
from .resolve import ActorResolver
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
    """Codes articles into PLOVER events. Build once, call many times."""

    def __init__(self, options: CoderOptions | None = None, *,
                 knowledge: KnowledgeBase | None = None, lexicon: Lexicon | None = None,
                 cues: Cues | None = None) -> None:
        self.options = options or CoderOptions()
        self.nlp = load_pipeline(self.options.model)
        if knowledge is None:
            knowledge = (KnowledgeBase.load(self.options.knowledge_dir)
                         if self.options.knowledge_dir else default_knowledge())
        if lexicon is None:
            lexicon = Lexicon.load(self.options.lexicon) if self.options.lexicon else (
                default_lexicon())
        self.knowledge = knowledge
        self.resolver = ActorResolver(knowledge, self.nlp.vocab)
        self.extractor = EventExtractor(lexicon, cues or default_cues(), knowledge)
        self.ontology = load_ontology()
        self._places: dict[str, Location | None] = {}

    # ---- public API -------------------------------------------------------------------------
    def code_text(self, text: str, date: str | date | None = None,
                  source: str | None = None) -> list[Event]:
        """Events asserted as fact in `text` (all events with include_flagged)."""
        result = self.code(Article(text=text, date=parse_date(date), source=source))
        return result.events + (result.flagged if self.options.include_flagged else [])

    def code(self, article: Article) -> CodedArticle:
        return next(self.code_many([article]))

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles with spaCy batching; yields one result per article."""
        pending: list[tuple[CodedArticle, list[tuple[int, str]]]] = []
        for art in articles:
            result, pieces = self._prepare(art)
            pending.append((result, pieces))
            if len(pending) >= self.options.batch_size:
                yield from self._run(pending)
                pending = []
        if pending:
            yield from self._run(pending)

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
        if not looks_like_english(norm.text):
            result.warnings.append("text does not look like English: no events coded")
            return result, []
        return result, list(_slices(norm.text, self.options.max_chars))

    def _run(self, pending: list[tuple[CodedArticle, list[tuple[int, str]]]]
             ) -> Iterator[CodedArticle]:
        flat = [(n, offset, piece) for n, (_, pieces) in enumerate(pending)
                for offset, piece in pieces]
        docs = self.nlp.pipe((piece for _, _, piece in flat), batch_size=self.options.batch_size,
                             n_process=self.options.n_process)
        by_article: dict[int, list] = {}
        for (n, offset, _), doc in zip(flat, docs, strict=True):
            by_article.setdefault(n, []).append((offset, doc))
        for n, (result, _) in enumerate(pending):
            day = result.article.date or date.today()
            for offset, doc in by_article.get(n, []):
                mentions = self.resolver.annotate(doc, day)
                result.mentions.extend(_shift_actor(m.actor, offset) for m in mentions.ordered)
                for cand in self.extractor.extract(doc, mentions):
                    for event in self._events(cand, result.article, day, offset):
                        (result.events if event.flags.is_fact() else result.flagged).append(event)
            result.events = _dedupe(result.events)
            result.flagged = _dedupe(result.flagged)
            yield result

    def _place(self, name: str | None) -> Location | None:
        """Link a place name to the gazetteer: a country, a capital or a town."""
        if not name:
            return None
        if name not in self._places:
            from .knowledge.places import default_gazetteer

            key = name[4:] if name.lower().startswith("the ") else name
            entries = self.knowledge.surface_forms().get(key, [])
            country = next((e.key for e in entries if e.kind == "country"), None)
            place = default_gazetteer().lookup(key)
            if country is not None:
                loc = Location(name, self.knowledge.countries[country].actor_code, None, None,
                               "country")
            elif place is not None:
                loc = Location(name, place.country, place.latitude, place.longitude,
                               "region" if place.level == "region" else "city")
            else:
                loc = Location(name)
            self._places[name] = loc
        return self._places[name]

    def _event_date(self, cand: Candidate, day: date) -> EventDate:
        """When it happened: a date expression inside the event's own clause ("shelled Kharkiv
        on Tuesday, officials said on Wednesday" -> Tuesday), else the publication date."""
        head = cand.trigger
        if head.pos_ != "VERB" and head.head.pos_ == "VERB":
            head = head.head  # a noun trigger's clause is its verb's
        doc = head.doc
        lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
        clause = doc.text[lo:hi]
        found = [t for _, _, t in find_date_expressions(clause)]
        return resolve_event_date(found, day)

    def _events(self, cand: Candidate, art: Article, day: date, offset: int) -> list[Event]:
        sent = cand.trigger.sent
        when = self._event_date(cand, day) if art.date is not None else None
        trig = (offset + cand.trigger.idx, offset + cand.trigger.idx + len(cand.trigger.text))
        out = []
        needs_recipient = self.ontology.event_type(cand.type).requires_recipient
        for src in cand.sources:
            # an actor is not its own recipient ("Libya dismantled its programme")
            targets: list[Actor | None] = [t for t in cand.targets
                                           if (t.code, t.sector) != (src.code, src.sector)]
            if not targets:
                if needs_recipient:
                    continue
                targets = [None]
            for tgt in targets:
                key = f"{art.id}|{trig[0]}|{cand.type}|{src.code}|{tgt.code if tgt else ''}"
                evid = Evidence(
                    sentence=sent.text, sentence_start=offset + sent.start_char, trigger=trig,
                    source=_span(src, offset), target=_span(tgt, offset) if tgt else None,
                    rule=cand.rule.id, trigger_text=cand.trigger.text,
                )
                out.append(Event(
                    id=hashlib.sha1(key.encode()).hexdigest()[:16],
                    date=when.date if when else day, type=cand.type,
                    mode=cand.mode, contexts=cand.contexts,
                    quad_class=self.ontology.quad_class(cand.type),
                    score=self.ontology.score(cand.type, cand.mode),
                    source=_shift_actor(src, offset),
                    target=_shift_actor(tgt, offset) if tgt else None,
                    amounts=cand.amounts, location=self._place(cand.location), flags=cand.flags,
                    confidence=cand.confidence, evidence=evid, article_id=art.id,
                    source_name=art.source,
                    date_resolution=when.resolution if when else "publication",
                    date_text=when.text if when else None,
                ))
        return out


def _span(actor: Actor, offset: int) -> tuple[int, int] | None:
    if actor.start is None or actor.end is None:
        return None
    return (actor.start + offset, actor.end + offset)


def _shift_actor(actor: Actor, offset: int) -> Actor:
    if not offset or actor.start is None:
        return actor
    return Actor(actor.code, actor.sector, actor.name, actor.text, actor.role,
                 actor.start + offset, (actor.end or actor.start) + offset)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per dyad and type within a sentence (two triggers for one act); a
    recipient-less event is dropped when the same actor has the same type with a recipient."""
    with_target = {(e.evidence.sentence_start, e.type, e.source.code)
                   for e in events if e.target is not None}
    events = [e for e in events if e.target is not None or
              (e.evidence.sentence_start, e.type, e.source.code) not in with_target]
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.evidence.sentence_start, e.type, e.source.code,
               e.target.code if e.target else None)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    keep = set(id(e) for e in best.values())
    return [e for e in events if id(e) in keep]


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
