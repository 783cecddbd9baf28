"""Article texts are kept in short pieces, so checkpoints stay small however long the texts."""

from __future__ import annotations

import random

import duckdb
import numpy as np

from eventcoder.records import Article, CodedArticle
from eventcoder.store import TEXT_PIECE_CHARS, EventStore, StoredArticle, text_pieces
from eventcoder.store.articles import article_row

WORDS = ["ministers", "agreed", "border", "talks", "resumed", "ceasefire", "envoy", "aid"]


def _long_text(rng: random.Random, kb: int) -> str:
    out: list[str] = []
    size = 0
    while size < kb * 1024:
        out.append(rng.choice(WORDS) + str(rng.randrange(10**6)))
        size += len(out[-1]) + 1
    return " ".join(out)


def _stored(aid: str, text: str) -> StoredArticle:
    sig = np.zeros(128, dtype=np.uint32).tobytes()
    return StoredArticle(CodedArticle(article=Article(text=text, id=aid)), aid, 1.0, sig, [])


def test_pieces_put_back_together_are_the_text():
    text = "Ä€😀" * 700 + "end"
    parts = text_pieces(text)
    assert "".join(parts) == text
    assert all(len(p) <= TEXT_PIECE_CHARS and len(p.encode()) <= 4096 for p in parts)
    assert text_pieces("") == []


def test_many_long_articles_under_the_writers_small_cache(tmp_path):
    # 48 MB of 250 KB texts under a 32 MB DuckDB cache: with the texts in one column the
    # checkpoint after ~40 MB failed ("failed to pin block") and invalidated the store
    rng = random.Random(3)
    db = tmp_path / "long.duckdb"
    texts = {}
    with EventStore(db, threads=1, memory_limit="32MB") as store:
        for b in range(24):
            batch = []
            for i in range(8):
                aid = f"b{b}-{i}"
                texts[aid] = _long_text(rng, 250)
                batch.append(_stored(aid, texts[aid]))
            added, _ = store.write_batch(batch, [])
            assert added == 8
    with EventStore(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*), sum(chars) FROM articles").fetchone() == (
            192, sum(len(t) for t in texts.values()))
        for aid in ("b0-0", "b11-5", "b23-7"):
            assert article_row(store.con, aid)["text"] == texts[aid]


def test_an_article_without_text_reads_back_empty(tmp_path):
    with EventStore(tmp_path / "e.duckdb") as store:
        store.write_batch([_stored("empty", "")], [])
        assert article_row(store.con, "empty")["text"] == ""


def test_a_store_with_texts_in_one_column_is_migrated(tmp_path):
    db = tmp_path / "old.duckdb"
    long = "Kenya sent police to Haiti. " * 200
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE articles (id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, "
                "origin VARCHAR, line INTEGER, url VARCHAR, title VARCHAR, author VARCHAR, "
                "outlet VARCHAR, mirrored_from VARCHAR, published DATE, cluster_id VARCHAR "
                "NOT NULL, similarity DOUBLE, n_events INTEGER NOT NULL, n_flagged INTEGER NOT "
                "NULL, chars INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL, run_id VARCHAR, "
                "text VARCHAR NOT NULL, trailer VARCHAR, warnings VARCHAR[])")
    con.execute("INSERT INTO articles VALUES ('old', 'h', 'f.txt', 1, NULL, 'T', NULL, 'Wire', "
                "NULL, DATE '2024-01-02', 'old', 1.0, 0, 0, ?, TIMESTAMP '2024-01-02 10:00', "
                "NULL, ?, NULL, ['undated'])", [len(long), long])
    con.close()
    with EventStore(db) as store:
        row = article_row(store.con, "old")
        assert row["text"] == long and row["outlet"] == "Wire" and row["warnings"] == ["undated"]
        assert row["language"] is None  # a column the old store did not have
        assert store.con.execute(
            "SELECT count(*) FROM article_texts WHERE article_id = 'old'").fetchone()[0] == (
            -(-len(long) // TEXT_PIECE_CHARS))
        store.write_batch([_stored("new", "Chad closed its border.")], [])
    with EventStore(db) as store:  # a second open has nothing left to migrate
        assert sorted(r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()) == [
            "new", "old"]
        assert article_row(store.con, "new")["text"] == "Chad closed its border."
