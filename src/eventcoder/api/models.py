"""The API's answers and bodies as pydantic models (they make the OpenAPI document).

`EventOut` is not written out here: it is made from the store's event columns
(`eventcoder.store.columns`, derived from records.py), so every field of the `Event` record
reaches the API as it reaches the store, under the same name.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import MISSING, fields
from typing import Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from ..records import Amount
from ..store.columns import STORE_COLUMNS

MAX_PAGE_SIZE = 500
MAX_PAGE = 1_000_000
MAX_INGEST_ITEMS = 1000
MAX_TEXT_CHARS = 2_000_000
MAX_INGEST_BYTES = 64 * 1024 * 1024  # an ingest request body larger than this answers 413


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _amount_fields() -> dict[str, Any]:
    """Every field of the Amount record, none required (a stored amount is JSON)."""
    hints = typing.get_type_hints(Amount)
    return {f.name: (hints[f.name] | None, None if f.default is MISSING else f.default)
            for f in fields(Amount)}


AmountOut = create_model(  # type: ignore[call-overload]
    "AmountOut", __base__=_Model, __module__=__name__, **_amount_fields())
AmountOut.__doc__ = "An amount of an event (`Amount` in records.py)."

# which Python type answers each column kind, and the columns every event has
_KINDS: dict[str, Any] = {"text": str, "int": int, "float": float, "bool": bool,
                          "date": dt.date, "texts": list[str], "records": list[AmountOut]}
_REQUIRED = ("id", "article_id", "type")


def _event_fields() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in STORE_COLUMNS:
        tp = _KINDS[col.kind]
        if col.name in _REQUIRED:
            out[col.name] = (tp, ...)
        elif col.kind in ("texts", "records"):
            out[col.name] = (tp, [])
        elif col.kind == "bool":
            out[col.name] = (bool, False)
        else:  # stores made by older versions may lack the column: no value, not an error
            out[col.name] = (tp | None, None)
    out["rule_chain"] = (list[str], Field([], description="The trigger rule, then the "
                                          "conventions applied after it, in order."))
    out.update(_outlet_fields())
    return out


def _outlet_fields() -> dict[str, Any]:
    """What the outlet registry (outlets.yaml) says about an article's outlet and, for a
    mirror, its originating outlet: on every article and event."""
    return {
        "outlet_labels": (list[str], Field([], description="The outlet's ownership, then its "
                                           "labels (empty: the outlet has no entry).")),
        "outlet_country": (str | None, Field(None, description="Where the outlet is based.")),
        "origin_outlet": (str | None, Field(None, description="For a mirror: the outlet the "
                                            "text came from (its trailer, or the registry).")),
        "origin_labels": (list[str], Field([], description="The originating outlet's "
                                           "ownership and labels.")),
    }


EventOut = create_model(  # type: ignore[call-overload]
    "EventOut", __base__=_Model, __module__=__name__, **_event_fields())
EventOut.__doc__ = ("One stored event (one PLOVER dyad): a column for every field of the "
                    "`Event` record (docs/store.md), with the character offsets of its "
                    "evidence.")


class EventPage(_Model):
    items: list[EventOut]
    page: int
    limit: int
    total: int | None = Field(description="Events matching the filters (all pages).")
    has_more: bool


class SpanOut(_Model):
    start: int
    end: int
    text: str


class Segment(_Model):
    """A piece of text and the marks on it: roles among trigger/source/target, the events."""

    text: str
    roles: list[str] = []
    events: list[str] = []
    flagged: bool = False  # every event marking this piece is denied or hypothetical


class Evidence(_Model):
    sentence: str
    start: int
    end: int
    trigger: SpanOut | None
    source: SpanOut | None
    target: SpanOut | None
    rule: str | None
    conventions: list[str] = []
    rule_chain: list[str] = Field([], description="The trigger rule, then the conventions "
                                  "applied after it, in order.")
    segments: list[Segment]


class ArticleMeta(_Model):
    id: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    mirrored_from: str | None = None
    published: dt.date | None = None
    cluster_id: str | None = None
    similarity: float | None = None
    n_events: int | None = None
    n_flagged: int | None = None
    chars: int | None = None
    origin: str | None = None
    language: str | None = Field(None, description="ISO 639 code the language detector gave "
                                 "(null: it could not tell).")
    captured_at: dt.datetime | None = Field(None, description="When a crawler captured the "
                                            "page (articles read from a web archive).")
    record_offset: int | None = Field(None, description="Byte offset of the page's record "
                                      "in the web archive named by `origin`.")
    http_status: int | None = None
    warnings: list[str] = Field([], description="What the coder said about the article "
                                "(no date, not English...).")
    outlet_labels: list[str] = _outlet_fields()["outlet_labels"][1]
    outlet_country: str | None = None
    origin_outlet: str | None = _outlet_fields()["origin_outlet"][1]
    origin_labels: list[str] = _outlet_fields()["origin_labels"][1]

    @field_validator("warnings", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return value or []  # stores made by older versions have no warnings column


class Snippet(_Model):
    """The article text around the event: `before` + the evidence sentence + `after`."""

    start: int
    end: int
    text: str
    before: str
    after: str


class EventDetail(EventOut):
    evidence: Evidence
    article: ArticleMeta
    snippet: Snippet


class ArticlePage(_Model):
    items: list[ArticleMeta]
    page: int
    limit: int
    total: int
    has_more: bool


class ArticleDetail(ArticleMeta):
    text: str
    events: list[EventOut]
    segments: list[Segment]
    report_url: str



class WrittenAs(_Model):
    text: str  # the words of the article that stood for the actor (Actor.text)
    events: int  # factual events in which it was written so, as source or target


class ActorOut(_Model):
    code: str
    name: str
    kind: str  # state | igo | other
    names: list[str]  # the knowledge base's names it was resolved to (Hungary, Viktor Orbán)
    written: list[WrittenAs] = Field(default_factory=list, description=(
        "What the articles said for this actor (Hungary, Budapest, the Hungarian "
        "government, it), most frequent first"))
    sectors: list[str]
    mentions: int
    as_source: int  # factual events with this actor as source
    as_target: int


class ActorPage(_Model):
    items: list[ActorOut]
    page: int
    limit: int
    total: int
    has_more: bool


class TypeCount(_Model):
    type: str
    as_source: int
    as_target: int


class ActorDetail(ActorOut):
    by_type: list[TypeCount]



class IngestItem(BaseModel):
    """One article to ingest: `text` or `html`, and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    html: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    url: str | None = Field(default=None, max_length=2000)
    date: dt.date | None = None
    source: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=1000)
    author: str | None = Field(default=None, max_length=300)
    id: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _has_text(self) -> IngestItem:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("each article needs a non-empty 'text' or 'html'")
        return self


