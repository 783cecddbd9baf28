"""The store's own guarantees: bounded mirror lookups and a cache that can be released."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from eventcoder.records import Article, CodedArticle
from eventcoder.sources.mirrors import BAND_LIMIT
from eventcoder.store import EventStore, StoredArticle


def _stored(aid: str, keys: list[int], sig_value: int = 0) -> StoredArticle:
    art = Article(text=f"Article {aid} says little.", id=aid)
    sig = np.full(128, sig_value, dtype=np.uint32).tobytes()
    return StoredArticle(CodedArticle(article=art), aid, 1.0, sig, keys)


def test_a_hot_band_key_yields_only_its_earliest_articles(tmp_path):
    store = EventStore(tmp_path / "s.duckdb")
    boiler = 77  # a band every article shares, as boilerplate would
    n = BAND_LIMIT + 5
    for i in range(n):
        store.write_batch([_stored(f"a{i:02d}", [boiler, 1000 + i])], [])
    hits = store.candidates([boiler])
    assert [a for _, a, _, _ in hits] == [f"a{i:02d}" for i in range(BAND_LIMIT)]
    # a rarer key of a late article is still found, with that article's signature
    late = store.candidates([1000 + n - 1])
    assert [(k, a) for k, a, _, _ in late] == [(1000 + n - 1, f"a{n - 1:02d}")]
    assert np.frombuffer(late[0][3], dtype=np.uint32).shape == (128,)
    store.close()


def test_candidates_of_unknown_keys_are_empty(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write_batch([_stored("x", [5])], [])
        assert store.candidates([6, 7]) == []
        assert store.candidates([]) == []


def test_release_memory_keeps_the_data_and_the_store_usable(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write_batch([_stored("a", [1])], [])
        store.release_memory()
        assert store.counts()["articles"] == 1
        added, _ = store.write_batch([_stored("a", [1]), _stored("b", [2])], [])
        assert added == 1
        assert store.known_articles(["a", "b", "c"]) == {"a", "b"}


def test_an_event_repeated_in_one_batch_is_stored_once(tmp_path):
    from eventcoder.coder import Coder

    text = "Germany criticised Russia on Monday."
    result = Coder().code(Article(text=text, date=date(2025, 6, 23)))
    assert result.events, "the sentence should give one event"
    twin = CodedArticle(article=Article(text=text + " ", id="twin"),
                        events=result.events)  # the same event ids under another article
    with EventStore(tmp_path / "s.duckdb") as store:
        sig = np.zeros(128, dtype=np.uint32).tobytes()
        _, n = store.write_batch([StoredArticle(result, result.article.id, 1.0, sig, []),
                                  StoredArticle(twin, "twin", 1.0, sig, [])], [])
        assert n == len(result.events)
        ids = store.con.execute("SELECT count(DISTINCT id), count(*) FROM events").fetchone()
        assert ids[0] == ids[1]


def test_a_bad_memory_setting_is_refused(tmp_path, monkeypatch):
    from eventcoder.errors import InputError

    monkeypatch.setenv("EVENTCODER_DUCKDB_MEMORY", "lots")
    with pytest.raises(InputError, match="EVENTCODER_DUCKDB_MEMORY"):
        EventStore(tmp_path / "s.duckdb")


def test_the_cache_size_comes_from_the_caller_then_the_environment_then_a_default(
        tmp_path, monkeypatch):
    from eventcoder.errors import InputError
    from eventcoder.store import READER_MEMORY, cache_size

    monkeypatch.delenv("EVENTCODER_DUCKDB_MEMORY", raising=False)
    assert cache_size(None, "64MB") == "64MB"
    assert cache_size("200MB", "64MB") == "200MB"
    monkeypatch.setenv("EVENTCODER_DUCKDB_MEMORY", "1GB")
    assert cache_size(None, "64MB") == "1GB"
    assert cache_size("200MB", "64MB") == "200MB"
    assert cache_size(" 1.5 gib ", "64MB") == "1.5 gib"
    with pytest.raises(InputError, match="memory limit"):
        cache_size("a lot", "64MB")
    monkeypatch.delenv("EVENTCODER_DUCKDB_MEMORY")
    with EventStore(tmp_path / "s.duckdb", memory_limit="96MB") as store:
        setting = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert setting.startswith("91")  # DuckDB shows 96 MB as 91.5 MiB
        store.release_memory()  # the limit survives a reopen
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] \
            == setting
    with EventStore(tmp_path / "s.duckdb", read_only=True) as store:
        setting = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert setting.startswith(str(int(int(READER_MEMORY[:-2]) * 1e6 / 2**20)))


def test_sizes_read_as_duckdb_reads_them():
    from eventcoder.errors import InputError
    from eventcoder.store import size_bytes

    assert size_bytes("32MB") == 32_000_000
    assert size_bytes("1.5GiB") == int(1.5 * 2**30)
    assert size_bytes(" 64 kb ") == 64_000
    with pytest.raises(InputError, match="not a size"):
        size_bytes("32")


def test_long_texts_are_written_under_a_small_cache(tmp_path):
    """The cache grows for a batch of very long texts, then shrinks back: memory follows the
    batch being written, never the size of the store."""
    sig = np.zeros(128, dtype=np.uint32).tobytes()
    long_text = "The minister spoke at length. " * 350_000  # about 10 MB
    with EventStore(tmp_path / "s.duckdb", memory_limit="16MB", threads=1) as store:
        base = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        alone = CodedArticle(article=Article(text=long_text, id="alone"), events=[])
        store.write_batch([StoredArticle(alone, "alone", 1.0, sig, [1])], [])
        several = [StoredArticle(CodedArticle(article=Article(text=long_text[i:], id=f"p{i}"),
                                              events=[]), f"p{i}", 1.0, sig, [2])
                   for i in range(3)]
        added, _ = store.write_batch(several, [])
        assert added == 3
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == base
    with EventStore(tmp_path / "s.duckdb", read_only=True) as store:
        lengths = store.con.execute("SELECT id, length(text) FROM articles ORDER BY id")
        assert lengths.fetchall() == [("alone", len(long_text)),
                                      *[(f"p{i}", len(long_text) - i) for i in range(3)]]


def test_ingest_writes_with_the_small_writer_cache(tmp_path, monkeypatch):
    from eventcoder import ingest as ingest_module
    from eventcoder.store import WRITER_MEMORY

    monkeypatch.delenv("EVENTCODER_DUCKDB_MEMORY", raising=False)
    seen = []
    real = ingest_module.EventStore

    def recording(*args, **kwargs):
        store = real(*args, **kwargs)
        seen.append(store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        return store

    monkeypatch.setattr(ingest_module, "EventStore", recording)
    feed = tmp_path / "a.txt"
    feed.write_text("Germany criticised Russia on Monday.\n", encoding="utf-8")
    ingest_module.ingest([feed], tmp_path / "s.duckdb")
    assert seen and seen[0].startswith(str(int(int(WRITER_MEMORY[:-2]) * 1e6 / 2**20)))


class _FakeIndex:
    """A MirrorIndex holding a few stored articles in memory."""

    def __init__(self, stored: list[tuple[str, str, np.ndarray, list[int]]]) -> None:
        self.stored = stored

    def candidates(self, keys: list[int]):
        return [(k, a, c, sig.tobytes()) for a, c, sig, ks in self.stored for k in ks
                if k in keys]


def _sig_like(base: np.ndarray, changed: int) -> np.ndarray:
    out = base.copy()
    out[:changed] += 1  # `changed` of 128 values differ: similarity 1 - changed/128
    return out


def test_cluster_assigner_picks_the_closest_stored_article_above_the_threshold():
    from eventcoder.sources.mirrors import ClusterAssigner

    base = np.arange(128, dtype=np.uint32)
    index = _FakeIndex([("far", "story-far", _sig_like(base, 80), [1]),
                        ("near", "story-near", _sig_like(base, 10), [1, 2]),
                        ("other", "story-x", base + 1000, [3])])
    assigner = ClusterAssigner(index)
    assigner.prefetch([1, 2, 3])
    cluster, sim = assigner.assign("new", base, [1, 2])
    assert (cluster, sim) == ("story-near", pytest.approx(118 / 128))
    # nothing shares a band: a story of its own
    assert assigner.assign("lonely", base + 5000, [9]) == ("lonely", 1.0)
    # a candidate under the threshold is not a mirror
    assert assigner.assign("weak", _sig_like(base, 80), [3])[0] == "weak"


def test_cluster_assigner_sees_earlier_articles_of_the_same_batch():
    from eventcoder.sources.mirrors import ClusterAssigner

    base = np.arange(128, dtype=np.uint32)
    assigner = ClusterAssigner(_FakeIndex([]))
    assigner.prefetch([4])
    assert assigner.assign("first", base, [4]) == ("first", 1.0)
    assert assigner.assign("copy", _sig_like(base, 4), [4])[0] == "first"
    assigner.flush()
    assert assigner.assign("after-flush", base, [4]) == ("after-flush", 1.0)


def test_an_article_is_indexed_only_under_keys_with_room():
    from eventcoder.sources.mirrors import ClusterAssigner

    held = [(f"s{i}", f"s{i}", np.arange(128, dtype=np.uint32) + i, [1]) for i in range(3)]
    assigner = ClusterAssigner(_FakeIndex(held), limit=4)
    assigner.prefetch([1, 2])
    assert assigner.indexable([1, 2]) == [1, 2]  # key 1 holds 3 of 4
    assert assigner.indexable([1, 2]) == [2]  # now full, counting this batch
    assigner.flush()
    assigner.prefetch([2])
    assert assigner.indexable([2]) == [2]  # the fake index never learnt of the batch


def test_ingest_keeps_at_most_the_limit_of_articles_per_band_key(tmp_path):
    """Twenty syndicated copies share most band keys: each key indexes only the first few,
    and every copy still joins the first one's story."""
    import json

    from eventcoder.ingest import IngestOptions, ingest

    story = ("Chile and Peru signed a fisheries accord in Lima on Thursday, ending a dispute "
             "over catch quotas that had strained ties for two years. The agreement sets up a "
             "joint patrol of the shared maritime zone and a panel to review quotas each "
             "spring. Officials from both foreign ministries said the deal would be ratified "
             "before the end of the year.")
    feed = tmp_path / "feed.jsonl"
    with feed.open("w") as fh:
        for i in range(20):
            fh.write(json.dumps({"text": f"{story} Copy {i} for outlet number {i}.",
                                 "source": f"Outlet {i}", "date": "2024-04-04"}) + "\n")
    db = tmp_path / "s.duckdb"
    ingest([feed], db, IngestOptions(batch_size=6))  # the limit is reached across batches
    with EventStore(db, read_only=True) as store:
        most = store.con.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM mirror_bands "
                                 "GROUP BY band_key)").fetchone()[0]
        clusters = store.con.execute("SELECT count(DISTINCT cluster_id), count(*) "
                                     "FROM articles").fetchone()
    assert most == BAND_LIMIT
    assert clusters == (1, 20)


