-- speakers_update: updates speaker $1 ($2 name, $3 slug, $4 aliases as JSON, each NULL = unchanged;
-- $5/$7 say whether title $6 / country $8 change); its JSON.
WITH sp AS (UPDATE speakers
  SET name = coalesce($2, name), slug = coalesce($3, slug), aliases = CASE WHEN $4::json IS NULL THEN aliases ELSE ARRAY(SELECT a FROM json_array_elements_text($4::json) WITH ORDINALITY t(a, i) ORDER BY i) END, title = CASE WHEN $5::boolean THEN $6 ELSE title END, country = CASE WHEN $7::boolean THEN $8 ELSE country END, updated_at = now()
  WHERE id = $1
  RETURNING *)
SELECT json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name, 'aliases', to_json(sp.aliases), 'title', sp.title, 'country', sp.country, 'statement_count', coalesce((SELECT f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'all'), 0), 'created_at', rfc3339(sp.created_at), 'updated_at', rfc3339(sp.updated_at))
FROM sp
