-- statements_get: statement $1 as rows for the C JSON writer (store/statement_json.h): the
-- speakers it mentions (kind 'm', by id) and the statement (kind 's'), in one query with no
-- sub-select per row.
-- The statement is read by its key once, and both kinds of row come from it through a
-- LATERAL: two branches that each read it by key cost 40.8-42.6k tps against 47.3-48.4k
-- (pgbench -M prepared -c 8, random ids of 800,000 statements), and a CTE read once and
-- scanned twice (materialised, then a hashed IN over its unnested array) cost more still.
-- The branches are concatenated in the order written (UNION ALL is an Append, and these plans
-- are never parallel), the mentions sorted on their own.
SELECT k.*
  FROM statements s
  LEFT JOIN speakers sp ON sp.id = s.speaker_id
 CROSS JOIN LATERAL (
       (SELECT 'm' AS kind, m.id, NULL::bigint AS article_id, NULL::integer AS seq,
               NULL::text AS section, NULL::text AS text, NULL::integer AS start_offset,
               NULL::integer AS end_offset, NULL::bigint AS speaker_id, m.slug, m.name,
               NULL::attribution_method AS method, NULL::text AS cue, NULL::real AS confidence,
               NULL::text AS evidence, NULL::json AS quotes, NULL::bigint[] AS mention_ids,
               NULL::date AS published_at
          FROM speakers m
         WHERE m.id = ANY (s.mention_ids)
         ORDER BY m.id)
       UNION ALL
       SELECT 's', s.id, s.article_id, s.seq, s.section, s.text, s.start_offset, s.end_offset,
              sp.id, sp.slug, sp.name, s.method, s.cue, s.confidence, s.evidence,
              CASE WHEN s.quotes <> '{}' THEN to_json(s.quotes) END, s.mention_ids,
              s.published_at) k
 WHERE s.id = $1::bigint
