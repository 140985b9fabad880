-- statements_history: the attribution history of statement $1, oldest first, as one JSON array
-- (no row when the statement does not exist).
SELECT (SELECT coalesce(json_agg(json_build_object('speaker', coalesce(CASE WHEN sp.id IS NULL THEN NULL ELSE json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name) END, h.speaker_ref), 'method', h.method, 'cue', h.cue, 'confidence', round(h.confidence::numeric, 3), 'changed_at', rfc3339(h.changed_at), 'changed_by', h.changed_by) ORDER BY h.id), '[]')::text
  FROM attribution_history h
  LEFT
  JOIN speakers sp ON sp.id = h.speaker_id
  WHERE h.statement_id = s.id)
FROM statements s
WHERE s.id = $1::bigint
