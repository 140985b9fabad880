-- statements_list: a page of statements in list order, newest first: day (published_at,
-- undated last) DESC, article_id DESC, seq. A request's shape keeps only the lines whose
-- trailing "when:" tags it has (see README.md): no filter is a no-op in SQL, so every shape
-- is a plan of its own, built once per connection and generic (no parameter decides it).
--   $1 speaker slug, $2 rows (page size + 1), $3 speaker id, $4 article id, $5 section,
--   $6 cue, $7 from, $8 to (inclusive, on published_at), $9 $10 $11 the sort key (day,
--   article id, seq) after which the page starts, $14 source ($12 and $13 are the search's).
-- Section and source compare without case (lower(), which their indexes hold, migration 008).
-- The key condition is one index range: (day, article_id) <= the key's, which the index
-- walks from the key on, and a filter that drops the key's own article up to its seq.
-- Rows for the C JSON writer (store/statement_json.h): the page's statements (kind 's', with
-- their day as a last column) and the speakers they mention (kind 'm', by id), one query with
-- no sub-select per row.
-- The inner LIMIT is the largest page + 1 (LIMIT_MAX + 1) as a constant, so the generic plan
-- is costed for a page, not for a guessed share of the table (with "LIMIT $2" it walks the
-- list-order index and filters by speaker, fine for a frequent speaker and slow for a rare
-- one); the LIMIT $2 of the page stops the scan after the rows the request asked for.
-- The branches are concatenated in the order written (UNION ALL is an Append, and these plans
-- are never parallel: CTE scans are parallel-restricted), each sorted on its own: sorting the
-- whole result instead cost a third of the page's time (pgbench 5.0-5.2k against 6.9-7.4k tps).
WITH page AS (
  SELECT * FROM (
        SELECT st.id, st.article_id, st.seq, st.section, st.text, st.start_offset, st.end_offset,
               st.speaker_id, st.method, st.cue, st.confidence, st.evidence, st.quotes,
               st.mention_ids, st.published_at, coalesce(st.published_at, '-infinity'::date) AS day
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
           AND (coalesce(st.published_at, '-infinity'::date), st.article_id)   -- when: after
               <= ($9::date, $10::bigint)                                      -- when: after
           AND ((coalesce(st.published_at, '-infinity'::date), st.article_id)  -- when: after
                < ($9::date, $10::bigint) OR st.seq > $11::integer)            -- when: after
         ORDER BY coalesce(st.published_at, '-infinity'::date) DESC, st.article_id DESC, st.seq
         LIMIT 501) k
   ORDER BY day DESC, article_id DESC, seq
   LIMIT $2::integer)
(SELECT 'm' AS kind, m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date, NULL::date
  FROM speakers m
 WHERE m.id IN (SELECT unnest(mention_ids) FROM page)
  ORDER BY id)
UNION ALL
(SELECT 's' AS kind, st.id, st.article_id, st.seq, st.section, st.text, st.start_offset,
       st.end_offset, sp.id AS speaker_id, sp.slug, sp.name, st.method, st.cue,
       st.confidence AS confidence, st.evidence,
       CASE WHEN st.quotes <> '{}' THEN to_json(st.quotes) END AS quotes, st.mention_ids,
       st.published_at,
       st.day
  FROM page st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
  ORDER BY st.day DESC, st.article_id DESC, st.seq)
