-- articles_list_q: a page of the articles having a statement that matches the full-text
-- query $8, by their best statement's rank, then newest first; the filters and tags are those
-- of articles_list.sql, and "after" starts after the key ($9 rank, $5 day, $6 id).
SELECT json_build_object('id', a.id, 'title', a.title, 'source', a.source, 'byline', a.byline,
         'credit', a.credit, 'published_at', a.published_at, 'url', a.url,
         'language', a.language, 'body', a.body, 'sections', to_json(a.sections),
         'statement_count', (SELECT count(*) FROM statements c WHERE c.article_id = a.id),
         'created_at', rfc3339(a.created_at), 'updated_at', rfc3339(a.updated_at))::text,
       coalesce(a.published_at, '-infinity'::date)::text, a.id, m.rank::text
  FROM (SELECT s.article_id, max(ts_rank_cd(s.tsv, search_own(q.parses, s.search_config))) AS rank
          FROM statements s,
               (SELECT p AS parses, search_any(p) AS query FROM search_parses($8::text) p) q
         WHERE s.tsv @@ q.query
           AND ts_match_vq(s.tsv, search_own(q.parses, s.search_config))
         GROUP BY s.article_id) m
  JOIN articles a ON a.id = m.article_id
 WHERE true
   AND lower(a.source) = lower($1::text)                                     -- when: source
   AND a.published_at >= $2::date                                            -- when: from
   AND a.published_at <= $3::date                                            -- when: to
   AND EXISTS (SELECT 1 FROM statements s                                    -- when: speaker
                WHERE s.article_id = a.id AND s.speaker_id = $4::bigint)     -- when: speaker
   AND (m.rank, coalesce(a.published_at, '-infinity'::date), a.id)           -- when: after
       < ($9::real, $5::date, $6::bigint)                                    -- when: after
 ORDER BY m.rank DESC, coalesce(a.published_at, '-infinity'::date) DESC, a.id DESC
 LIMIT $7::integer
