-- Views over the events table; run after the table is created or migrated, so `SELECT *`
-- views see every column.

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

-- Articles with their text put back together from its pieces (schema.sql says why they are
-- kept apart). Reading one article's text: filter on `id`, as the API does.
CREATE OR REPLACE VIEW articles AS
SELECT r.*, coalesce(t.text, '') AS text
FROM article_rows r
LEFT JOIN (SELECT article_id, string_agg(piece, '' ORDER BY part) AS text
           FROM article_texts GROUP BY article_id) t ON t.article_id = r.id;
