-- statements_search: a page of the statements matching the full-text query $12 (websearch
-- syntax, read in each statement's own language: search_any() and search_own(), migration
-- 008), by relevance (ts_rank_cd DESC), then in list order. The filters are those of statements_list.sql, with
-- the same tags; "after" starts after the key ($13 rank, $9 day, $10 article id, $11 seq).
--
-- Bounded ranking: only the window, the $15 newest matches in list order (day DESC,
-- article_id DESC, seq), is ranked and paged through; older matches are not returned. The
-- window is the same set whichever way it is found, so every page of a query ranks the same
-- rows and paging gives each of them once. How it is found is chosen at run time:
--   probe: the first p = min(2 x $15, 256) rows of the list (its order index, or the
--     filter's: speaker, section, cue, source) are tested; k of them match (256 rows: the
--     probe costs a rare word about 1 ms; 2 x 1,000 cost 5-8 ms at load 10);
--   walk, when k says the matches are dense (k x $16 >= $15 x p, i.e. the walk should
--     find the window within $16 rows): the list walked from the newest, each row tested,
--     for at most $16 rows (the C side passes 32 x the window) until $15 match: about
--     $15 x rows / matches rows, however common the word;
--   index, when the probe says sparse or the walk stopped short: the GIN bitmap of every
--     match, and the $15 newest of those (a top-N sort). Sparse means few: about
--     rows x k / p, fewer than rows / 32 when the probe is representative.
-- The index is asked search_any (every language's parse OR'ed); each row's own parse is the
-- test (ts_match_vq, @@ by its function name, so that no plan expects an index to serve it).
-- Rows as statements_list.sql gives them, then the rank, then the text with each matched word
-- between chr(1) and chr(2) (ts_headline of the page's rows only, in the row's language;
-- HighlightAll keeps the whole text, which the C side turns into code-point ranges).
--   $1 speaker slug, $2 rows (page size + 1), $3 speaker id, $4 article id, $5 section,
--   $6 cue, $7 from, $8 to, $9 $10 $11 $13 the key, $12 the query, $14 source, $15 the window,
--   $16 the longest walk.
-- The branches are concatenated in the order written (UNION ALL is an Append, and these plans
-- are never parallel: CTE scans are parallel-restricted), each sorted on its own: sorting the
-- whole result instead cost a third of the page's time (pgbench 5.0-5.2k against 6.9-7.4k tps).
WITH query AS MATERIALIZED (SELECT p AS parses, search_any(p) AS query FROM search_parses($12::text) p),
probe AS MATERIALIZED (
  SELECT count(*) AS k FROM (
        SELECT st.tsv, st.search_config
          FROM statements st
         WHERE true
           AND st.speaker_id = (SELECT id FROM speakers WHERE slug = $1::text)  -- when: speaker_slug
           AND st.speaker_id = $3::bigint                                      -- when: speaker_id
           AND st.speaker_id IS NULL                                           -- when: narration
           AND st.article_id = $4::bigint                                      -- when: article
           AND lower(st.section) = lower($5::text)                             -- when: section
           AND st.cue = $6::text                                               -- when: cue
           AND lower(st.source) = lower($14::text)                             -- when: source
           AND coalesce(st.published_at, '-infinity'::date) >= $7::date         -- when: from
           AND coalesce(st.published_at, '-infinity'::date) <= $8::date         -- when: to
           AND st.published_at IS NOT NULL                                     -- when: to
         ORDER BY coalesce(st.published_at, '-infinity'::date) DESC, st.article_id DESC, st.seq
         LIMIT least(2 * $15::integer, 256)) s
   WHERE ts_match_vq(s.tsv, search_own((SELECT parses FROM query), s.search_config))),
