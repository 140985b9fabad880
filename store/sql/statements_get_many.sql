-- statements_get_many: the statements of the ids $1 as rows for the C JSON writer
-- (store/statement_json.h), for the reads that wait together on one pipelined connection
-- (server/pipeline.h): every speaker they mention (kind 'm', by id, each once) and the
-- statements (kind 's', by id; an id that does not exist has no row). Each read renders its own
-- statement from the shared result, so N reads cost one executor start-up instead of N, the
-- largest part of a statement read's time in PostgreSQL (statements_get.sql gives the same rows
-- for one id).
(SELECT 'm' AS kind, m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date
  FROM speakers m
 WHERE m.id = ANY (ARRAY(SELECT unnest(s.mention_ids) FROM statements s
                          WHERE s.id = ANY ($1::bigint[])))
  ORDER BY m.id)
UNION ALL
(SELECT 's' AS kind, s.id, s.article_id, s.seq, s.section, s.text, s.start_offset,
       s.end_offset, sp.id AS speaker_id, sp.slug, sp.name, s.method, s.cue,
       s.confidence AS confidence, s.evidence,
       CASE WHEN s.quotes <> '{}' THEN to_json(s.quotes) END AS quotes, s.mention_ids,
       s.published_at
  FROM statements s
  LEFT JOIN speakers sp ON sp.id = s.speaker_id
 WHERE s.id = ANY ($1::bigint[])
  ORDER BY s.id)
