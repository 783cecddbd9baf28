"""Routes over events and articles: lists, one event with its evidence, one article, and
the article's one-page report."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..errors import StoreUnavailable
from ..store.articles import article_row, coded_article, event_rows
from ..store.outlet_tags import labelled_articles_sql, tag_rows
from ..store.shared import SharedStore
from .common import (
    SNIPPET_CHARS,
    article_text,
    event_json,
    event_spans,
    offset,
    segments,
)
from .common import rows as dict_rows
from .models import (
    BAD_VALUE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    READ_ERRORS,
    ArticleDetail,
    ArticleMeta,
    ArticlePage,
    EventDetail,
    EventOut,
    EventPage,
    Evidence,
    Snippet,
    SpanOut,
    day_param,
    not_found,
)

if TYPE_CHECKING:
    from ..knowledge.outlets import OutletRegistry

REPORT_RENDERS = 2  # reports rendered at once per server process
REPORT_WAIT_SECONDS = 30.0  # how long a report request waits for its turn before a 503

OUTLET_LABEL = Query(None, max_length=60, description="An ownership or label of the outlet or "
                     "of a mirror's originating outlet (outlets.yaml): state, wire, ...")


def router(db: SharedStore, outlets: OutletRegistry) -> APIRouter:
    """The event and article routes, reading through `db`, outlets labelled by `outlets`."""
    router = APIRouter()

    @router.get("/api/events", response_model=EventPage, tags=["events"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def events(
        actor: str | None = Query(None, max_length=200,
                                  description="Actor code or name: HUN, Hungary, the Kremlin."),
        role: Literal["source", "target", "either"] = "either",
        etype: str | None = Query(None, alias="type", max_length=40,
                                  description="PLOVER event type."),
        mode: str | None = Query(None, max_length=40),
        context: str | None = Query(None, max_length=40),
        since: str | None = day_param("First day (YYYY-MM-DD)."),
        until: str | None = day_param("Last day (YYYY-MM-DD)."),
        outlet: str | None = Query(None, max_length=300),
        outlet_label: str | None = OUTLET_LABEL,
        include_flagged: bool = False,
        dedup: bool = False,
        page: int = Query(1, ge=1, le=MAX_PAGE),
        limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    ) -> EventPage:
        """Events filtered like `eventcoder query` (facts only unless include_flagged)."""
        from ..analysis import EventQuery, count_events, query_events

        q = EventQuery(actor=actor, role=role, type=etype, mode=mode, context=context,
                       since=since, until=until, outlet=outlet, outlet_label=outlet_label,
                       outlets=outlets, include_flagged=include_flagged,
                       dedup=dedup, limit=limit + 1, offset=offset(page, limit))
        with db.read() as store:
            found = query_events(store, q)
            page_rows = tag_rows(store.con, outlets, found[:limit])
            total = count_events(store, q)
        return EventPage(items=[EventOut(**event_json(r)) for r in page_rows],
                         page=page, limit=limit, total=total, has_more=len(found) > limit)

    @router.get("/api/events/{event_id}", response_model=EventDetail, tags=["events"],
                responses={**not_found("No such event"), **READ_ERRORS})
    def event(event_id: str = PathParam(..., max_length=200)) -> EventDetail:
        """One event with its evidence: the sentence with trigger, source and target spans
        (character offsets in the article text), the article and a snippet around it."""
        with db.read() as store:
            rows = dict_rows(store.con.execute("SELECT * FROM events WHERE id = ? LIMIT 1",
                                               [event_id]))
            if not rows:
                raise HTTPException(404, f"no event {event_id!r}")
            ev = event_json(tag_rows(store.con, outlets, rows)[0])
            found = article_text(store.con, ev["article_id"])
            if found:
                tag_rows(store.con, outlets, [found[0]], id_key="id")
        meta, text = found if found else ({"id": ev["article_id"]}, ev.get("sentence") or "")
        sentence = ev.get("sentence") or ""
        s0 = ev.get("sentence_start") if found else 0
        s0 = s0 if isinstance(s0, int) and 0 <= s0 <= len(text) else 0
        sentence = sentence.rstrip()  # the stored sentence keeps its trailing line breaks
        lo, hi = s0, min(len(text), s0 + len(sentence)) if sentence else len(text)
        spans = event_spans(ev, text)
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
                            conventions=ev["conventions"], rule_chain=ev["rule_chain"],
                            segments=segments(text, lo, hi, [ev]))
        a, b = max(0, lo - SNIPPET_CHARS), min(len(text), hi + SNIPPET_CHARS)
        return EventDetail(**ev, evidence=evidence, article=ArticleMeta(**meta),
                           snippet=Snippet(start=a, end=b, text=text[a:b], before=text[a:lo],
                                           after=text[hi:b]))

    @router.get("/api/articles", response_model=ArticlePage, tags=["articles"],
                responses={**BAD_VALUE, **READ_ERRORS})
    def articles(
        outlet: str | None = Query(None, max_length=300),
        outlet_label: str | None = OUTLET_LABEL,
        page: int = Query(1, ge=1, le=MAX_PAGE),
        limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    ) -> ArticlePage:
        """Stored articles, newest first (without their text)."""
        where, params = " WHERE true", []
        if outlet:
            where, params = " WHERE lower(outlet) = lower(?)", [outlet]
        with db.read() as store:
            if outlet_label:
                sub, sub_params = labelled_articles_sql(store.con, outlets, outlet_label)
                where += f" AND id IN ({sub})"
                params += sub_params
            total = store.con.execute(f"SELECT count(*) FROM articles{where}",
                                      params).fetchone()[0]
            rows = dict_rows(store.con.execute(
                "SELECT * EXCLUDE (text) FROM articles" + where +
                " ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
                [*params, limit, offset(page, limit)]))
            tag_rows(store.con, outlets, rows, id_key="id")
        return ArticlePage(items=[ArticleMeta(**r) for r in rows], page=page, limit=limit,
                           total=total, has_more=offset(page, limit) + len(rows) < total)

    @router.get("/api/articles/{article_id}", response_model=ArticleDetail, tags=["articles"],
                responses={**not_found("No such article"), **READ_ERRORS})
    def article(article_id: str = PathParam(..., max_length=200)) -> ArticleDetail:
        """An article's text with all its events (flagged ones included, marked as such) and
        the text cut into segments carrying the trigger/source/target marks."""
        with db.read() as store:
            found = article_text(store.con, article_id)
            if not found:
                raise HTTPException(404, f"no article {article_id!r}")
            tag_rows(store.con, outlets, [found[0]], id_key="id")
            evs = [event_json(r) for r in tag_rows(store.con, outlets,
                                                    event_rows(store.con, article_id))]
        meta, text = found
        return ArticleDetail(**meta, text=text, events=[EventOut(**e) for e in evs],
                             segments=segments(text, 0, len(text), evs),
                             report_url=f"/api/articles/{article_id}/report")

    # Rendering a report is the most expensive read (a long article: many marks, a graph);
    # at most REPORT_RENDERS run at once, the others wait without holding a worker thread
    renders = asyncio.Semaphore(REPORT_RENDERS)

    @router.get("/api/articles/{article_id}/report", response_class=HTMLResponse,
                tags=["articles"], responses={**not_found("No such article"), **READ_ERRORS})
    async def article_report(article_id: str = PathParam(..., max_length=200)) -> HTMLResponse:
        """The one-page HTML report of the article (`eventcoder report`), made from what is
        stored: the article, its events and its denied and hypothetical statements as they
        were written at ingest, so the page agrees with every other answer of the API. The
        article is never coded again."""
        try:
            await asyncio.wait_for(renders.acquire(), timeout=REPORT_WAIT_SECONDS)
        except TimeoutError:
            raise StoreUnavailable("too many reports are being rendered; try again "
                                   "shortly") from None
        try:
            page = await run_in_threadpool(_render_report, db, article_id, outlets)
        finally:
            renders.release()
        return HTMLResponse(page)

    return router


def _render_report(db: SharedStore, article_id: str, outlets: OutletRegistry) -> str:
    from ..report import build_report

    with db.read() as store:
        row = article_row(store.con, article_id)
        if row is None:
            raise HTTPException(404, f"no article {article_id!r}")
        result = coded_article(row, event_rows(store.con, article_id))
    run = row.get("run_id") or "not recorded"
    return build_report(result, settings={"events": f"as stored at ingest (run {run})"},
                        outlets=outlets)
