"""The FastAPI app: a JSON API over a stored event database, and the web UI (static files).

Reads share one read-only DuckDB connection, each with a cursor of its own; the connection is
closed after a few idle seconds. DuckDB does not let a read-write and a read-only connection to
the same file live side by side in one process, so reads and the ingest endpoint share a
readers-writer lock: reads run together, an ingest waits for them to finish, closes the shared
connection and holds the others off while it writes. Every analysis answer comes from
`eventcoder.analysis`; nothing here re-implements it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.datastructures import Headers as StarletteHeaders

from ..errors import EventcoderError, InputError

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_PAGE_SIZE = 500
MAX_PAGE = 1_000_000
MAX_INGEST_ITEMS = 1000
MAX_TEXT_CHARS = 2_000_000
MAX_INGEST_BYTES = 64 * 1024 * 1024  # an ingest request body larger than this answers 413
BUSY_SECONDS = 30.0  # how long a request waits for a running ingest before answering 503
SNIPPET_CHARS = 240  # article text shown on each side of an event's sentence
FACTUAL = "NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false)"

UI_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
# The report is one self-contained page with inline CSS and JS: it may fetch nothing at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
              "img-src data:; base-uri 'none'; form-action 'none'")


# ---- response models ------------------------------------------------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AmountOut(_Model):
    value: float | None = None
    unit: str | None = None
    currency: str | None = None
    text: str = ""


class EventOut(_Model):
    """One stored event (one PLOVER dyad), with the character offsets of its evidence."""

    id: str
    article_id: str
    cluster_id: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    date_resolution: str | None = None
    date_text: str | None = None
    type: str
    mode: str | None = None
    contexts: list[str] = []
    quad_class: int | None = None
    score: float | None = None
    source_code: str | None = None
    source_sector: str | None = None
    source_name: str | None = None
    source_text: str | None = None
    target_code: str | None = None
    target_sector: str | None = None
    target_name: str | None = None
    target_text: str | None = None
    amounts: list[AmountOut] = []
    location: str | None = None
    location_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    location_level: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    speaker: str | None = None
    confidence: float | None = None
    sentence: str | None = None
    sentence_start: int | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None
    trigger_text: str | None = None
    rule: str | None = None


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


class ActorOut(_Model):
    code: str
    name: str
    kind: str  # state | igo | other
    names: list[str]  # as written in the articles
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


class NodeOut(_Model):
    id: str
    name: str
    kind: str
    alliances: list[str]
    events: int  # weight of the edges touching the node


class EdgeOut(_Model):
    source: str
    target: str
    weight: int
    cooperation: int
    conflict: int
    mean_score: float | None


class NetworkOut(_Model):
    since: str | None
    until: str | None
    as_of: str | None
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class DyadRowOut(_Model):
    period: dt.date
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    events: int
    score_sum: float
    score_mean: float | None


class DyadOut(_Model):
    a: str
    b: str
    a_code: str
    b_code: str
    freq: str
    both_directions: bool
    rows: list[DyadRowOut]


class MemberOut(_Model):
    code: str
    name: str
    joined: dt.date | None


class BlockerOut(_Model):
    source: str
    target: str | None
    type: str
    mode: str | None
    date: dt.date | None
    sentence: str
    article_id: str
    event_id: str
    within: bool


class PeriodOut(_Model):
    period: dt.date
    members: int
    intra_events: int
    cooperative: int
    conflictual: int
    dissenters: list[str]
    index: float | None
    dissent_share: float


class CohesionOut(_Model):
    alliance: str
    name: str
    since: dt.date | None
    until: dt.date | None
    as_of: dt.date
    members: list[MemberOut]
    intra_events: int
    intra_cooperative: int
    intra_conflictual: int
    outward_events: int
    index: float | None
    blockers: list[BlockerOut]
    intra_conflicts: list[BlockerOut]
    periods: list[PeriodOut]


class CommitmentOut(_Model):
    kind: str | None
    source: str
    target: str | None
    value: float
    unit: str
    currency: str | None
    text: str
    date: dt.date | None
    type: str
    mode: str | None
    event_id: str
    article_id: str
    sentence: str


class MoneyTotal(_Model):
    kind: str | None
    currency: str
    total: float


class CountTotal(_Model):
    kind: str | None
    unit: str
    total: float


class CommitmentsOut(_Model):
    rows: list[CommitmentOut]
    money: list[MoneyTotal]
    gdp_shares: list[CommitmentOut]
    counts: list[CountTotal]


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


class ValidationIssue(_Model):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(_Model):
    detail: str = Field(description="The first problems, readable.")
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


def _not_found(what: str) -> dict[int | str, dict[str, Any]]:
    return {404: {"model": ErrorOut, "description": what}}


def _day(description: str) -> Any:
    """A YYYY-MM-DD query parameter; empty means no bound. eventcoder.analysis checks it (a
    bad one is a 400), so the schema documents the format rather than enforcing it."""
    return Query(None, max_length=40, description=f"{description} Empty: no bound.",
                 json_schema_extra={"anyOf": [{"type": "string", "format": "date"},
                                              {"type": "string", "maxLength": 0},
                                              {"type": "null"}]})


# ---- the database: one shared read-only connection, a cursor per read, one writer -------
READ_IDLE_SECONDS = 5.0  # the shared read-only connection closes after this long unused


class _Reader:
    """What a read gets: `con`, a DuckDB cursor of its own (analysis functions take it)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def counts(self) -> dict[str, int]:
        from ..store import table_counts

        return table_counts(self.con)