# The events table as stores made before the columns were derived from records.py had it.
LEGACY_EVENTS = """CREATE TABLE events (
    id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, cluster_id VARCHAR NOT NULL,
    outlet VARCHAR, date DATE, date_resolution VARCHAR, date_text VARCHAR,
    type VARCHAR NOT NULL, mode VARCHAR, contexts VARCHAR[], quad_class INTEGER, score DOUBLE,
    source_code VARCHAR NOT NULL, source_sector VARCHAR, source_name VARCHAR,
    source_text VARCHAR, target_code VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    target_text VARCHAR, amounts VARCHAR, location VARCHAR, location_code VARCHAR,
    latitude DOUBLE, longitude DOUBLE, location_level VARCHAR, negated BOOLEAN,
    hypothetical BOOLEAN, future BOOLEAN, reported BOOLEAN, speaker VARCHAR,
    confidence DOUBLE, sentence VARCHAR, sentence_start INTEGER, trigger_start INTEGER,
    trigger_end INTEGER, source_start INTEGER, source_end INTEGER, target_start INTEGER,
    target_end INTEGER, trigger_text VARCHAR, rule VARCHAR)"""
LEGACY_ROW = ("e1", "a1", "a1", "Wire", date(2025, 6, 23), "day", "on Monday", "ACCUSE",
              "disapprove", ["economic"], 3, -2.0, "DEU", "GOV", "Germany", "Berlin", "RUS",
              None, "Russia", "Russia", None, None, None, None, None, None, False, False,
              False, False, None, 0.9, "Berlin criticised Russia on Monday.", 0, 7, 17, 0, 6,
              18, 24, "criticised", "accuse.criticise")


