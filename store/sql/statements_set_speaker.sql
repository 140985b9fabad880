-- statements_set_speaker: attribution by hand: statement $1 gets speaker $2 (NULL: narration), method
-- manual, by $3; the change and its history entry are one statement, so one transaction.
WITH st AS (UPDATE statements
  SET speaker_id = $2::bigint, method = 'manual', cue = NULL, confidence = CASE WHEN $2::bigint IS NULL THEN NULL ELSE 1 END, evidence = NULL, updated_at = now()
  WHERE id = $1::bigint
  RETURNING *),
h AS (INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by)
  SELECT id, speaker_id, method, cue, confidence, $3::text
  FROM st)
SELECT json_build_object('id', st.id, 'article_id', st.article_id, 'seq', st.seq, 'section', st.section, 'text', st.text, 'start', st.start_offset, 'end', st.end_offset, 'speaker', CASE WHEN sp.id IS NULL THEN NULL ELSE json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name) END, 'attribution', CASE WHEN st.method IS NULL THEN NULL ELSE json_build_object('cue', st.cue, 'method', st.method, 'confidence', round(st.confidence::numeric, 3), 'evidence', st.evidence) END, 'quotes', to_json(st.quotes), 'mentions', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'slug', m.slug, 'name', m.name) ORDER BY array_position(st.mention_ids, m.id)), '[]') FROM speakers m WHERE m.id = ANY(st.mention_ids)), 'published_at', st.published_at)
FROM st
LEFT
JOIN speakers sp ON sp.id = st.speaker_id
