-- statements_search: a page of the statements matching the full-text query $12 (websearch
-- syntax, English), by relevance (ts_rank_cd DESC), then in list order. The filters are those
-- of statements_list.sql, with the same tags; "after" starts after the key ($13 rank, $9 day,
-- $10 article id, $11 seq). Matches are found by the GIN index and ranked in full, so a page
-- costs what the match count does.
--   $1 speaker slug, $2 rows (page size + 1), $3 speaker id, $4 article id, $5 section,
--   $6 cue, $7 from, $8 to, $9 $10 $11 $13 the key, $12 the query.
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
         'published_at', st.published_at),
       st.rank::text
  FROM (SELECT st.id, st.article_id, st.seq, st.section, st.text, st.start_offset, st.end_offset,
               st.speaker_id, st.method, st.cue, st.confidence, st.evidence, st.quotes,
               st.mention_ids, st.published_at, coalesce(st.published_at, '-infinity'::date) AS day,
               ts_rank_cd(st.tsv, query) AS rank
          FROM statements st, websearch_to_tsquery('english', $12::text) query
         WHERE st.tsv @@ query
           AND st.speaker_id = (SELECT id FROM speakers WHERE slug = $1::text)  -- when: speaker_slug
           AND st.speaker_id = $3::bigint                                      -- when: speaker_id
           AND st.speaker_id IS NULL                                           -- when: narration
           AND st.article_id = $4::bigint                                      -- when: article
           AND st.section = $5::text                                           -- when: section
           AND st.cue = $6::text                                               -- when: cue
           AND coalesce(st.published_at, '-infinity'::date) >= $7::date         -- when: from
           AND coalesce(st.published_at, '-infinity'::date) <= $8::date         -- when: to
           AND st.published_at IS NOT NULL                                     -- when: to
       ) st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
 WHERE true
   AND (st.rank < $13::real OR (st.rank = $13::real                           -- when: after
        AND ((st.day, st.article_id) < ($9::date, $10::bigint)                -- when: after
             OR (st.day = $9::date AND st.article_id = $10::bigint            -- when: after
                 AND st.seq > $11::integer))))                                -- when: after
 ORDER BY st.rank DESC, st.day DESC, st.article_id DESC, st.seq
 LIMIT $2::integer