class Database:
    """Reads share one read-only DuckDB connection, each through a cursor of its own; a
    readers-writer lock keeps the ingest apart from them.

    Opening the file costs far more than a query on a small store, so the connection stays
    open while reads come in. It is closed before an ingest writes (DuckDB refuses a read-write
    connection next to a read-only one in the same process) and after `idle_seconds` without
    reads, so another process (`eventcoder ingest`) can take the file while the server idles.
    A DuckDB connection must not be used from several threads at once; a cursor is a
    connection of its own to the same database, so each read (one worker thread) gets one."""

    def __init__(self, path: Path, idle_seconds: float = READ_IDLE_SECONDS) -> None:
        self.path = path
        self.idle_seconds = idle_seconds
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0
        self._shared: Any = None  # the EventStore whose connection the cursors come from
        self._last_read = 0.0
        self._reaper: threading.Thread | None = None

    @property
    def is_open(self) -> bool:
        """Whether the shared read-only connection is open now."""
        with self._cond:
            return self._shared is not None

    def _cursor(self) -> Any:
        """A new cursor on the shared connection, opening it first if needed (lock held)."""
        from ..store import EventStore

        if self._shared is None:
            if not self.path.is_file():
                raise HTTPException(503, f"{self.path.name}: no such database")
            try:
                self._shared = EventStore(self.path, read_only=True)
            except InputError as exc:  # e.g. another process holds the write lock
                raise HTTPException(503, str(exc)) from None
            if self._reaper is None:
                self._reaper = threading.Thread(target=self._close_when_idle, daemon=True,
                                                name="eventcoder-db-idle")
                self._reaper.start()
        return self._shared.con.cursor()

    def _close_shared(self) -> None:  # lock held, no reads running
        if self._shared is not None:
            self._shared.close()
            self._shared = None

    def _close_when_idle(self) -> None:
        with self._cond:
            while self._shared is not None:
                if self._readers:
                    self._cond.wait()
                    continue
                left = self._last_read + self.idle_seconds - time.monotonic()
                if left <= 0:
                    self._close_shared()
                    break
                self._cond.wait(timeout=left)
            self._reaper = None

    def close(self) -> None:
        """Close the shared connection (reads open it again when needed)."""
        with self._cond:
            if not self._readers:
                self._close_shared()
            self._cond.notify_all()

    @contextmanager
    def read(self) -> Iterator[_Reader]:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing and not self._waiting_writers,
                                       timeout=BUSY_SECONDS):
                raise HTTPException(503, "the database is busy (an ingest is running); "
                                         "try again shortly")
            cur = self._cursor()
            self._readers += 1
        try:
            yield _Reader(cur)
        finally:
            try:
                cur.close()
            finally:
                with self._cond:
                    self._readers -= 1
                    self._last_read = time.monotonic()
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            try:
                ok = self._cond.wait_for(lambda: not self._writing and not self._readers,
                                         timeout=BUSY_SECONDS * 4)
            finally:
                self._waiting_writers -= 1
            if not ok:
                self._cond.notify_all()
                raise HTTPException(503, "the database is busy; try the ingest again shortly")
            self._writing = True
            self._close_shared()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


