"""ASGI middleware in front of the app: the Host-header check and the answer cache.

Both are plain ASGI (no BaseHTTPMiddleware): a cached answer costs the server the parsing of
the request and the copy of the bytes, nothing else.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Names a browser sends for this machine. A page on another site that rebinds its own name to
# 127.0.0.1 sends that name instead, so answering only these keeps it out (DNS rebinding).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")  # bind addresses that are no name a client sends


def allowed_hosts_for(bind: str, extra: Iterable[str] = ()) -> list[str]:
    """The Host names a server bound to `bind` answers: this machine's loopback names, the
    bound name itself (unless it is a wildcard address) and `extra` (comma-separated values
    allowed; "*" answers any name, "*.example.org" any name under example.org)."""
    names = list(LOOPBACK_HOSTS)
    if bind.strip("[]") not in WILDCARD_BINDS:
        names.append(bind)
    for value in extra:
        names += value.replace(",", " ").split()
    return list(dict.fromkeys(normal_host(n) for n in names if normal_host(n)))


def normal_host(name: str) -> str:
    """A host name as compared: lower case, no brackets around IPv6, no trailing dot."""
    return name.strip().strip("[]").rstrip(".").lower()


def host_of(header: str) -> str:
    """The host part of a Host header value (`name`, `name:port`, `[v6]` or `[v6]:port`)."""
    value = header.strip()
    if value.startswith("["):
        return normal_host(value[1:value.find("]")] if "]" in value else "")
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    elif ":" in value:  # an IPv6 address without brackets is no valid Host header
        return ""
    return normal_host(value)


class HostCheck:
    """Answers 400 to any HTTP request whose Host header names no allowed host."""

    def __init__(self, app: Any, allowed: Iterable[str]) -> None:
        self.app = app
        names = [normal_host(n) for n in allowed]
        self.any = "*" in names
        self.exact = frozenset(n for n in names if not n.startswith("*."))
        self.suffixes = tuple(n[1:] for n in names if n.startswith("*."))  # ".example.org"

    def allows(self, host: str) -> bool:
        if self.any:
            return True
        return bool(host) and (host in self.exact or host.endswith(self.suffixes or ("\0",)))

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = ""
        for name, value in scope["headers"]:
            if name == b"host":
                given = value.decode("latin-1")
                break
        if self.allows(host_of(given)):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"detail": f"Host {given[:100]!r} is not served here (start the "
                                     "server with --allowed-host NAME to allow a name)"})
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"x-content-type-options", b"nosniff")]})
        await send({"type": "http.response.body", "body": body.encode()})


class SecurityHeaders:
    """Adds nosniff, no-referrer and a Content-Security-Policy (the report's own on report
    pages, none on the Swagger pages) to every answer that does not set them itself."""

    def __init__(self, app: Any, ui_csp: str, report_csp: str) -> None:
        self.app = app
        self.ui_csp = ui_csp.encode()
        self.report_csp = report_csp.encode()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        p = scope["path"]
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
        if p.endswith("/report") and p.startswith("/api/articles/"):
            extra.append((b"content-security-policy", self.report_csp))
        elif not p.startswith(("/docs", "/redoc")):
            extra.append((b"content-security-policy", self.ui_csp))

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass
class CachedAnswer:
    version: tuple
    start: dict  # the http.response.start message
    body: bytes


class ResponseCache:
    """Keeps the 200 answers of GET /api/... in memory and replays them while the database
    file is unchanged.

    Every read answer is a function of the stored data alone, so an answer stays right until
    the next commit. The cache's version is the size, modification time and inode of the
    database file and of its write-ahead log, plus a count of the writes this app made (a
    non-GET request to /api): any commit, by this server or by `eventcoder ingest`, changes one
    of them. An answer is stored with the version seen before it was computed, so one computed
    across a commit is never served after it. While one request computes an answer, others
    for the same URL wait for it instead of computing it again. At most `max_bytes` are kept
    (least recently used answers go first); answers over `max_bytes // 16` are not kept."""

    def __init__(self, app: Any, db_path: str | Path, max_bytes: int) -> None:
        self.app = app
        self.files = (Path(db_path), Path(f"{db_path}.wal"))
        self.max_bytes = max_bytes
        self.max_entry = max(1, max_bytes // 16)
        self.size = 0
        self.writes = 0
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[tuple, CachedAnswer] = OrderedDict()
        self._computing: dict[tuple, asyncio.Event] = {}

    def version(self) -> tuple:
        parts: list[Any] = [self.writes]
        for f in self.files:
            try:
                st = os.stat(f)
            except OSError:
                parts.append(None)
            else:
                parts.append((st.st_size, st.st_mtime_ns, st.st_ino))
        return tuple(parts)

    def _lookup(self, key: tuple, version: tuple) -> CachedAnswer | None:
        answer = self._answers.get(key)
        if answer is None:
            return None
        if answer.version != version:
            self._drop(key)
            return None
        self._answers.move_to_end(key)
        return answer

    def _drop(self, key: tuple) -> None:
        old = self._answers.pop(key, None)
        if old is not None:
            self.size -= len(old.body)

    def _keep(self, key: tuple, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_entry:
            return
        self._drop(key)
        self._answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes and self._answers:
            self._drop(next(iter(self._answers)))

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        if scope["method"] != "GET":
            await self._pass_write(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        version = self.version()
        while True:
            answer = self._lookup(key, version)
            if answer is not None:
                self.hits += 1
                await send(answer.start)
                await send({"type": "http.response.body", "body": answer.body})
                return
            busy = self._computing.get(key)
            if busy is None:
                break
            await busy.wait()  # another request computes this answer: wait for it
            version = self.version()
        self.misses += 1
        done = self._computing[key] = asyncio.Event()
        start: dict = {}
        chunks: list[bytes] = []

        async def keep_and_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and start.get("status") == 200:
                    self._keep(key, CachedAnswer(version, dict(start), b"".join(chunks)))
            await send(message)

        try:
            await self.app(scope, receive, keep_and_send)
        finally:
            del self._computing[key]
            done.set()

    async def _pass_write(self, scope: dict, receive: Any, send: Any) -> None:
        """A request that may write: once it was let in (no 4xx answer), the answers kept
        from before it may be stale. Refused requests (a wrong token) change nothing, so they
        cannot empty the cache."""
        status = 0

        async def watch(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if scope["method"] != "HEAD" and not 400 <= status < 500:
                self.writes += 1
