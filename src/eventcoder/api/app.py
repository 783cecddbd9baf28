"""The FastAPI app: a JSON API over a stored event database, and the web UI (static files).

Reads and the ingest endpoint share the database through `eventcoder.store.shared`: one
read-only connection for concurrent reads, closed while an ingest writes. Every analysis
answer comes from `eventcoder.analysis`; every event and article answer is what the store
holds. The routes live in routes_events, routes_analysis, routes_charts, routes_outlets and
routes_ingest; the answers' models in models and analysis_models (routes_charts keeps its own).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ..errors import EventcoderError, InputError, StoreUnavailable
from ..store.shared import SharedStore
from . import routes_analysis, routes_charts, routes_events, routes_ingest, routes_outlets
from .common import segments
from .guard import IngestGuard
from .middleware import LOOPBACK_HOSTS, HostCheck, ResponseCache, SecurityHeaders
from .models import MAX_INGEST_BYTES, READ_ERRORS, Health

if TYPE_CHECKING:
    from ..knowledge.outlets import OutletRegistry

STATIC_DIR = Path(__file__).resolve().parent / "static"
BUSY_SECONDS = 30.0  # how long a request waits for a running ingest before answering 503
CACHE_BYTES = 64 * 1024 * 1024  # answers kept in memory per server process (ResponseCache)

UI_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
# The report is one self-contained page with inline CSS and JS: it may fetch nothing at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
              "img-src data:; base-uri 'none'; form-action 'none'")


def create_app(db_path: str | Path, ingest_token: str | None = None,
               outlets: OutletRegistry | None = None,
               allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
               cache_bytes: int = CACHE_BYTES) -> FastAPI:
    """The API and UI over the event database at `db_path`.

    ingest_token: the bearer token POST /api/ingest requires; None (or empty) disables the
    endpoint (403). outlets: the outlet registry that labels articles and events (default:
    the bundled one plus $EVENTCODER_OUTLETS). allowed_hosts: the names the Host header may
    carry (default this machine's loopback names; "*" allows any); other requests get 400.
    cache_bytes: memory for answers kept until the database changes (0: no cache). The
    database must exist (build it with
    `eventcoder ingest`)."""
    from .. import __version__
    from ..knowledge.outlets import default_registry

    registry = outlets or default_registry()

    path = Path(db_path)
    if not path.is_file():
        raise InputError(f"{path}: no such database (build it with `eventcoder ingest`)")
    db = SharedStore(path, busy_seconds=BUSY_SECONDS)
    token = ingest_token or None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # load now what the first analysis or report request would (seconds of CPU), so the
        # server answers only once it is ready, not with the first clients queued behind it
        await run_in_threadpool(_warm_up)
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
        body = {"detail": str(exc)}
        if getattr(exc, "field", None):  # the parameter at fault, for a form to mark
            body["field"] = exc.field
        return JSONResponse(body, status_code=400)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

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
        body: dict[str, Any] = {"detail": detail, "errors": jsonable_encoder(safe)}
        names = [x for x in (errors[0].get("loc", ()) if errors else ()) if isinstance(x, str)]
        if len(names) > 1 and names[0] in ("query", "path"):
            body["field"] = names[1]
        return JSONResponse(body, status_code=422)

    # added before SecurityHeaders, so it runs inside it: its answers get those headers too
    app.add_middleware(IngestGuard, token=token, max_bytes=MAX_INGEST_BYTES)

    app.add_middleware(SecurityHeaders, ui_csp=UI_CSP, report_csp=REPORT_CSP)

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

    # added last, so they run first: a wrong Host gets nothing else, a kept answer is sent
    # without running the app (it carries the headers SecurityHeaders set when it was made)
    if cache_bytes > 0:
        app.add_middleware(ResponseCache, db_path=path, max_bytes=cache_bytes)
    app.add_middleware(HostCheck, allowed=list(allowed_hosts))

    # -- the UI
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    # -- the API
    app.include_router(routes_events.router(db, registry))
    app.include_router(routes_outlets.router(db, registry))
    app.include_router(routes_analysis.router(db))
    app.include_router(routes_charts.router(db))
    app.include_router(routes_ingest.router(db, token, MAX_INGEST_BYTES))

    @app.get("/api/health", response_model=Health, tags=["meta"],
             responses={503: READ_ERRORS[503]})
    def health() -> Health:
        """Is the database readable, and how big is it."""
        with db.read() as store:
            counts = store.counts()
        return Health(status="ok", database=path.name, articles=counts["articles"],
                      events=counts["events"], ingest_enabled=token is not None)

    return app


def _warm_up() -> None:
    from .. import analysis, report  # noqa: F401
    from ..knowledge import default_knowledge

    default_knowledge()


__all__ = ["MAX_INGEST_BYTES", "create_app", "segments"]
