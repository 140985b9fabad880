-- speakers_list: a page of speakers in id order after id $1, $3 rows at most; with the "q"
-- shape only those whose name or an alias contains $2, case-insensitively.
SELECT json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name,
         'aliases', to_json(sp.aliases), 'title', sp.title, 'country', sp.country,
         'statement_count', coalesce((SELECT f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'all'), 0),
         'created_at', rfc3339(sp.created_at), 'updated_at', rfc3339(sp.updated_at)),
       sp.id
  FROM speakers sp
 WHERE sp.id > $1::bigint
   AND (strpos(lower(sp.name), lower($2::text)) > 0                            -- when: q
        OR EXISTS (SELECT 1 FROM unnest(sp.aliases) a                          -- when: q
                    WHERE strpos(lower(a), lower($2::text)) > 0))              -- when: q
 ORDER BY sp.id
 LIMIT $3::integer
