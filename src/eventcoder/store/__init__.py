"""The event store: an embedded DuckDB file (no server). Writes are idempotent and atomic per
batch, so an ingest killed at any point and started again loses and duplicates nothing."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .._data import package_file
from ..errors import InputError
from ..records import CodedArticle, Event

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Failure:
    origin: str
    line: int | None
    reason: str
    severity: str = "error"


@dataclass(frozen=True)
class StoredArticle:
    """What the writer needs beyond the coder's result: where the article sits among mirrors."""

    result: CodedArticle
    cluster_id: str
    similarity: float
    signature: bytes
    band_keys: Sequence[int]
    line: int | None = None


class EventStore:
    """Open (or create) a store; use as a context manager."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        import duckdb  # imported here: coding alone does not need the store

        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise InputError(f"cannot open the event database: {exc}", path=self.path) from exc
        # DuckDB would otherwise let its cache grow toward most of the machine's memory
        self.con.execute("SET memory_limit = '1GB'")
        if not read_only:
            self.con.execute(package_file("eventcoder.store", "schema.sql").read_text())

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ---- reading back ----------------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))",
                                [ids]).fetchall()
        return {r[0] for r in rows}

    def candidates(self, keys: list[int]) -> list[tuple[str, str, bytes]]:
        """MirrorIndex: articles sharing an LSH band key, with their signatures."""
        if not keys:
            return []
        return self.con.execute(
            "SELECT DISTINCT s.article_id, s.cluster_id, s.sig FROM mirror_bands b "
            "JOIN signatures s ON s.article_id = b.article_id "
            "WHERE b.band_key IN (SELECT unnest(?::UBIGINT[]))", [keys]).fetchall()

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "clusters", "actors", "failures"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    # ---- writing ---------------------------------------------------------------------------
    def start_run(self, inputs: Sequence[str]) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute("INSERT INTO runs (run_id, started, inputs) VALUES (?, ?, ?)",
                         [run_id, _now(), json.dumps(list(inputs))])
        return run_id

    def finish_run(self, run_id: str, articles: int, duplicates: int, events: int,
                   failures: int) -> None:
        self.con.execute("UPDATE runs SET finished = ?, articles = ?, duplicates = ?, "
                         "events = ?, failures = ? WHERE run_id = ?",
                         [_now(), articles, duplicates, events, failures, run_id])

    def write_batch(self, items: Sequence[StoredArticle], failures: Sequence[Failure],
                    run_id: str | None = None) -> tuple[int, int]:
        """Write one batch in a single transaction; returns (articles added, events added).

        An article already stored (the same text met twice, or a batch re-run after a kill)
        is skipped, with everything that hangs on it."""
        con = self.con
        now = _now()
        articles = events = 0
        con.execute("BEGIN TRANSACTION")
        try:
            for item in items:
                n = self._write_article(item, run_id, now)
                if n is not None:
                    articles += 1
                    events += n
            for f in failures:
                con.execute(
                    "INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [f.origin, f.line or 0, f.reason, f.severity, now, run_id])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return articles, events

    def _write_article(self, item: StoredArticle, run_id: str | None, now: datetime
                       ) -> int | None:
        con = self.con
        r = item.result
        art = r.article
        inserted = con.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT DO NOTHING RETURNING id",
            [art.id, hashlib.sha256(art.text.encode("utf-8", "replace")).hexdigest(),
             art.origin, item.line, art.url, art.title, art.author, art.source,
             r.provenance.get("origin"), art.date, item.cluster_id, item.similarity,
             len(r.events), len(r.flagged), len(art.text), now, run_id, art.text],
        ).fetchall()
        if not inserted:
            return None  # already stored (an earlier run, or the same text twice)
        con.execute("INSERT INTO signatures VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [art.id, item.cluster_id, item.signature])
        con.executemany("INSERT INTO mirror_bands VALUES (?, ?)",
                        [[k, art.id] for k in item.band_keys])
        con.execute(
            "INSERT INTO clusters VALUES (?, ?, 1, ?) ON CONFLICT (cluster_id) DO UPDATE "
            "SET articles = clusters.articles + 1", [item.cluster_id, art.id, art.date])
        events = r.events + r.flagged
        if events:
            rows = [_event_row(e, item.cluster_id, art.source) for e in events]
            con.executemany(
                f"INSERT INTO events VALUES ({','.join('?' * len(rows[0]))}) "
                "ON CONFLICT DO NOTHING", rows)
        actors: dict[tuple[str, str, str], int] = {}
        for m in r.mentions:
            key = (m.code, m.sector or "", m.name)
            actors[key] = actors.get(key, 0) + 1
        if actors:
            con.executemany(
                "INSERT INTO actors VALUES (?, ?, ?, ?) ON CONFLICT (code, sector, name) "
                "DO UPDATE SET mentions = actors.mentions + excluded.mentions",
                [[*k, n] for k, n in actors.items()])
        return len(events)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _event_row(e: Event, cluster_id: str, outlet: str | None) -> list:
    ev = e.evidence
    loc = e.location
    return [
        e.id, e.article_id, cluster_id, outlet, e.date, e.date_resolution, e.date_text,
        e.type, e.mode, list(e.contexts), e.quad_class, e.score,
        e.source.code, e.source.sector, e.source.name, e.source.text,
        e.target.code if e.target else None, e.target.sector if e.target else None,
        e.target.name if e.target else None, e.target.text if e.target else None,
        json.dumps([a.to_dict() for a in e.amounts]) if e.amounts else None,
        loc.name if loc else None, loc.code if loc else None,
        loc.latitude if loc else None, loc.longitude if loc else None,
        loc.level if loc else None,
        e.flags.negated, e.flags.hypothetical, e.flags.future, e.flags.reported,
        e.flags.speaker, e.confidence, ev.sentence, ev.sentence_start,
        ev.trigger[0], ev.trigger[1],
        ev.source[0] if ev.source else None, ev.source[1] if ev.source else None,
        ev.target[0] if ev.target else None, ev.target[1] if ev.target else None,
        ev.trigger_text, ev.rule,
    ]
