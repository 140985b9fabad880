-- speakers_get: speaker $1 as the API's JSON.
SELECT json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name, 'aliases', to_json(sp.aliases), 'title', sp.title, 'country', sp.country, 'statement_count', coalesce((SELECT f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'all'), 0), 'created_at', rfc3339(sp.created_at), 'updated_at', rfc3339(sp.updated_at))
FROM speakers sp
WHERE sp.id = $1
