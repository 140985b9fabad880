-- speakers_delete: deletes speaker $1 (by $2): statements keep their place but lose speaker and
-- attribution, each with a history entry; earlier entries keep a snapshot of who the
-- speaker was. The statements update runs first, so ON DELETE SET NULL finds nothing left.
WITH sp AS (SELECT id
  FROM speakers
  WHERE id = $1 FOR UPDATE),
st AS (UPDATE statements s
  SET speaker_id = NULL, method = NULL, cue = NULL, confidence = NULL, evidence = NULL, updated_at = now()
  FROM sp
  WHERE s.speaker_id = sp.id
  RETURNING s.id),
h AS (INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by)
  SELECT id, NULL, NULL, NULL, NULL, $2
  FROM st),
snap AS (UPDATE attribution_history h
  SET speaker_ref = json_build_object('id', s.id, 'slug', s.slug, 'name', s.name)
  FROM speakers s
  JOIN sp ON sp.id = s.id
  WHERE h.speaker_id = s.id),
d AS (DELETE
  FROM speakers
  WHERE id IN (SELECT id FROM sp)
  RETURNING id)
SELECT count(*)
FROM d
