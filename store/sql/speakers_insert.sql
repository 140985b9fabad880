-- speakers_insert: a new speaker ($1 slug, $2 name, $3 aliases as a JSON array, $4 title, $5 country);
-- its JSON and id, or no row when the slug is taken.
WITH sp AS (INSERT INTO speakers (slug, name, aliases, title, country)
  VALUES ($1, $2, ARRAY(SELECT a FROM json_array_elements_text($3::json) WITH ORDINALITY t(a, i) ORDER BY i), $4, $5)
  ON CONFLICT (slug) DO NOTHING
  RETURNING *)
SELECT json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name, 'aliases', to_json(sp.aliases), 'title', sp.title, 'country', sp.country, 'statement_count', coalesce((SELECT f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'all'), 0), 'created_at', rfc3339(sp.created_at), 'updated_at', rfc3339(sp.updated_at)), sp.id
FROM sp