# ---- the ingest guard: the token, then the body ---------------------------------------------
def _token_problem(token: str | None, authorization: str | None) -> HTTPException | None:
    """Why a request may not ingest (403 disabled, 401 missing or wrong token), or None."""
    if token is None:
        return HTTPException(403, "ingest disabled: the server was started without an "
                                  "ingest token")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode("utf-8", "replace"), token.encode("utf-8", "replace")):
        return HTTPException(401, "missing or wrong bearer token",
                             headers={"WWW-Authenticate": "Bearer"})
    return None


class IngestGuard:
    """ASGI middleware for POST /api/ingest: checks the token before FastAPI reads and parses
    the body, so a caller without the token costs the server nothing but the headers; and
    refuses bodies over `max_bytes` (413), by Content-Length or as they stream in."""

    def __init__(self, app: Any, token: str | None, max_bytes: int = MAX_INGEST_BYTES) -> None:
        self.app = app
        self.token = token
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/ingest" \
                or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = StarletteHeaders(scope=scope)
        problem = _token_problem(self.token, headers.get("authorization"))
        length = headers.get("content-length")
        if problem is None and length is not None and (
                not length.isdigit() or int(length) > self.max_bytes):
            problem = self._too_large()
        if problem is not None:
            response = JSONResponse({"detail": problem.detail}, status_code=problem.status_code,
                                    headers=problem.headers)
            await response(scope, receive, send)
            return
        seen = 0

        async def bounded() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # FastAPI passes an HTTPException from here through
                raise self._too_large()
            return message

        await self.app(scope, bounded, send)

    def _too_large(self) -> HTTPException:
        return HTTPException(413, f"request body over {self.max_bytes} bytes; send fewer "
                                  "articles per request")


# ---- helpers --------------------------------------------------------------------------------
def _rows(cur: Any) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _decode_amounts(row: dict) -> dict:
    raw = row.get("amounts")
    if isinstance(raw, str):
        try:
            row["amounts"] = json.loads(raw)
        except ValueError:
            row["amounts"] = []
    row["amounts"] = [a for a in (row.get("amounts") or []) if isinstance(a, dict)]
    row["contexts"] = list(row.get("contexts") or [])
    return row


def _span(text: str, start: Any, end: Any) -> tuple[int, int] | None:
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if 0 <= start < end <= len(text):
        return start, end
    return None


def _event_spans(ev: dict, text: str) -> list[tuple[int, int, str]]:
    out = []
    for role in ("trigger", "source", "target"):
        sp = _span(text, ev.get(f"{role}_start"), ev.get(f"{role}_end"))
        if sp:
            out.append((sp[0], sp[1], role))
    return out


