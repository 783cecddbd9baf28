-- eventcoder's DuckDB schema (docs/store.md describes every column).
-- Idempotent: every statement can run again on an existing database.

CREATE TABLE IF NOT EXISTS articles (
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
    text          VARCHAR NOT NULL
);

-- No ART index on events, not even a primary key: event ids are random, so every batch would
-- touch the index all over and the part of it held in memory would grow with the store
-- (docs/store.md, "Indexes"). Event ids are unique
-- because the writer skips articles already stored; the analysis queries aggregate over many
-- rows, which DuckDB's automatic min-max zonemaps serve as well.
CREATE TABLE IF NOT EXISTS events (
    id              VARCHAR NOT NULL,
    article_id      VARCHAR NOT NULL,
    cluster_id      VARCHAR NOT NULL,
    outlet          VARCHAR,
    date            DATE,
    date_resolution VARCHAR,
    date_text       VARCHAR,
    type            VARCHAR NOT NULL,
    mode            VARCHAR,
    contexts        VARCHAR[],
    quad_class      INTEGER,
    score           DOUBLE,
    source_code     VARCHAR NOT NULL,
    source_sector   VARCHAR,
    source_name     VARCHAR,
    source_text     VARCHAR,
    target_code     VARCHAR,
    target_sector   VARCHAR,
    target_name     VARCHAR,
    target_text     VARCHAR,
    amounts         VARCHAR,            -- JSON list of {value, unit, currency, text}
    location        VARCHAR,
    location_code   VARCHAR,
    latitude        DOUBLE,
    longitude       DOUBLE,
    location_level  VARCHAR,            -- city | region | country
    negated         BOOLEAN,
    hypothetical    BOOLEAN,
    future          BOOLEAN,
    reported        BOOLEAN,
    speaker         VARCHAR,
    confidence      DOUBLE,
    sentence        VARCHAR,
    sentence_start  INTEGER,
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    source_start    INTEGER,
    source_end      INTEGER,
    target_start    INTEGER,
    target_end      INTEGER,
    trigger_text    VARCHAR,
    rule            VARCHAR
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

CREATE TABLE IF NOT EXISTS failures (
    origin   VARCHAR NOT NULL,
    line     INTEGER NOT NULL,          -- 0 when the failure is about a whole file
    reason   VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,          -- error | warning
    first_seen TIMESTAMP NOT NULL,
    run_id   VARCHAR,
    PRIMARY KEY (origin, line, reason)
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

-- Stores made before the indexes were dropped lose them here (see the note on events).
DROP INDEX IF EXISTS events_source;
DROP INDEX IF EXISTS events_target;
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_article;
-- mirror_bands deliberately has no index either: it is scanned once per batch.
DROP INDEX IF EXISTS mirror_bands_key;

-- One row per reported event across outlets: how many articles, independent stories
-- (clusters) and outlets carry the same dyad on the same day (GDELT's NumSources idea).
CREATE OR REPLACE VIEW event_reports AS
SELECT date, type, source_code, target_code,
       count(*)                      AS mentions,
       count(DISTINCT article_id)    AS articles,
       count(DISTINCT cluster_id)    AS stories,
       count(DISTINCT coalesce(outlet, article_id)) AS outlets,
       min(id)                       AS example_event
FROM events
WHERE NOT negated AND NOT hypothetical
GROUP BY date, type, source_code, target_code;

-- Events counted once per near-duplicate cluster: mirrors do not inflate counts.
CREATE OR REPLACE VIEW events_dedup AS
SELECT * FROM events
QUALIFY row_number() OVER (
    PARTITION BY cluster_id, type, source_code, coalesce(target_code, ''), date
    ORDER BY confidence DESC, id) = 1;
