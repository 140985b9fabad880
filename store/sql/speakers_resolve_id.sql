-- speakers_resolve_id: the id of speaker $1 (an id), or no row.
SELECT id
FROM speakers
WHERE id = $1::bigint