class IngestOut(_Model):
    read: int
    added: int
    already_stored: int
    mirrors: int
    events: int
    failures: int
    warnings: int
    seconds: float
    run_id: str
    problems: list[str]


class Health(_Model):
    status: str
    database: str
    articles: int
    events: int
    ingest_enabled: bool


class ErrorOut(_Model):
    detail: str
    field: str | None = Field(None, description="The parameter at fault (actor, since, type, "
                              "...), when the error is about one.")


class ValidationIssue(_Model):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(_Model):
    detail: str = Field(description="The first problems, readable.")
    field: str | None = Field(None, description="The parameter of the first problem.")
    errors: list[ValidationIssue] = []


# What the error answers look like, for the OpenAPI document (every one is {"detail": "..."}).
BAD_VALUE = {400: {"model": ErrorOut, "description": "A value the API cannot use: an unknown "
                   "actor, PLOVER type, mode or context, a bad date, a range ending before it "
                   "starts"}}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationErrorOut, "description": "A parameter out of its documented "
          "bounds (type, length, range, choices)"},
    503: {"model": ErrorOut, "description": "The database is busy (an ingest is running) or "
          "cannot be opened"},
}


def not_found(what: str) -> dict[int | str, dict[str, Any]]:
    return {404: {"model": ErrorOut, "description": what}}


def day_param(description: str) -> Any:
    """A YYYY-MM-DD query parameter; empty means no bound. eventcoder.analysis checks it (a
    bad one is a 400), so the schema documents the format rather than enforcing it."""
    return Query(None, max_length=40, description=f"{description} Empty: no bound.",
                 json_schema_extra={"anyOf": [{"type": "string", "format": "date"},
                                              {"type": "string", "maxLength": 0},
                                              {"type": "null"}]})
