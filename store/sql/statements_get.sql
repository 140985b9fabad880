-- statements_get: one statement ($1 id) as the API's JSON.
SELECT json_build_object('id', st.id, 'article_id', st.article_id, 'seq', st.seq,
         'section', st.section, 'text', st.text, 'start', st.start_offset, 'end', st.end_offset,
         'speaker', CASE WHEN sp.id IS NULL THEN NULL
                         ELSE json_build_object('id', sp.id, 'slug', sp.slug, 'name', sp.name) END,
         'attribution', CASE WHEN st.method IS NULL THEN NULL
                             ELSE json_build_object('cue', st.cue, 'method', st.method,
                                    'confidence', round(st.confidence::numeric, 3),
                                    'evidence', st.evidence) END,
         'quotes', to_json(st.quotes),
         'mentions', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'slug', m.slug,
                                       'name', m.name) ORDER BY array_position(st.mention_ids, m.id)), '[]')
                        FROM speakers m WHERE m.id = ANY (st.mention_ids)),
         'published_at', st.published_at)
  FROM statements st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
 WHERE st.id = $1::bigint
