"""The event store: an embedded DuckDB file (no server). Writes are idempotent and atomic per
batch, so an ingest killed at any point and started again loses and duplicates nothing."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .._data import package_file
from ..errors import InputError
from ..normalise import headline
from ..records import Article, CodedArticle
from ..sources.mirrors import BAND_LIMIT
from .columns import arrow_schema, event_values, events_ddl, migrations

if TYPE_CHECKING:
    import duckdb

# rows per row group in tables the writer adds to (see EventStore._connect)
ROW_GROUP_ROWS = 8192
MEMORY_ENV = "EVENTCODER_DUCKDB_MEMORY"
# DuckDB's cache for queries (analysis, the API): scans of many events are faster when cached
READER_MEMORY = "512MB"
# ...and for the ingest writer. Its lookups (mirror bands, signatures) touch blocks all over a
# growing store, and DuckDB keeps every block it reads until the cache is full: a small cache
# is what keeps ingest memory flat. Blocks evicted are read back from the OS page cache.
WRITER_MEMORY = "32MB"
# A batch's texts need up to about 5 times their size of DuckDB memory while they are
# inserted (a 20 MB text takes a 32 MiB block and a copy); see EventStore.write_batch.
INSERT_OVERHEAD = 6
# Pieces of article text (article_texts): short enough for DuckDB to store inline (4 KB, and a
# character is at most 4 bytes), so no overflow blocks pile up in a checkpoint (schema.sql).
TEXT_PIECE_CHARS = 1000
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]i?)B", re.IGNORECASE)
_UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
          "KI": 2**10, "MI": 2**20, "GI": 2**30, "TI": 2**40}


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
    """Open (or create) a store; use as a context manager.

    `threads` caps DuckDB's threads for this connection: ingest writes with one, because its
    many small inserts gain nothing from parallelism and the cores are the coders'."""

    def __init__(self, path: str | Path, read_only: bool = False,
                 threads: int | None = None, memory_limit: str | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.threads = threads
        # DuckDB would otherwise let its cache grow toward most of the machine's memory
        self.memory_limit = cache_size(memory_limit, READER_MEMORY)
        self._limit_bytes = size_bytes(self.memory_limit)
        self.con = self._connect()
        if not read_only:
            self._apply_schema()

    def _apply_schema(self) -> None:
        """Create the tables, or bring a store made by an older eventcoder up to date.

        The events table has no ART index, not even a primary key: event ids are random, so
        every batch would touch the index all over and the part of it held in memory would
        grow with the store (docs/store.md, "Indexes"). Event ids are unique because the
        writer skips articles already stored; the analysis queries aggregate over many rows,
        which DuckDB's automatic min-max zonemaps serve as well."""
        con = self.con
        keyed_failures = con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'failures' "
            "AND database_name = current_database() AND constraint_type = 'PRIMARY KEY'"
        ).fetchone()[0]
        if keyed_failures:  # the old key folded the same failure of several runs into one row
            con.execute("ALTER TABLE failures RENAME TO failures_keyed")
        texts_inline = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'articles' "
            "AND database_name = current_database()").fetchone()[0]
        if texts_inline:  # stores made before texts were kept in pieces (schema.sql)
            con.execute("ALTER TABLE articles RENAME TO articles_with_text")
        con.execute(package_file("eventcoder.store", "schema.sql").read_text())
        if keyed_failures:
            con.execute("INSERT INTO failures SELECT * FROM failures_keyed")
            con.execute("DROP TABLE failures_keyed")
        if texts_inline:
            con.execute("BEGIN TRANSACTION")
            con.execute("INSERT INTO article_rows BY NAME "
                        "SELECT * EXCLUDE (text) FROM articles_with_text")
            con.execute(f"INSERT INTO article_texts SELECT id, part, substr(text, "
                        f"part * {TEXT_PIECE_CHARS} + 1, {TEXT_PIECE_CHARS}) "
                        f"FROM (SELECT id, text, unnest(range(0, (length(text) + "
                        f"{TEXT_PIECE_CHARS} - 1) // {TEXT_PIECE_CHARS})) AS part "
                        f"FROM articles_with_text)")
            con.execute("DROP TABLE articles_with_text")
            con.execute("COMMIT")
        con.execute(events_ddl())
        present = {r[0] for r in con.execute(
            "SELECT name FROM pragma_table_info('events')").fetchall()}
        steps = migrations(present)
        if steps:
            con.execute("BEGIN TRANSACTION")
            try:
                for statement in steps:
                    con.execute(statement)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        con.execute(package_file("eventcoder.store", "views.sql").read_text())

    def _connect(self) -> duckdb.DuckDBPyConnection:
        import duckdb  # imported here: coding alone does not need the store

        try:
            if self.read_only:
                con = duckdb.connect(self.path, read_only=True)
            else:
                # Row groups of 8,192 rows instead of DuckDB's 122,880: a checkpoint rewrites
                # the row group being filled, so its size bounds the memory a checkpoint takes.
                con = duckdb.connect()
                quoted = self.path.replace("'", "''")
                con.execute(f"ATTACH '{quoted}' AS store (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
                con.execute("USE store")
        except duckdb.Error as exc:
            raise InputError(f"cannot open the event database: {exc}", path=self.path) from exc
        con.execute(f"SET memory_limit = '{self.memory_limit}'")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own on the store (a writable store is attached as `store`, which a
        new cursor does not know until told)."""
        cur = self.con.cursor()
        if not self.read_only:
            cur.execute("USE store")
        return cur

    def release_memory(self) -> None:
        """Checkpoint, close and reopen the database.

        DuckDB keeps every block it has written or read in its buffer pool (up to the memory
        limit), and the indexes once loaded; during a long ingest that cache grows with the
        store. Reopening at intervals drops it, so ingestion memory stays flat however large
        the store becomes; the blocks a batch needs are read back lazily."""
        self.con.close()
        self.con = self._connect()

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

    def stored_texts(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None, int | None]]:
        """For each of `ids` already stored: (content hash, origin, line) of its article, so a
        caller can tell the same article met again from another article given the same id."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        rows = self.con.execute("SELECT id, content_hash, origin, line FROM articles "
                                "WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def candidates(self, keys: list[int]) -> list[tuple[int, str, str, bytes]]:
        """MirrorIndex: stored articles sharing an LSH band key, with their signatures.

        At most `BAND_LIMIT` articles per key (the earliest stored): a band shared by
        many unrelated articles is boilerplate, and a true mirror shares many other bands
        with its original. Ingest indexes no more than that per key (ClusterAssigner.
        indexable); the cap here also bounds lookups in stores written before it did.
        Signatures are fetched once per article through the primary key rather than joined,
        so the signature table is not scanned."""
        if not keys:
            return []
        pairs = self.con.execute(
            "SELECT band_key, article_id FROM mirror_bands "
            "WHERE band_key IN (SELECT unnest(?::UBIGINT[])) "
            "QUALIFY row_number() OVER (PARTITION BY band_key ORDER BY rowid) <= ?",
            [keys, BAND_LIMIT]).fetchall()
        if not pairs:
            return []
        ids = list({a for _, a in pairs})
        sigs = {a: (c, s) for a, c, s in self.con.execute(
            "SELECT article_id, cluster_id, sig FROM signatures "
            "WHERE article_id IN (SELECT unnest(?))", [ids]).fetchall()}
        return [(k, a, *sigs[a]) for k, a in pairs if a in sigs]

    def counts(self) -> dict[str, int]:
        return table_counts(self.con)

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
        is skipped, with everything that hangs on it. Rows go in as Arrow tables, one insert
        per table and batch: DuckDB is fast at sets, slow at rows one by one."""
        con = self.con
        now = _now()
        # Memory stays flat with the corpus, not with one article: a batch holding very long
        # texts gets a cache large enough to insert them, and the store is then released so
        # the small cache applies again (rare: articles are usually a few KB).
        need = self._limit_bytes + INSERT_OVERHEAD * sum(
            len(i.result.article.text.encode("utf-8", "replace")) for i in items)
        raised = need > self._limit_bytes * 1.5
        if raised:
            con.execute(f"SET memory_limit = '{need // 10**6 + 1}MB'")
        con.execute("BEGIN TRANSACTION")
        try:
            existing = self.known_articles(i.result.article.id for i in items)
            new: dict[str, StoredArticle] = {}
            for item in items:
                aid = item.result.article.id
                if aid not in existing and aid not in new:
                    new[aid] = item
            fresh = list(new.values())
            n_events = self._insert_fresh(fresh, run_id, now) if fresh else 0
            if failures:
                self._insert_failures(failures, run_id, now)
            con.execute("COMMIT")
        except Exception:
            # A failed COMMIT (a full disk) may leave no transaction to roll back: the
            # error to raise is the write's own, not the rollback's.
            with contextlib.suppress(Exception):
                con.execute("ROLLBACK")
            raise
        finally:
            if raised:
                self.release_memory()
        return len(fresh), n_events

    def _insert_failures(self, failures: Sequence[Failure], run_id: str | None,
                         now: datetime) -> None:
        import pyarrow as pa

        table = pa.table({
            "origin": pa.array([_utf8(f.origin) for f in failures], pa.string()),
            "line": pa.array([f.line or 0 for f in failures], pa.int32()),
            "reason": pa.array([_utf8(f.reason) for f in failures], pa.string()),
            "severity": pa.array([f.severity for f in failures], pa.string()),
            "first_seen": pa.array([now] * len(failures), pa.timestamp("us")),
            "run_id": pa.array([run_id] * len(failures), pa.string())})
        self.con.register("_failures", table)
        try:
            self.con.execute("INSERT INTO failures BY NAME SELECT * FROM _failures")
        finally:
            with contextlib.suppress(Exception):
                self.con.unregister("_failures")

    def _insert_fresh(self, items: list[StoredArticle], run_id: str | None,
                      now: datetime) -> int:
        import pyarrow as pa

        articles, sigs, events = [], [], []
        piece_ids: list[str] = []
        piece_parts: list[int] = []
        pieces: list[str] = []
        band_key_col: list[int] = []
        band_article_col: list[str] = []
        event_ids: set[str] = set()
        clusters: dict[str, list] = {}
        actors: dict[tuple[str, str, str], int] = {}
        for item in items:
            r, art = item.result, item.result.article
            articles.append({
                "id": art.id,
                "content_hash": content_hash(art.text),
                "origin": art.origin, "line": item.line, "url": art.url,
                "title": art.title or headline(art.text),  # a first line, not the id
                "author": art.author, "outlet": art.source,
                "mirrored_from": r.provenance.get("origin"), "published": art.date,
                "cluster_id": item.cluster_id, "similarity": item.similarity,
                "n_events": len(r.events), "n_flagged": len(r.flagged), "chars": len(art.text),
                "ingested_at": now, "run_id": run_id,
                "trailer": r.provenance.get("trailer"), "warnings": list(r.warnings),
                "language": r.language, **_capture_columns(art)})
            cut = text_pieces(art.text)
            piece_ids.extend([art.id] * len(cut))
            piece_parts.extend(range(len(cut)))
            pieces.extend(cut)
            sigs.append({"article_id": art.id, "cluster_id": item.cluster_id,
                         "sig": item.signature})
            band_key_col.extend(item.band_keys)
            band_article_col.extend([art.id] * len(item.band_keys))
            entry = clusters.setdefault(item.cluster_id, [item.cluster_id, art.id, 0, art.date])
            entry[2] += 1
            for e in r.events + r.flagged:
                if e.id not in event_ids:  # events has no primary key to refuse a repeat
                    event_ids.add(e.id)
                    events.append(event_values(e, cluster_id=item.cluster_id))
            for m in r.mentions:
                key = (m.code, m.sector or "", m.name)
                actors[key] = actors.get(key, 0) + 1
        con = self.con

        def insert(table: str, rows: list[dict] | pa.Table,
                   tail: str = "ON CONFLICT DO NOTHING") -> None:
            if not len(rows):
                return
            batch = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(rows)
            con.register("_batch", batch)
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch {tail}")
            finally:
                # an aborted transaction refuses even this; the insert's own error matters
                with contextlib.suppress(Exception):
                    con.unregister("_batch")

        insert("article_rows", articles)
        insert("article_texts", pa.table({"article_id": pa.array(piece_ids, pa.string()),
                                          "part": pa.array(piece_parts, pa.int32()),
                                          "piece": pa.array(pieces, pa.string())}), tail="")
        insert("signatures", sigs)
        # the many-row tables are built column by column: much cheaper than row dicts
        insert("mirror_bands", pa.table({"band_key": pa.array(band_key_col, pa.uint64()),
                                         "article_id": pa.array(band_article_col, pa.string())}),
               tail="")
        insert("clusters", [dict(zip(("cluster_id", "first_article", "articles", "first_seen"),
                                     c, strict=True)) for c in clusters.values()],
               tail="ON CONFLICT (cluster_id) DO UPDATE SET "
                    "articles = clusters.articles + excluded.articles")
        schema = arrow_schema()
        columns = list(zip(*events, strict=True)) if events else [[] for _ in schema]
        insert("events", pa.Table.from_arrays(
            [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
            schema=schema), tail="")
        insert("actors", [{"code": c, "sector": s, "name": n, "mentions": k}
                          for (c, s, n), k in actors.items()],
               tail="ON CONFLICT (code, sector, name) DO UPDATE SET "
                    "mentions = actors.mentions + excluded.mentions")
        return len(events)


def text_pieces(text: str) -> list[str]:
    """`text` cut into the pieces `article_texts` keeps (the `articles` view joins them)."""
    return [text[i:i + TEXT_PIECE_CHARS] for i in range(0, len(text), TEXT_PIECE_CHARS)]


def content_hash(text: str) -> str:
    """What `articles.content_hash` holds: sha256 of the text."""
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def _capture_columns(art: Article) -> dict:
    """The web-archive provenance columns of one article (all None for other inputs)."""
    cap = art.capture
    if cap is None:
        return {"captured_at": None, "record_offset": None, "warc_record_id": None,
                "http_status": None, "http_headers": None}
    return {"captured_at": cap.captured_at, "record_offset": cap.archive_offset,
            "warc_record_id": cap.record_id, "http_status": cap.http_status,
            "http_headers": json.dumps([list(h) for h in cap.http_headers])}


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in each main table, through any connection or cursor on a store."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "events", "clusters", "actors", "failures")}


def cache_size(explicit: str | None, default: str) -> str:
    """DuckDB's memory limit: the size asked for, else $EVENTCODER_DUCKDB_MEMORY, else
    `default`; a clear error when it is not a size like 512MB."""
    size = (explicit or os.environ.get(MEMORY_ENV) or default).strip()
    if _SIZE.fullmatch(size) is None:
        where = "the database memory limit" if explicit else MEMORY_ENV
        raise InputError(f"{where}={size!r} is not a size like 512MB")
    return size


def size_bytes(size: str) -> int:
    """Bytes in a size like 512MB or 1.5GiB (DuckDB's reading: MB = 1000^2, MiB = 1024^2)."""
    m = _SIZE.fullmatch(size.strip())
    if not m:
        raise InputError(f"{size!r} is not a size like 512MB")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def _utf8(text: str) -> str:
    """`text`, with any lone surrogate (an undecodable byte of a file name in an error message)
    written as an escape: a failure row must never be what fails."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
