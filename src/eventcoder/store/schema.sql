-- eventcoder's DuckDB schema (docs/store.md describes every column).
-- Idempotent: every statement can run again on an existing database.
-- The events table is not here: its columns are derived from the Event record
-- (eventcoder/store/columns.py) and created, or added to older stores, by EventStore.
-- views.sql runs after it.

-- An article's fields; its text is in article_texts, and the view `articles` (views.sql)
-- puts the two together. The text is kept apart, in short pieces, because DuckDB rewrites the
-- row group being filled at every checkpoint and holds a long string's overflow blocks while
-- it does: a table of texts of 250 KB each needed more than the writer's small cache after
-- ~40 MB (the checkpoint failed and invalidated the store). Pieces short enough to be stored
-- inline keep a row group, and so a checkpoint, to a few MB (docs/store.md).
CREATE TABLE IF NOT EXISTS article_rows (
    id            VARCHAR PRIMARY KEY,  -- content hash of the text (or the id the feed gave)
    content_hash  VARCHAR NOT NULL,     -- sha256 of the text, for provenance checks
    origin        VARCHAR,              -- file or '-' it was read from
    line          INTEGER,              -- line in a JSON lines file
    url           VARCHAR,
    title         VARCHAR,
    author        VARCHAR,
    outlet        VARCHAR,              -- the outlet that published it (site name / --source)
    mirrored_from VARCHAR,              -- originating outlet named by a trailer ("Mirrored - X")
    published     DATE,
    cluster_id    VARCHAR NOT NULL,     -- near-duplicate cluster (id of its first article)
    similarity    DOUBLE,               -- estimated Jaccard to the matched article (1 = new)
    n_events      INTEGER NOT NULL,
    n_flagged     INTEGER NOT NULL,
    chars         INTEGER NOT NULL,
    ingested_at   TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    trailer       VARCHAR,              -- the provenance trailer's text (kept in `text`, not coded)
    warnings      VARCHAR[],            -- what the coder said about the article (undated, ...)
    language      VARCHAR,              -- ISO 639, NULL: unknown
    -- provenance of articles read from a web archive (WARC); NULL for every other input
    captured_at   TIMESTAMP,            -- WARC-Date (UTC)
    record_offset BIGINT,               -- record's byte offset
    warc_record_id VARCHAR,
    http_status   INTEGER,
    http_headers  VARCHAR               -- JSON [[name, value]...]
);

-- An article's text in pieces of at most TEXT_PIECE_CHARS characters, in order; no key
-- (the writer adds the pieces of new articles only).
CREATE TABLE IF NOT EXISTS article_texts (
    article_id VARCHAR NOT NULL,
    part       INTEGER NOT NULL,
    piece      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS actors (
    code     VARCHAR NOT NULL,
    sector   VARCHAR NOT NULL,          -- '' when none
    name     VARCHAR NOT NULL,
    mentions BIGINT NOT NULL,
    PRIMARY KEY (code, sector, name)
);

CREATE TABLE IF NOT EXISTS clusters (
    cluster_id    VARCHAR PRIMARY KEY,
    first_article VARCHAR NOT NULL,
    articles      INTEGER NOT NULL,
    first_seen    DATE
);

CREATE TABLE IF NOT EXISTS mirror_bands (
    band_key   UBIGINT NOT NULL,        -- one row per LSH band of each article
    article_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS signatures (
    article_id VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL,
    sig        BLOB NOT NULL
);

-- One row per failure per run, so no key: the same bad line met by two runs is two rows
-- (stores made when (origin, line, reason) was the key are rebuilt without it, see
-- EventStore._apply_schema).
CREATE TABLE IF NOT EXISTS failures (
    origin   VARCHAR NOT NULL,
    line     INTEGER NOT NULL,          -- 0 when the failure is about a whole file
    reason   VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,          -- error | warning
    first_seen TIMESTAMP NOT NULL,      -- when this run met it
    run_id   VARCHAR
);

CREATE TABLE IF NOT EXISTS runs (
    run_id      VARCHAR PRIMARY KEY,
    started     TIMESTAMP NOT NULL,
    finished    TIMESTAMP,
    inputs      VARCHAR,
    articles    INTEGER,
    duplicates  INTEGER,
    events      INTEGER,
    failures    INTEGER
);

-- Stores made before the indexes were dropped lose them here (see EventStore._apply_schema).
DROP INDEX IF EXISTS events_source;
DROP INDEX IF EXISTS events_target;
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_article;
-- mirror_bands deliberately has no index either: it is scanned once per batch.
DROP INDEX IF EXISTS mirror_bands_key;

