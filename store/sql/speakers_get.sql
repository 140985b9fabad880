-- speakers_get: speaker $1 as the API's JSON.
SELECT json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name, 'aliases', to_json(sp.aliases), 'title', sp.title, 'country', sp.country, 'statement_count', (SELECT count(*) FROM statements c WHERE c.speaker_id = sp.id), 'created_at', rfc3339(sp.created_at), 'updated_at', rfc3339(sp.updated_at))
FROM speakers sp
WHERE sp.id = $1
