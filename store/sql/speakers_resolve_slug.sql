-- speakers_resolve_slug: the id of the speaker with slug $1, or no row.
SELECT id
FROM speakers
WHERE slug = $1
