"""The ingest route: POST /api/ingest codes and stores articles under the write lock."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from fastapi import APIRouter, Header, HTTPException

from ..store.shared import SharedStore
from .guard import token_problem
from .models import MAX_INGEST_ITEMS, READ_ERRORS, ErrorOut, IngestItem, IngestOut


def router(db: SharedStore, token: str | None, max_bytes: int) -> APIRouter:
    """The ingest route, writing to `db` for callers with `token` (None: disabled)."""
    router = APIRouter()
    path = db.path

    @router.post("/api/ingest", response_model=IngestOut, tags=["ingest"],
                 responses={401: {"model": ErrorOut,
                                  "description": "Missing or wrong bearer token"},
                            403: {"model": ErrorOut,
                                  "description": "Ingest disabled (no token configured)"},
                            413: {"model": ErrorOut, "description": "Request body over "
                                  f"{max_bytes // (1024 * 1024)} MiB"},
                            **READ_ERRORS})
    def ingest_(
        items: list[IngestItem],
        authorization: str | None = Header(None, description="Bearer <token>"),
    ) -> IngestOut:
        """Code and store articles. Needs `Authorization: Bearer <token>` with the token the
        operator set (EVENTCODER_INGEST_TOKEN or `eventcoder serve --ingest-token-file`). The
        answer counts warnings (an article without a date, say) and lists them in
        `problems`."""
        from ..ingest import IngestOptions, ingest

        problem = token_problem(token, authorization)  # IngestGuard checked it already
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

    return router


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