def _legacy_store(path) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    con.execute(LEGACY_EVENTS)
    con.execute("INSERT INTO events VALUES (" + ", ".join("?" * len(LEGACY_ROW)) + ")",
                list(LEGACY_ROW))
    con.execute("CREATE TABLE articles (id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL,"
                " origin VARCHAR, line INTEGER, url VARCHAR, title VARCHAR, author VARCHAR, "
                "outlet VARCHAR, mirrored_from VARCHAR, published DATE, cluster_id VARCHAR "
                "NOT NULL, similarity DOUBLE, n_events INTEGER NOT NULL, n_flagged INTEGER "
                "NOT NULL, chars INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL, "
                "run_id VARCHAR, text VARCHAR NOT NULL)")
    con.close()


def test_an_older_store_is_read_as_it_is_and_migrated_when_opened_for_writing(tmp_path):
    from eventcoder.store.columns import COLUMN_NAMES
    from eventcoder.store.export import iter_events

    db = tmp_path / "old.duckdb"
    _legacy_store(db)
    with EventStore(db, read_only=True) as store:  # serve, export: the file is not changed
        (old,) = iter_events(store)
        assert store.con.execute("SELECT count(*) FROM pragma_table_info('events')"
                                 ).fetchone()[0] == len(LEGACY_ROW)
    # the actor's own offsets were not stored then: they were the evidence offsets
    assert (old.source.start, old.source.end, old.target.start) == (0, 6, 18)
    assert (old.source.role, old.source.group, old.flags.cue, old.evidence.conventions) == (
        None, None, None, ())
    with EventStore(db) as store:
        cols = [r[0] for r in store.con.execute(
            "SELECT name FROM pragma_table_info('events')").fetchall()]
        assert set(cols) == set(COLUMN_NAMES)
        assert store.con.execute("SELECT source_text_start, target_text_end FROM events"
                                 ).fetchone() == (0, 24)
        (migrated,) = iter_events(store)
        assert migrated == old
        # the migrated store takes new events, every field kept
        result = _coded_with_a_group()
        store.write_batch([StoredArticle(result, result.article.id, 1.0,
                                         np.zeros(128, dtype=np.uint32).tobytes(), [])], [])
        back = {e.id: e for e in iter_events(store)}
        assert all(back[e.id] == e for e in result.events)
        assert "warnings" in [r[0] for r in store.con.execute(
            "SELECT name FROM pragma_table_info('articles')").fetchall()]
    with EventStore(db) as store:  # a second open has nothing left to do
        assert [r[0] for r in store.con.execute(
            "SELECT name FROM pragma_table_info('events')").fetchall()] == cols


def _coded_with_a_group() -> CodedArticle:
    from eventcoder.coder import Coder

    return Coder().code(Article(text="Hamas fighters attacked Israel on Monday.",
                                date=date(2025, 6, 23)))
