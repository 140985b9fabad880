-- statements_get: statement $1 as rows for the C JSON writer (store/statement_json.h): the
-- statement (kind 's') and the speakers it mentions (kind 'm', by id), in one query with no
-- sub-select per row.
WITH st AS (
  SELECT id, article_id, seq, section, text, start_offset, end_offset, speaker_id, method, cue,
         confidence, evidence, quotes, mention_ids, published_at
    FROM statements
   WHERE id = $1::bigint)
SELECT 's' AS kind, st.id, st.article_id, st.seq, st.section, st.text, st.start_offset,
       st.end_offset, sp.id AS speaker_id, sp.slug, sp.name, st.method, st.cue,
       round(st.confidence::numeric, 3) AS confidence, st.evidence,
       CASE WHEN st.quotes <> '{}' THEN to_json(st.quotes) END AS quotes, st.mention_ids,
       st.published_at
  FROM st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
UNION ALL
SELECT 'm', m.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, m.slug, m.name, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL
  FROM speakers m
 WHERE m.id IN (SELECT unnest(mention_ids) FROM st)
 ORDER BY kind, id