walk AS MATERIALIZED (
  SELECT * FROM (
        SELECT st.id, st.article_id, st.seq, st.section, st.text, st.start_offset, st.end_offset,
               st.speaker_id, st.method, st.cue, st.confidence, st.evidence, st.quotes,
               st.mention_ids, st.published_at, coalesce(st.published_at, '-infinity'::date) AS day,
               st.tsv, st.search_config
          FROM statements st
         WHERE (SELECT k FROM probe) * $16::integer >= $15::bigint * least(2 * $15::integer, 256)
           AND st.speaker_id = (SELECT id FROM speakers WHERE slug = $1::text)  -- when: speaker_slug
           AND st.speaker_id = $3::bigint                                      -- when: speaker_id
           AND st.speaker_id IS NULL                                           -- when: narration
           AND st.article_id = $4::bigint                                      -- when: article
           AND lower(st.section) = lower($5::text)                             -- when: section
           AND st.cue = $6::text                                               -- when: cue
           AND lower(st.source) = lower($14::text)                             -- when: source
           AND coalesce(st.published_at, '-infinity'::date) >= $7::date         -- when: from
           AND coalesce(st.published_at, '-infinity'::date) <= $8::date         -- when: to
           AND st.published_at IS NOT NULL                                     -- when: to
         ORDER BY coalesce(st.published_at, '-infinity'::date) DESC, st.article_id DESC, st.seq
         LIMIT $16::integer) s
   WHERE ts_match_vq(s.tsv, search_own((SELECT parses FROM query), s.search_config))
   ORDER BY s.day DESC, s.article_id DESC, s.seq
   LIMIT $15::integer),
win AS (
  SELECT * FROM walk WHERE (SELECT count(*) FROM walk) >= $15::integer
  UNION ALL
  (SELECT * FROM (
        SELECT st.id, st.article_id, st.seq, st.section, st.text, st.start_offset, st.end_offset,
               st.speaker_id, st.method, st.cue, st.confidence, st.evidence, st.quotes,
               st.mention_ids, st.published_at, coalesce(st.published_at, '-infinity'::date) AS day,
               st.tsv, st.search_config
          FROM statements st
         WHERE (SELECT count(*) FROM walk) < $15::integer
           AND st.tsv @@ (SELECT query FROM query)
           AND st.speaker_id = (SELECT id FROM speakers WHERE slug = $1::text)  -- when: speaker_slug
           AND st.speaker_id = $3::bigint                                      -- when: speaker_id
           AND st.speaker_id IS NULL                                           -- when: narration
           AND st.article_id = $4::bigint                                      -- when: article
           AND lower(st.section) = lower($5::text)                             -- when: section
           AND st.cue = $6::text                                               -- when: cue
           AND lower(st.source) = lower($14::text)                             -- when: source
           AND coalesce(st.published_at, '-infinity'::date) >= $7::date         -- when: from
           AND coalesce(st.published_at, '-infinity'::date) <= $8::date         -- when: to
           AND st.published_at IS NOT NULL                                     -- when: to
) s
    WHERE ts_match_vq(s.tsv, search_own((SELECT parses FROM query), s.search_config))
    ORDER BY s.day DESC, s.article_id DESC, s.seq
    LIMIT $15::integer)),
page AS (
  SELECT * FROM (
        SELECT w.*, ts_rank_cd(w.tsv, search_own((SELECT parses FROM query), w.search_config)) AS rank
          FROM win w) st
   WHERE true
     AND (st.rank < $13::real OR (st.rank = $13::real                         -- when: after
          AND ((st.day, st.article_id) < ($9::date, $10::bigint)              -- when: after
               OR (st.day = $9::date AND st.article_id = $10::bigint          -- when: after
                   AND st.seq > $11::integer))))                              -- when: after
   ORDER BY st.rank DESC, st.day DESC, st.article_id DESC, st.seq
   LIMIT $2::integer)
(SELECT 'm' AS kind, m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date, NULL::date, NULL::real,
       NULL::text
  FROM speakers m
 WHERE m.id IN (SELECT unnest(mention_ids) FROM page)
  ORDER BY id)
UNION ALL
(SELECT 's' AS kind, st.id, st.article_id, st.seq, st.section, st.text, st.start_offset,
       st.end_offset, sp.id AS speaker_id, sp.slug, sp.name, st.method, st.cue,
       st.confidence AS confidence, st.evidence,
       CASE WHEN st.quotes <> '{}' THEN to_json(st.quotes) END AS quotes, st.mention_ids,
       st.published_at,
       st.day, st.rank,
       ts_headline(st.search_config, st.text, search_own((SELECT parses FROM query), st.search_config),
                   'HighlightAll=true, StartSel=' || chr(1) || ', StopSel=' || chr(2)) AS marked
  FROM page st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
  ORDER BY st.rank DESC, st.day DESC, st.article_id DESC, st.seq)
