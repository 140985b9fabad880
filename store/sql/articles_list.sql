-- articles_list: a page of articles, newest first (published_at, undated last, DESC, then id
-- DESC), without their statements but with statement_count. The shape keeps the lines whose
-- trailing "when:" tags the request has (see README.md).
--   $1 source, $2 from, $3 to (inclusive), $4 speaker id (articles where the speaker has a
--   statement), $5 $6 the key (day, id) after which the page starts, $7 rows (page size + 1).
SELECT json_build_object('id', a.id, 'title', a.title, 'source', a.source, 'byline', a.byline,
         'credit', a.credit, 'published_at', a.published_at, 'url', a.url,
         'language', a.language, 'body', a.body, 'sections', to_json(a.sections),
         'statement_count', (SELECT count(*) FROM statements c WHERE c.article_id = a.id),
         'created_at', rfc3339(a.created_at), 'updated_at', rfc3339(a.updated_at))::text,
       coalesce(a.published_at, '-infinity'::date)::text, a.id
  FROM articles a
 WHERE true
   AND lower(a.source) = lower($1::text)                                     -- when: source
   AND a.published_at >= $2::date                                            -- when: from
   AND a.published_at <= $3::date                                            -- when: to
   AND EXISTS (SELECT 1 FROM statements s                                    -- when: speaker
                WHERE s.article_id = a.id AND s.speaker_id = $4::bigint)     -- when: speaker
   AND (coalesce(a.published_at, '-infinity'::date), a.id) < ($5::date, $6::bigint) -- when: after
 ORDER BY coalesce(a.published_at, '-infinity'::date) DESC, a.id DESC
 LIMIT $7::integer
