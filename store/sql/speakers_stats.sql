-- speakers_stats: speaker $1's statements counted, all from the counts migration 005 keeps
-- (speaker_facts): a few index rows per facet, whatever the number of statements.
SELECT json_build_object('speaker', json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name),
  'statement_count', coalesce((SELECT f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'all'), 0),
  'by_month', (SELECT coalesce(json_agg(json_build_object('month', f.key, 'count', f.n) ORDER BY f.key NULLS LAST), '[]')
    FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'month'),
  'by_section', (SELECT coalesce(json_agg(json_build_object('section', t.key, 'count', t.n) ORDER BY t.n DESC, t.key NULLS LAST), '[]')
    FROM (SELECT f.key, f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'section'
          ORDER BY f.n DESC, f.key NULLS LAST LIMIT 100) t),
  'by_cue', (SELECT coalesce(json_agg(json_build_object('cue', t.key, 'count', t.n) ORDER BY t.n DESC, t.key NULLS LAST), '[]')
    FROM (SELECT f.key, f.n FROM speaker_facts f WHERE f.speaker_id = sp.id AND f.facet = 'cue'
          ORDER BY f.n DESC, f.key NULLS LAST LIMIT 100) t),
  'co_mentioned', (SELECT coalesce(json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name, 'count', t.n) ORDER BY t.n DESC, t.id), '[]')
    FROM (SELECT m.id, m.slug, m.name, f.n FROM speaker_facts f JOIN speakers m ON m.id = f.key::bigint
          WHERE f.speaker_id = sp.id AND f.facet = 'mention' ORDER BY f.n DESC, m.id LIMIT 10) t))::text
FROM speakers sp
WHERE sp.id = $1
