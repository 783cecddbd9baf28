"""Load: many concurrent clients against the read API of `eventcoder serve`.

    python benchmarks/load.py --include-report --workers 2   # the figures in docs/api.md
    python benchmarks/load.py --clients 100 --requests 2000 --seconds 30
    python benchmarks/load.py --db events.duckdb             # an existing store, not built here
    python benchmarks/load.py --cache-mb 0                   # the server without its cache

What it does: ingests a small store of generated news-style articles (benchmarks/corpus.py, our
own templates) into a temporary DuckDB file, starts `python -m eventcoder serve` on 127.0.0.1
with a free port in a child process (`--workers`, `--cache-mb` passed on), reads real ids and
codes back from the API, then runs `--clients` asyncio tasks, each with one keep-alive HTTP/1.1
connection of its own (loopback only) and one request in flight, until `--requests` requests
have been sent or `--seconds` have passed, whichever comes first. The requests cycle through
the read endpoints (events list and filters, 200 different events and articles, actors, 50
actor pages, network, dyads, NATO cohesion, commitments, health) and, with --include-report,
the report pages of the 200 articles. The client parses answers with httptools (the C parser
uvicorn uses) on uvloop: httpx cost more CPU per request than the server, and client and server
share the machine's cores.

It prints, overall and per endpoint: requests, errors, p50/p95/p99/max latency, overall
requests per second, the CPU seconds the server (all its processes) and the client used, and
the load average before and after. An error is any non-2xx answer or any exception (timeout,
refused or reset connection); they are listed by kind. Latency is measured in the client from
sending the request to having read the whole body, so it includes time queued in the server
and in this client's event loop. The exit status is 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httptools
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402


# ---- the store and the server ---------------------------------------------------------------
def build_store(root: Path, n: int, seed: int) -> Path:
    """Ingest `n` generated articles (dates spread over half a year, a few outlets)."""
    from eventcoder.ingest import IngestOptions, ingest

    feed = root / "load-feed.jsonl"
    first = date(2025, 1, 6)
    with feed.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(articles(n, seed=seed, paragraphs=(2, 4))):
            day = first + timedelta(days=(i * 7) % 180)
            fh.write(json.dumps({"id": f"load-{i:05d}", "text": text, "date": day.isoformat(),
                                 "source": f"Outlet {i % 5}", "title": f"Story {i}"}) + "\n")
    path = root / "load.duckdb"
    summary = ingest([feed], path, IngestOptions())
    print(f"store: {summary.added} articles, {summary.events} events "
          f"({summary.seconds:.1f} s to ingest)", flush=True)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, log: Path, workers: int, cache_mb: int | None,
                 ) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "EVENTCODER_INGEST_TOKEN"}
    extra = ["--workers", str(workers)] if workers > 1 else []
    if cache_mb is not None:
        extra += ["--cache-mb", str(cache_mb)]
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "eventcoder", "serve", "--db", str(db),
             "--host", "127.0.0.1", "--port", str(port), *extra],
            stdout=out, stderr=subprocess.STDOUT, env=env)


def wait_until_up(base: str, proc: subprocess.Popen, log: Path, limit: float = 90.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit(f"the server did not answer within {limit:.0f} s:\n{log.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def asyncio_run(coro):  # noqa: ANN001, ANN201
    """asyncio.run on uvloop where it is installed (as `eventcoder serve` runs)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` and its children (the --workers processes),
    read from /proc (0 where there is none)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


# ---- the requests ---------------------------------------------------------------------------
def plan(base: str, include_report: bool) -> list[tuple[str, str]]:
    """(endpoint label, URL) pairs to cycle through, built from ids the server really has."""
    with httpx.Client(base_url=base, timeout=30.0) as c:
        evs = c.get("/api/events", params={"limit": 200}).raise_for_status().json()["items"]
        arts = c.get("/api/articles", params={"limit": 200}).raise_for_status().json()["items"]
        acts = c.get("/api/actors", params={"limit": 50}).raise_for_status().json()["items"]
        net = c.get("/api/network").raise_for_status().json()
    if not (evs and arts and acts and net["edges"]):
        sys.exit("the store is too small: no events, articles, actors or network edges")
    codes = [a["code"] for a in acts]
    pairs = [(e["source"], e["target"]) for e in
             sorted(net["edges"], key=lambda e: -e["weight"])[:20]]
    types = sorted({e["type"] for e in evs})
    out: list[tuple[str, str]] = []
    for i in range(200):  # up to 200 different events, articles and reports
        ev, art = evs[i % len(evs)], arts[i % len(arts)]
        code, (a, b) = codes[i % len(codes)], pairs[i % len(pairs)]
        out += [
            ("/api/health", "/api/health"),
            ("/api/events", "/api/events"),
            ("/api/events?actor", f"/api/events?actor={code}&limit=20"),
            ("/api/events?type", f"/api/events?type={types[i % len(types)]}&page=2&limit=10"),
            ("/api/events/{id}", f"/api/events/{ev['id']}"),
            ("/api/articles", "/api/articles"),
            ("/api/articles/{id}", f"/api/articles/{art['id']}"),
            ("/api/actors", "/api/actors"),
            ("/api/actors/{code}", f"/api/actors/{code}"),
            ("/api/network", "/api/network"),
            ("/api/dyad", f"/api/dyad?a={a}&b={b}&freq=month"),
            ("/api/alliance/NATO", "/api/alliance/NATO"),
            ("/api/commitments", "/api/commitments"),
        ]
        if include_report:
            out.append(("/api/articles/{id}/report", f"/api/articles/{art['id']}/report"))
    return out


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)  # (endpoint, kind) -> n
    sent: int = 0


class Connection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the whole answer (httptools, the
    C parser uvicorn uses, reads it: a pure-Python client costs more CPU per request than
    the server does, and client and server share the cores)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.complete = False

    def on_message_complete(self) -> None:  # httptools callback
        self.complete = True

    async def get(self, path: str) -> int:
        """The status of GET `path`; the body is read and dropped. Raises OSError (or
        ConnectionError) when the connection fails, httptools.HttpParserError on bad bytes."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          "User-Agent: eventcoder-load\r\n\r\n".encode("ascii"))
        parser = httptools.HttpResponseParser(self)
        self.complete = False
        while not self.complete:
            data = await self.reader.read(1 << 16)
            if not data:
                self.close()
                raise ConnectionResetError("the server closed the connection")
            parser.feed_data(data)
        if not parser.should_keep_alive():
            self.close()
        return int(parser.get_status_code())

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_load(base: str, urls: list[tuple[str, str]], clients: int, requests: int,
                   seconds: float, timeout: float, seed: int) -> tuple[Tally, float]:
    order = urls[:]
    random.Random(seed).shuffle(order)
    tally = Tally()
    where = httpx.URL(base)
    # one connection per simulated client, opened by its first request
    conns = [Connection(where.host, where.port or 80) for _ in range(clients)]
    start = time.perf_counter()
    deadline = start + seconds

    async def client(c: Connection) -> None:
        while tally.sent < requests and time.perf_counter() < deadline:
            label, url = order[tally.sent % len(order)]
            tally.sent += 1  # one event loop: no lock needed
            t0 = time.perf_counter()
            try:
                async with asyncio.timeout(timeout):
                    code = await c.get(url)
                ok, kind = 200 <= code < 300, f"HTTP {code}"
            except (OSError, TimeoutError, httptools.HttpParserError) as exc:
                c.close()
                ok, kind = False, type(exc).__name__
            tally.latencies[label].append(time.perf_counter() - t0)
            if not ok:
                tally.errors[(label, kind)] += 1

    try:
        await asyncio.gather(*(client(c) for c in conns))
    finally:
        wall = time.perf_counter() - start
        for c in conns:
            c.close()
    return tally, wall


# ---- the report -----------------------------------------------------------------------------
def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def report(tally: Tally, wall: float, clients: int) -> int:
    rows = []
    everything: list[float] = []
    for label in sorted(tally.latencies):
        lat = sorted(tally.latencies[label])
        everything += lat
        errs = sum(n for (lab, _), n in tally.errors.items() if lab == label)
        rows.append((label, len(lat), errs, lat))
    everything.sort()
    total_errors = sum(tally.errors.values())
    rows.append(("ALL", len(everything), total_errors, everything))
    head = f"{'endpoint':<28}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}" \
           f"{'p99 ms':>9}{'max ms':>9}"
    print()
    print(head)
    print("-" * len(head))
    for label, n, errs, lat in rows:
        if label == "ALL":
            print("-" * len(head))
        print(f"{label:<28}{n:>9}{errs:>8}" + "".join(
            f"{percentile(lat, p) * 1000:>9.1f}" for p in (50, 95, 99, 100)))
    done = len(everything)
    print(f"\n{clients} concurrent clients, {done} requests in {wall:.1f} s: "
          f"{done / wall:.0f} requests/s, {total_errors} errors")
    for (label, kind), n in sorted(tally.errors.items()):
        print(f"  error: {label}: {kind} x{n}")
    return 1 if total_errors else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=500, help="concurrent clients (500)")
    ap.add_argument("--requests", type=int, default=5000, help="requests in all (5000)")
    ap.add_argument("--seconds", type=float, default=120.0,
                    help="stop sending after this long (120)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="per-request timeout in seconds; a timeout counts as an error (60)")
    ap.add_argument("--articles", type=int, default=200, help="articles in the built store")
    ap.add_argument("--db", type=Path, help="use this existing store instead of building one")
    ap.add_argument("--include-report", action="store_true",
                    help="also request /api/articles/{id}/report (the HTML report)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--cache-mb", type=int,
                    help="serve --cache-mb (default: the server's; 0 switches the cache off)")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="eventcoder-load-") as tmp:
        root = Path(tmp)
        db = args.db or build_store(root, args.articles, args.seed)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = root / "server.log"
        proc = start_server(db, port, log, args.workers, args.cache_mb)
        try:
            wait_until_up(base, proc, log)
            urls = plan(base, args.include_report)
            print(f"server: {base} (pid {proc.pid}, {args.workers} process(es), cache "
                  f"{'default' if args.cache_mb is None else f'{args.cache_mb} MB'}); "
                  f"{args.clients} clients, at most {args.requests} requests or "
                  f"{args.seconds:.0f} s; load average {os.getloadavg()[0]:.2f}", flush=True)
            cpu0 = cpu_seconds(proc.pid), time.process_time()
            tally, wall = asyncio_run(run_load(base, urls, args.clients, args.requests,
                                               args.seconds, args.timeout, args.seed))
            cpu1 = cpu_seconds(proc.pid), time.process_time()
            status = report(tally, wall, args.clients)
            print(f"CPU during the run: server {cpu1[0] - cpu0[0]:.1f} s, this client "
                  f"{cpu1[1] - cpu0[1]:.1f} s (of {wall * (os.cpu_count() or 1):.0f} s on "
                  f"{os.cpu_count()} cores); load average now {os.getloadavg()[0]:.2f}")
            if proc.poll() is not None:
                print(f"the server died during the run:\n{log.read_text()}")
                status = 1
        finally:
            stop_server(proc)
        text = log.read_text(errors="replace").strip()
        if text:
            lines = text.splitlines()
            print(f"\nserver log ({len(lines)} lines, last 20):")
            print("\n".join(lines[-20:]))
    return status


if __name__ == "__main__":
    sys.exit(main())
