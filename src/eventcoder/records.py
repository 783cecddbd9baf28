"""The plain dataclasses every stage passes on: Article in, Event out."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Actor:
    """A resolved participant. `code` is ISO alpha-3 or an IGO code (NATO, EU, UN...)."""

    code: str
    sector: str | None
    name: str
    text: str
    role: str | None = None
    start: int | None = None  # character offsets of `text` in the article
    end: int | None = None
    group: str | None = None  # a non-state group's own name (groups.yaml): Hamas, not just PSE

    def label(self) -> str:
        return f"{self.code} {self.sector}" if self.sector else self.code


@dataclass(frozen=True)
class Amount:
    """A quantity attached to an event. Money is normalised to units of `currency`."""

    value: float
    unit: str  # "currency" | "percent of GDP" | "percent" | "troops" | "missiles" | "people" ...
    currency: str | None = None
    text: str = ""

    def to_dict(self) -> dict:
        out = {"value": self.value, "unit": self.unit, "text": self.text}
        if self.currency:
            out["currency"] = self.currency
        return out


@dataclass(frozen=True)
class Evidence:
    """Where an event came from: the sentence and character spans in the article."""

    sentence: str
    sentence_start: int
    trigger: tuple[int, int]
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    rule: str  # the trigger rule that fired (extract/data/triggers/)
    trigger_text: str = ""
    # the named conventions (extract/data/conventions.yaml) applied after the trigger, in order
    conventions: tuple[str, ...] = ()

    @property
    def rule_chain(self) -> tuple[str, ...]:
        return (self.rule, *self.conventions)


@dataclass(frozen=True)
class Location:
    """Where an event took place, linked to the offline gazetteer when the name is known."""

    name: str
    code: str | None = None  # country (ISO alpha-3)
    latitude: float | None = None
    longitude: float | None = None
    level: str | None = None  # city | region | country


@dataclass(frozen=True)
class Flags:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    speaker: str | None = None
    cue: str | None = None  # the word that set a flag, for the reader

    def is_fact(self) -> bool:
        return not (self.negated or self.hypothetical)


@dataclass(frozen=True)
class Event:
    """One coded event: one PLOVER dyad with its evidence."""

    id: str
    date: date | None  # None when the article has no date and the caller gave none
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    quad_class: int
    score: float
    source: Actor
    target: Actor | None
    amounts: tuple[Amount, ...]
    location: Location | None
    flags: Flags
    confidence: float
    evidence: Evidence
    article_id: str = ""
    source_name: str | None = None  # the outlet
    date_resolution: str = "publication"  # day | week | month | year | publication | undated
    date_text: str | None = None  # the words the date was read from ("on Tuesday")

    def dyad(self) -> tuple[str, str, str | None]:
        return (self.type, self.source.code, self.target.code if self.target else None)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["amounts"] = [a.to_dict() for a in self.amounts]
        d["contexts"] = list(self.contexts)
        return d


@dataclass(frozen=True)
class Capture:
    """Where and when a crawler fetched an article: its WARC response record, kept as
    provenance next to the article (the page's URL is the article's `url`)."""

    archive_offset: int  # byte offset of the record in the archive (its gzip member)
    record_id: str | None = None  # WARC-Record-ID
    captured_at: datetime | None = None  # WARC-Date, UTC
    http_status: int | None = None
    http_headers: tuple[tuple[str, str], ...] = ()  # the response's headers, in order


@dataclass(frozen=True)
class Article:
    """Text to code, with what we know about where it came from.

    `id` defaults to a hash of the text (so the same text read twice is the same article);
    `origin` is where it was read from ("news/a.txt", "feed.jsonl:17", "-").
    """

    text: str
    date: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    id: str = ""
    author: str | None = None
    origin: str | None = None
    capture: Capture | None = None  # set for articles read from a web archive

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:16]


@dataclass
class CodedArticle:
    """The coder's whole answer for one article: events, flagged events and actor mentions."""

    article: Article
    events: list[Event] = field(default_factory=list)
    flagged: list[Event] = field(default_factory=list)
    mentions: list[Actor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    language: str | None = None  # ISO 639 code the detector gave; None: could not tell
