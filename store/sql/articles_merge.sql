-- articles_merge: merges a new extraction ($2..$12: one array per column, one element per
-- statement) into article $1's statements in one statement: match by offsets and text,
-- update / delete / insert, and write history; the count of changed or new statements.
-- New rows carry the article's source and search configuration (migration 011: the per-row
-- trigger is for other inserts).
WITH n AS (SELECT *
  FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::bigint[], $7::attribution_method[], $8::text[], $9::real[], $10::text[], $11::text[], $12::text[]) WITH ORDINALITY AS n(section, text, s, e, speaker_id, method, cue, confidence, evidence, quotes, mentions, idx)),
a AS (SELECT id, published_at, source, language_config(language) AS search_config
  FROM articles
  WHERE id = $1),
o AS (SELECT id, start_offset, end_offset, text, speaker_id, method, cue
  FROM statements
  WHERE article_id = $1 AND start_offset IS NOT NULL),
p AS (SELECT n.*, o.id AS old_id, o.speaker_id AS old_speaker, o.method AS old_method, o.cue AS old_cue
  FROM n
  LEFT
  JOIN o ON o.start_offset = n.s AND o.end_offset = n.e AND o.text = n.text),
upd AS (UPDATE statements st
  SET section = p.section, quotes = p.quotes::text[], mention_ids = p.mentions::bigint[], speaker_id = CASE WHEN st.method = 'manual' THEN st.speaker_id ELSE p.speaker_id END, method = CASE WHEN st.method = 'manual' THEN st.method ELSE p.method END, cue = CASE WHEN st.method = 'manual' THEN st.cue ELSE p.cue END, confidence = CASE WHEN st.method = 'manual' THEN st.confidence ELSE p.confidence END, evidence = CASE WHEN st.method = 'manual' THEN st.evidence ELSE p.evidence END, updated_at = now()
  FROM p
  WHERE st.id = p.old_id
  RETURNING st.id, st.speaker_id, st.method, st.cue, st.confidence, (p.old_method IS DISTINCT FROM 'manual' AND (p.old_speaker, p.old_method, p.old_cue) IS DISTINCT FROM (p.speaker_id, p.method, p.cue)) AS changed),
del AS (DELETE
  FROM statements st
  WHERE st.article_id = $1 AND st.start_offset IS NOT NULL AND st.method IS DISTINCT
  FROM 'manual' AND NOT EXISTS (SELECT 1 FROM p WHERE p.old_id = st.id)),
ins AS (INSERT INTO statements (article_id, seq, section, text, start_offset, end_offset, speaker_id, method, cue, confidence, evidence, quotes, mention_ids, published_at, source, search_config)
  SELECT a.id, ((SELECT coalesce(max(seq), -1) FROM statements WHERE article_id = $1) + p.idx)::int, p.section, p.text, p.s, p.e, p.speaker_id, p.method, p.cue, p.confidence, p.evidence, p.quotes::text[], p.mentions::bigint[], a.published_at, a.source, a.search_config
  FROM p CROSS
  JOIN a
  WHERE p.old_id IS NULL
  RETURNING id, speaker_id, method, cue, confidence),
hist AS (INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by)
  SELECT id, speaker_id, method, cue, confidence, 'engine'
  FROM upd
  WHERE changed
  UNION ALL
  SELECT id, speaker_id, method, cue, confidence, 'engine'
  FROM ins
  WHERE method IS NOT NULL)
SELECT (SELECT count(*)
  FROM upd
  WHERE changed) + (SELECT count(*)
  FROM ins)
