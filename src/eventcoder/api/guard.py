"""The ingest guard: POST /api/ingest checks the bearer token, then the size of the body."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers as StarletteHeaders

from .models import MAX_INGEST_BYTES


def token_problem(token: str | None, authorization: str | None) -> HTTPException | None:
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
        problem = token_problem(self.token, headers.get("authorization"))
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
