-- articles_add_statement: appends a statement added by hand to article $1 ($2 section, $3 text,
-- $4 speaker or NULL, $5 actor) with the next seq and a history entry; its id and JSON.
WITH ins AS (INSERT INTO statements (article_id, seq, section, text, speaker_id, method, confidence, published_at)
  SELECT a.id, (SELECT coalesce(max(seq), -1) + 1 FROM statements WHERE article_id = a.id), $2, $3, $4::bigint, 'manual', CASE WHEN $4::bigint IS NULL THEN NULL ELSE 1 END, a.published_at
  FROM articles a
  WHERE a.id = $1
  RETURNING *),
h AS (INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by)
  SELECT id, speaker_id, method, cue, confidence, $5
  FROM ins)
SELECT ins.id, json_build_object('id', ins.id, 'article_id', ins.article_id, 'seq', ins.seq, 'section', ins.section, 'text', ins.text, 'start', ins.start_offset, 'end', ins.end_offset, 'speaker', CASE WHEN sp.id IS NULL THEN NULL ELSE json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name) END, 'attribution', CASE WHEN ins.method IS NULL THEN NULL ELSE json_build_object('cue', ins.cue, 'method', ins.method, 'confidence', round(ins.confidence::numeric, 3), 'evidence', ins.evidence) END, 'quotes', to_json(ins.quotes), 'mentions', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'slug', m.slug, 'name', m.name) ORDER BY array_position(ins.mention_ids, m.id)), '[]') FROM speakers m WHERE m.id = ANY(ins.mention_ids)), 'published_at', ins.published_at)::text
FROM ins
LEFT
JOIN speakers sp ON sp.id = ins.speaker_id
