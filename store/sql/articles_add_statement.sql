-- articles_add_statement: appends a statement added by hand to article $1 ($2 section, $3 text,
-- $4 speaker or NULL, $5 actor) with the next seq and a history entry; the statement as rows
-- for the C JSON writer (see statements_get.sql), no row when the article does not exist.
-- The branches are concatenated in the order written (UNION ALL is an Append, and these plans
-- are never parallel: CTE scans are parallel-restricted), each sorted on its own: sorting the
-- whole result instead cost a third of the page's time (pgbench 5.0-5.2k against 6.9-7.4k tps).
WITH st AS (
  INSERT INTO statements (article_id, seq, section, text, speaker_id, method, confidence,
                          published_at)
  SELECT a.id, (SELECT coalesce(max(seq), -1) + 1 FROM statements WHERE article_id = a.id),
         $2, $3, $4::bigint, 'manual', CASE WHEN $4::bigint IS NULL THEN NULL ELSE 1 END,
         a.published_at
    FROM articles a
   WHERE a.id = $1
  RETURNING id, article_id, seq, section, text, start_offset, end_offset, speaker_id, method,
            cue, confidence, evidence, quotes, mention_ids, published_at),
h AS (
  INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by)
  SELECT id, speaker_id, method, cue, confidence, $5 FROM st)
(SELECT 'm' AS kind, m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date
  FROM speakers m
 WHERE m.id IN (SELECT unnest(mention_ids) FROM st)
  ORDER BY id)
UNION ALL
(SELECT 's' AS kind, st.id, st.article_id, st.seq, st.section, st.text, st.start_offset,
       st.end_offset, sp.id AS speaker_id, sp.slug, sp.name, st.method, st.cue,
       st.confidence AS confidence, st.evidence,
       CASE WHEN st.quotes <> '{}' THEN to_json(st.quotes) END AS quotes, st.mention_ids,
       st.published_at
  FROM st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
  ORDER BY st.id)