def segments(text: str, lo: int, hi: int, events: list[dict]) -> list[Segment]:
    """Cut text[lo:hi] at every span boundary; each piece lists the roles and events on it.

    Computed here, in Python string offsets, so the browser never does offset arithmetic
    (JavaScript counts UTF-16 units, Python counts code points)."""
    marks: list[tuple[int, int, str, str, bool]] = []
    for ev in events:
        flagged = bool(ev.get("negated") or ev.get("hypothetical"))
        for s, e, role in _event_spans(ev, text):
            s, e = max(s, lo), min(e, hi)
            if s < e:
                marks.append((s, e, role, ev["id"], flagged))
    cuts = sorted({lo, hi, *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        on = [m for m in marks if m[0] <= a and b <= m[1]]
        roles = [r for r in ("trigger", "source", "target") if any(m[2] == r for m in on)]
        ids = list(dict.fromkeys(m[3] for m in on))
        out.append(Segment(text=text[a:b], roles=roles, events=ids,
                           flagged=bool(on) and all(m[4] for m in on)))
    return out


def _article_text(con: Any, article_id: str) -> tuple[dict, str] | None:
    rows = _rows(con.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        return None
    row = rows[0]
    return row, row.pop("text", "") or ""


def _page(page: int, limit: int) -> int:
    return (page - 1) * limit


def _kind(kb: Any, code: str) -> str:
    if code in kb.countries:
        return "state"
    if code in kb.igos:
        return "igo"
    return "other"


# ---- the app --------------------------------------------------------------------------------
def create_app(db_path: str | Path, ingest_token: str | None = None) -> FastAPI:
    """The API and UI over the event database at `db_path`.

    ingest_token: the bearer token POST /api/ingest requires; None (or empty) disables the
    endpoint (403). The database must exist (build it with `eventcoder ingest`)."""
    from .. import __version__

    path = Path(db_path)
    if not path.is_file():
        raise InputError(f"{path}: no such database (build it with `eventcoder ingest`)")
    db = Database(path)
    token = ingest_token or None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()  # the shared read connection; the server is stopping

    app = FastAPI(
        lifespan=lifespan,
        title="eventcoder",
        version=__version__,
        description="PLOVER political events coded from news text, each traceable to its "
                    "sentence. Read-only JSON API over an eventcoder database, plus a web UI "
                    "at `/`. See docs/api.md.",
    )
    app.state.db = db

    # -- errors: always {"detail": "..."}, never a 500 for bad input
    @app.exception_handler(EventcoderError)
    async def _eventcoder_error(request: Request, exc: EventcoderError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        parts = []
        for err in errors[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else
                         str(err.get("msg", "invalid")))
        detail = "; ".join(parts) or "invalid request"
        safe = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in errors]
        return JSONResponse({"detail": detail, "errors": jsonable_encoder(safe)},
                            status_code=422)

    # added before _headers, so it runs inside it: its answers get the security headers too
    app.add_middleware(IngestGuard, token=token, max_bytes=MAX_INGEST_BYTES)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        p = request.url.path
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if p.endswith("/report") and p.startswith("/api/articles/"):
            response.headers.setdefault("Content-Security-Policy", REPORT_CSP)
        elif not p.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", UI_CSP)
        return response

    # -- the OpenAPI document: error answers are JSON, also on the HTML report's route (FastAPI
    # would give them the route's text/html)
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = FastAPI.openapi(app)
            for item in spec.get("paths", {}).values():
                for op in item.values():
                    for code, answer in op.get("responses", {}).items():
                        content = answer.get("content", {})
                        if code[:1] in "45" and "text/html" in content:
                            content.setdefault("application/json", content.pop("text/html"))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    # -- the UI
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    # -- the API
    @app.get("/api/health", response_model=Health, tags=["meta"],
             responses={503: READ_ERRORS[503]})
    def health() -> Health:
        """Is the database readable, and how big is it."""
        with db.read() as store:
            counts = store.counts()
        return Health(status="ok", database=path.name, articles=counts["articles"],
                      events=counts["events"], ingest_enabled=token is not None)

    @app.get("/api/events", response_model=EventPage, tags=["events"],
             responses={**BAD_VALUE, **READ_ERRORS})
    def events(
        actor: str | None = Query(None, max_length=200,
                                  description="Actor code or name: HUN, Hungary, the Kremlin."),
        role: Literal["source", "target", "either"] = "either",
        etype: str | None = Query(None, alias="type", max_length=40,
                                  description="PLOVER event type."),
        mode: str | None = Query(None, max_length=40),
        context: str | None = Query(None, max_length=40),
        since: str | None = _day("First day (YYYY-MM-DD)."),
        until: str | None = _day("Last day (YYYY-MM-DD)."),
        outlet: str | None = Query(None, max_length=300),
        include_flagged: bool = False,
        dedup: bool = False,
        page: int = Query(1, ge=1, le=MAX_PAGE),
        limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    ) -> EventPage:
        """Events filtered like `eventcoder query` (facts only unless include_flagged)."""
        from ..analysis import EventQuery, query_events
        from ..analysis.query import build_sql

        q = EventQuery(actor=actor, role=role, type=etype, mode=mode, context=context,
                       since=since, until=until, outlet=outlet, include_flagged=include_flagged,
                       dedup=dedup, limit=limit + 1, offset=_page(page, limit))
        with db.read() as store:
            rows = query_events(store, q)
            sql, params = build_sql(store.con, q)
            cut = sql.rfind(" ORDER BY ")
            total = (store.con.execute(f"SELECT count(*) FROM ({sql[:cut]})",
                                       params[:-2]).fetchone()[0] if cut > 0 else None)
        return EventPage(items=[EventOut(**_decode_amounts(r)) for r in rows[:limit]],
                         page=page, limit=limit, total=total, has_more=len(rows) > limit)

    @app.get("/api/events/{event_id}", response_model=EventDetail, tags=["events"],
             responses={**_not_found("No such event"), **READ_ERRORS})
    def event(event_id: str = PathParam(..., max_length=200)) -> EventDetail:
        """One event with its evidence: the sentence with trigger, source and target spans
        (character offsets in the article text), the article and a snippet around it."""
        with db.read() as store:
            rows = _rows(store.con.execute("SELECT * FROM events WHERE id = ? LIMIT 1",
                                           [event_id]))
            if not rows:
                raise HTTPException(404, f"no event {event_id!r}")
            ev = _decode_amounts(rows[0])
            found = _article_text(store.con, ev["article_id"])
        meta, text = found if found else ({"id": ev["article_id"]}, ev.get("sentence") or "")
        sentence = ev.get("sentence") or ""
        s0 = ev.get("sentence_start") if found else 0
        s0 = s0 if isinstance(s0, int) and 0 <= s0 <= len(text) else 0
        sentence = sentence.rstrip()  # the stored sentence keeps its trailing line breaks
        lo, hi = s0, min(len(text), s0 + len(sentence)) if sentence else len(text)
        spans = _event_spans(ev, text)
        lo = min([lo, *(s for s, _, _ in spans)])
        hi = max([hi, *(e for _, e, _ in spans)])

        def span(role: str) -> SpanOut | None:
            for s, e, r in spans:
                if r == role:
                    return SpanOut(start=s, end=e, text=text[s:e])
            return None

        evidence = Evidence(sentence=text[lo:hi] or sentence, start=lo, end=hi,
                            trigger=span("trigger"), source=span("source"),
                            target=span("target"), rule=ev.get("rule"),
                            segments=segments(text, lo, hi, [ev]))
        a, b = max(0, lo - SNIPPET_CHARS), min(len(text), hi + SNIPPET_CHARS)
        return EventDetail(**ev, evidence=evidence, article=ArticleMeta(**meta),
                           snippet=Snippet(start=a, end=b, text=text[a:b], before=text[a:lo],
                                           after=text[hi:b]))

    @app.get("/api/articles", response_model=ArticlePage, tags=["articles"],
             responses=READ_ERRORS)
    def articles(
        outlet: str | None = Query(None, max_length=300),
        page: int = Query(1, ge=1, le=MAX_PAGE),
        limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    ) -> ArticlePage:
        """Stored articles, newest first (without their text)."""
        where, params = "", []
        if outlet:
            where, params = " WHERE lower(outlet) = lower(?)", [outlet]
        with db.read() as store:
            total = store.con.execute(f"SELECT count(*) FROM articles{where}",
                                      params).fetchone()[0]
            rows = _rows(store.con.execute(
                "SELECT * EXCLUDE (text) FROM articles" + where +
                " ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
                [*params, limit, _page(page, limit)]))
        return ArticlePage(items=[ArticleMeta(**r) for r in rows], page=page, limit=limit,
                           total=total, has_more=_page(page, limit) + len(rows) < total)

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, tags=["articles"],
             responses={**_not_found("No such article"), **READ_ERRORS})
    def article(article_id: str = PathParam(..., max_length=200)) -> ArticleDetail:
        """An article's text with all its events (flagged ones included, marked as such) and
        the text cut into segments carrying the trigger/source/target marks."""
        with db.read() as store:
            found = _article_text(store.con, article_id)
            if not found:
                raise HTTPException(404, f"no article {article_id!r}")
            evs = [_decode_amounts(r) for r in _rows(store.con.execute(
                "SELECT * FROM events WHERE article_id = ? ORDER BY trigger_start, id",
                [article_id]))]
        meta, text = found
        return ArticleDetail(**meta, text=text, events=[EventOut(**e) for e in evs],
                             segments=segments(text, 0, len(text), evs),
                             report_url=f"/api/articles/{article_id}/report")

    @app.get("/api/articles/{article_id}/report", response_class=HTMLResponse,
             tags=["articles"], responses={**_not_found("No such article"), **READ_ERRORS})
    def article_report(article_id: str = PathParam(..., max_length=200)) -> HTMLResponse:
        """The one-page HTML report of the article (its text re-coded, denied and
        hypothetical statements included), as `eventcoder report` writes it."""
        from .. import Article, CoderOptions, code_batch
        from ..report import build_report

        with db.read() as store:
            found = _article_text(store.con, article_id)
        if not found:
            raise HTTPException(404, f"no article {article_id!r}")
        meta, text = found
        options = CoderOptions(include_flagged=True)
        art = Article(text=text, date=meta.get("published"), source=meta.get("outlet"),
                      url=meta.get("url"), title=meta.get("title"), id=article_id,
                      author=meta.get("author"), origin=meta.get("origin"))
        result = code_batch([art], options)[0]
        return HTMLResponse(build_report(result, settings=options))

    @app.get("/api/actors", response_model=ActorPage, tags=["actors"],
             responses=READ_ERRORS)
    def actors(
        q: str | None = Query(None, max_length=200, description="Part of a code or name."),
        page: int = Query(1, ge=1, le=MAX_PAGE),
        limit: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    ) -> ActorPage:
        """Actors from the `actors` table, one row per code, with mentions and event counts."""
        where, params = "", []
        if q:
            where = (" WHERE code IN (SELECT code FROM actors WHERE "
                     "contains(lower(code), lower(?)) OR contains(lower(name), lower(?)))")
            params = [q, q]
        with db.read() as store:
            total = store.con.execute(
                f"SELECT count(DISTINCT code) FROM actors{where}", params).fetchone()[0]
            rows = _actor_rows(store.con, where, params, limit, _page(page, limit))
        return ActorPage(items=rows, page=page, limit=limit, total=total,
                         has_more=_page(page, limit) + len(rows) < total)

    @app.get("/api/actors/{actor}", response_model=ActorDetail, tags=["actors"],
             responses={**_not_found("Unknown actor"), **READ_ERRORS})
    def actor_detail(actor: str = PathParam(..., max_length=200)) -> ActorDetail:
        """One actor (code or name) with its counts by event type as source and target."""
        from ..analysis import resolve_actor

        with db.read() as store:
            try:
                code = resolve_actor(actor, store.con)
            except InputError as exc:
                raise HTTPException(404, str(exc)) from None
            rows = _actor_rows(store.con, " WHERE code = ?", [code], 1, 0)
            by_type = store.con.execute(
                "SELECT type, count(*) FILTER (WHERE source_code = ?), "
                "count(*) FILTER (WHERE target_code = ?) FROM events "
                f"WHERE (source_code = ? OR target_code = ?) AND {FACTUAL} "
                "GROUP BY 1 ORDER BY 2 + 3 DESC, 1", [code] * 4).fetchall()
        if rows:
            base = rows[0]
        else:  # known to the knowledge base, never mentioned in this database
            from ..knowledge import default_knowledge

            kb = default_knowledge()
            base = ActorOut(code=code, name=kb.name_of(code), kind=_kind(kb, code), names=[],
                            sectors=[], mentions=0, as_source=0, as_target=0)
        return ActorDetail(**base.model_dump(), by_type=[
            TypeCount(type=t, as_source=s, as_target=g) for t, s, g in by_type])

    @app.get("/api/network", response_model=NetworkOut, tags=["analysis"],
             responses={**BAD_VALUE, **READ_ERRORS})
    def network(
        since: str | None = _day("First day (YYYY-MM-DD)."),
        until: str | None = _day("Last day (YYYY-MM-DD)."),
        types: Annotated[list[str] | None, Query(
            alias="type", max_length=20, description="PLOVER types (repeat the parameter).")
        ] = None,
        min_events: int = Query(1, ge=1, le=1_000_000),
    ) -> NetworkOut:
        """The actor network (`actor_network`): nodes and directed, weighted edges."""
        from ..analysis import actor_network

        with db.read() as store:
            g = actor_network(store, since=since, until=until, types=types,
                              min_events=min_events)
        weight = {n: 0 for n in g.nodes}
        for s, t, d in g.edges(data=True):
            weight[s] += d["weight"]
            weight[t] += d["weight"]
        nodes = [NodeOut(id=n, name=d.get("name") or n, kind=d.get("kind") or "other",
                         alliances=list(d.get("alliances") or []), events=weight[n])
                 for n, d in g.nodes(data=True)]
        edges = [EdgeOut(source=s, target=t, **d) for s, t, d in g.edges(data=True)]
        return NetworkOut(since=g.graph.get("since"), until=g.graph.get("until"),
                          as_of=g.graph.get("as_of"), nodes=nodes, edges=edges)

    @app.get("/api/dyad", response_model=DyadOut, tags=["analysis"],
             responses={**BAD_VALUE, **READ_ERRORS})
    def dyad(
        a: str = Query(..., max_length=200, description="First actor (code or name)."),
        b: str = Query(..., max_length=200, description="Second actor."),
        freq: Literal["day", "week", "month", "quarter", "year"] = "week",
        one_way: bool = Query(False, description="Only a → b."),
        since: str | None = _day("First day (YYYY-MM-DD)."),
        until: str | None = _day("Last day (YYYY-MM-DD)."),
    ) -> DyadOut:
        """Events between two actors per period, by quad class (`dyad_series`)."""
        from ..analysis import dyad_series, resolve_actor
        from ..analysis.query import date_range

        with db.read() as store:
            rows = dyad_series(store, a, b, freq=freq, both_directions=not one_way,
                               since=since, until=until)
            hi = date_range(since, until)[1]
            ca, cb = resolve_actor(a, store.con, hi), resolve_actor(b, store.con, hi)
        return DyadOut(a=a, b=b, a_code=ca, b_code=cb, freq=freq, both_directions=not one_way,
                       rows=[DyadRowOut(**r.to_dict()) for r in rows])

    @app.get("/api/alliance/{code}", response_model=CohesionOut, tags=["analysis"],
             responses={**BAD_VALUE, **_not_found("Unknown alliance"), **READ_ERRORS})
    def alliance(
        code: str = PathParam(..., max_length=40),
        since: str | None = _day("First day (YYYY-MM-DD)."),
        until: str | None = _day("Last day (YYYY-MM-DD)."),
        freq: Literal["day", "week", "month", "quarter", "year"] = "month",
    ) -> CohesionOut:
        """Alliance cohesion (`alliance_cohesion`): members, intra-alliance cooperation and
        conflict, blockers, and the cohesion index and dissent share per period."""
        from ..analysis import alliance_cohesion
        from ..knowledge import default_knowledge

        if code.strip().upper() not in default_knowledge().igos:
            known = ", ".join(sorted(default_knowledge().igos))
            raise HTTPException(404, f"unknown alliance {code!r}; known: {known}")
        with db.read() as store:
            rep = alliance_cohesion(store, code, since=since, until=until, freq=freq)
        return CohesionOut(
            alliance=rep.alliance, name=rep.name, since=rep.since, until=rep.until,
            as_of=rep.as_of, index=rep.index,
            members=[MemberOut(code=m.code, name=m.name, joined=m.joined) for m in rep.members],
            intra_events=rep.intra_events, intra_cooperative=rep.intra_cooperative,
            intra_conflictual=rep.intra_conflictual, outward_events=rep.outward_events,
            blockers=[BlockerOut(**x.to_dict()) for x in rep.blockers],
            intra_conflicts=[BlockerOut(**x.to_dict()) for x in rep.intra_conflicts],
            periods=[PeriodOut(period=p.period, members=p.members, intra_events=p.intra_events,
                               cooperative=p.cooperative, conflictual=p.conflictual,
                               dissenters=list(p.dissenters), index=p.index,
                               dissent_share=p.dissent_share) for p in rep.periods])

    @app.get("/api/commitments", response_model=CommitmentsOut, tags=["analysis"],
             responses={**BAD_VALUE, **READ_ERRORS})
    def commitments_(
        actor: str | None = Query(None, max_length=200),
        role: Literal["source", "target", "either"] = "either",
        since: str | None = _day("First day (YYYY-MM-DD)."),
        until: str | None = _day("Last day (YYYY-MM-DD)."),
    ) -> CommitmentsOut:
        """Amounts requested, demanded, pledged, delivered and blocked (`commitments`)."""
        from ..analysis import commitments

        with db.read() as store:
            rep = commitments(store, actor=actor, since=since, until=until, role=role)
        return CommitmentsOut(
            rows=[CommitmentOut(**c.to_dict()) for c in rep.rows],
            money=[MoneyTotal(kind=k, currency=c, total=v)
                   for (k, c), v in sorted(rep.money.items(), key=lambda kv: str(kv[0]))],
            gdp_shares=[CommitmentOut(**c.to_dict()) for c in rep.gdp_shares],
            counts=[CountTotal(kind=k, unit=u, total=v)
                    for (k, u), v in sorted(rep.counts.items(), key=lambda kv: str(kv[0]))])

    @app.post("/api/ingest", response_model=IngestOut, tags=["ingest"],
              responses={401: {"model": ErrorOut,
                               "description": "Missing or wrong bearer token"},
                         403: {"model": ErrorOut,
                               "description": "Ingest disabled (no token configured)"},
                         413: {"model": ErrorOut, "description": "Request body over "
                               f"{MAX_INGEST_BYTES // (1024 * 1024)} MiB"},
                         **READ_ERRORS})
    def ingest_(
        items: list[IngestItem],
        authorization: str | None = Header(None, description="Bearer <token>"),
    ) -> IngestOut:
        """Code and store articles. Needs `Authorization: Bearer <token>` with the token the
        operator set (`eventcoder serve --ingest-token` or EVENTCODER_INGEST_TOKEN)."""
        from ..ingest import IngestOptions, ingest

        problem = _token_problem(token, authorization)  # IngestGuard checked it already
        if problem is not None:
            raise problem
        if not items:
            raise HTTPException(422, "no articles given")
        if len(items) > MAX_INGEST_ITEMS:
            raise HTTPException(422, f"at most {MAX_INGEST_ITEMS} articles per request")
        with tempfile.TemporaryDirectory(prefix="eventcoder-api-") as tmp:
            feed = Path(tmp) / f"api-ingest-{time.strftime('%Y%m%dT%H%M%S')}.jsonl"
            with feed.open("w", encoding="utf-8") as fh:
                for item in items:
                    fh.write(json.dumps(item.model_dump(mode="json", exclude_none=True)) + "\n")
            with db.write():
                summary = ingest([feed], path, IngestOptions())
                problems = _run_failures(path, summary.run_id)
        return IngestOut(read=summary.read, added=summary.added,
                         already_stored=summary.already_stored, mirrors=summary.mirrors,
                         events=summary.events, failures=summary.failures,
                         warnings=summary.warnings, seconds=round(summary.seconds, 3),
                         run_id=summary.run_id, problems=problems)

    return app


def _run_failures(path: Path, run_id: str) -> list[str]:
    """What went wrong in one ingest run (read back right after it, under the write lock)."""
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return []
    try:
        rows = con.execute("SELECT line, severity, reason FROM failures WHERE run_id = ? "
                           "ORDER BY line", [run_id]).fetchall()
    except duckdb.Error:
        return []
    finally:
        con.close()
    return [f"{sev}: article {line}: {reason}" if line else f"{sev}: {reason}"
            for line, sev, reason in rows]


def _actor_rows(con: Any, where: str, params: list, limit: int, offset: int) -> list[ActorOut]:
    from ..knowledge import default_knowledge

    kb = default_knowledge()
    sql = (
        "WITH a AS (SELECT code, list(DISTINCT name ORDER BY name) AS names, "
        "list(DISTINCT sector ORDER BY sector) FILTER (WHERE sector <> '') AS sectors, "
        f"sum(mentions) AS mentions FROM actors{where} GROUP BY code), "
        f"s AS (SELECT source_code AS code, count(*) AS n FROM events WHERE {FACTUAL} "
        "GROUP BY 1), "
        f"t AS (SELECT target_code AS code, count(*) AS n FROM events WHERE {FACTUAL} "
        "AND target_code IS NOT NULL GROUP BY 1) "
        "SELECT a.code, a.names, a.sectors, a.mentions, coalesce(s.n, 0), coalesce(t.n, 0) "
        "FROM a LEFT JOIN s ON s.code = a.code LEFT JOIN t ON t.code = a.code "
        "ORDER BY a.mentions DESC, a.code LIMIT ? OFFSET ?")
    out = []
    for code, names, sectors, mentions, n_src, n_tgt in con.execute(
            sql, [*params, limit, offset]).fetchall():
        name = kb.name_of(code)
        if name == code and names:
            name = names[0]
        out.append(ActorOut(code=code, name=name, kind=_kind(kb, code), names=names or [],
                            sectors=sectors or [], mentions=int(mentions or 0),
                            as_source=int(n_src), as_target=int(n_tgt)))
    return out


__all__ = ["create_app", "segments"]
