-- statements_list: a page of statements in list order, newest first: day (published_at,
-- undated last) DESC, article_id DESC, seq. A request's shape keeps only the lines whose
-- trailing "when:" tags it has (see README.md): no filter is a no-op in SQL, so every shape
-- is a plan of its own, built once per connection and generic (no parameter decides it).
--   $1 speaker slug, $2 rows (page size + 1), $3 speaker id, $4 article id, $5 section,
--   $6 cue, $7 from, $8 to (inclusive, on published_at), $9 $10 $11 the sort key (day,
--   article id, seq) after which the page starts.
-- The key condition is one index range: (day, article_id) <= the key's, which the index
-- walks from the key on, and a filter that drops the key's own article up to its seq.
-- The inner LIMIT is the largest page + 1 (LIMIT_MAX + 1) as a constant, so the generic plan
-- is costed for a page, not for a guessed share of the table (with "LIMIT $2" it walks the
-- list-order index and filters by speaker, fine for a frequent speaker and slow for a rare
-- one); the outer LIMIT $2 stops the scan after the rows the request asked for.
SELECT st.day::text, st.article_id, st.seq,
       json_build_object('id', st.id, 'article_id', st.article_id, 'seq', st.seq,
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
  FROM (SELECT st.id, st.article_id, st.seq, st.section, st.text, st.start_offset, st.end_offset,
               st.speaker_id, st.method, st.cue, st.confidence, st.evidence, st.quotes,
               st.mention_ids, st.published_at, coalesce(st.published_at, '-infinity'::date) AS day
          FROM statements st
         WHERE true
           AND st.speaker_id = (SELECT id FROM speakers WHERE slug = $1::text)  -- when: speaker_slug
           AND st.speaker_id = $3::bigint                                      -- when: speaker_id
           AND st.speaker_id IS NULL                                           -- when: narration
           AND st.article_id = $4::bigint                                      -- when: article
           AND st.section = $5::text                                           -- when: section
           AND st.cue = $6::text                                               -- when: cue
           AND coalesce(st.published_at, '-infinity'::date) >= $7::date         -- when: from
           AND coalesce(st.published_at, '-infinity'::date) <= $8::date         -- when: to
           AND st.published_at IS NOT NULL                                     -- when: to
           AND (coalesce(st.published_at, '-infinity'::date), st.article_id)   -- when: after
               <= ($9::date, $10::bigint)                                      -- when: after
           AND ((coalesce(st.published_at, '-infinity'::date), st.article_id)  -- when: after
                < ($9::date, $10::bigint) OR st.seq > $11::integer)            -- when: after
         ORDER BY coalesce(st.published_at, '-infinity'::date) DESC, st.article_id DESC, st.seq
         LIMIT 501) st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
 ORDER BY st.day DESC, st.article_id DESC, st.seq
 LIMIT $2::integer
