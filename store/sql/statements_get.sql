-- statements_get: statement $1 as rows for the C JSON writer (store/statement_json.h): the
-- speakers it mentions (kind 'm', by id) and the statement (kind 's'), in one query with no
-- sub-select per row.
-- Each branch reads the statement by its key on its own: a CTE read once and scanned twice
-- (materialised, then a hashed IN over its unnested array) cost more to start than the second
-- index lookup (pgbench -M prepared at 800,000 statements: 36-42k against 42-43k tps).
-- The branches are concatenated in the order written (UNION ALL is an Append, and these plans
-- are never parallel), each sorted on its own.
(SELECT 'm' AS kind, m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date
  FROM statements s
  JOIN speakers m ON m.id = ANY (s.mention_ids)
 WHERE s.id = $1::bigint
  ORDER BY m.id)
UNION ALL
(SELECT 's' AS kind, s.id, s.article_id, s.seq, s.section, s.text, s.start_offset,
       s.end_offset, sp.id AS speaker_id, sp.slug, sp.name, s.method, s.cue,
       s.confidence AS confidence, s.evidence,
       CASE WHEN s.quotes <> '{}' THEN to_json(s.quotes) END AS quotes, s.mention_ids,
       s.published_at
  FROM statements s
  LEFT JOIN speakers sp ON sp.id = s.speaker_id
 WHERE s.id = $1::bigint)
