-- articles_get_many: the articles of the ids $1 with their statements, as rows for the C JSON
-- writer (store/statement_json.h), for the reads that wait together on one pipelined connection
-- (server/pipeline.h): the kept documents (kind 'd', by id) and, for the ids without one, the
-- articles (kind 'a', by id), every speaker their statements mention
-- (kind 'm', by id, each once) and their statements (kind 's', by article, then seq). An id that
-- does not exist has no rows. Each read renders its own article from the shared result
-- (statement_rows_of_article()); articles_get.sql gives the same rows for one id, and says why
-- each branch is written as it is.
-- The ids without a kept document come as one array (an InitPlan of each branch).
(SELECT 'd' AS kind, d.article_id AS id, NULL::bigint AS article_id, NULL::integer AS seq,
       NULL AS section, d.doc AS text, NULL::integer AS start_offset, NULL::integer AS end_offset,
       NULL::bigint AS speaker_id, NULL AS slug, NULL AS name, NULL::attribution_method AS method,
       NULL AS cue, NULL::real AS confidence, NULL AS evidence, NULL::json AS quotes,
       NULL::bigint[] AS mention_ids, NULL::date AS published_at, NULL AS title, NULL AS source,
       NULL AS byline, NULL AS credit, NULL AS url, NULL AS language, NULL AS body,
       NULL::json AS sections, NULL AS created_at, NULL AS updated_at, NULL::bigint AS gen,
       NULL::bigint AS names
  FROM article_docs d
 WHERE d.article_id = ANY ($1::bigint[]) AND d.doc IS NOT NULL
   AND d.names = (SELECT names FROM speakers_state)
  ORDER BY d.article_id)
UNION ALL
(SELECT 'a', a.id, NULL::bigint, NULL::integer, NULL, NULL, NULL::integer, NULL::integer,
       NULL::bigint, NULL, NULL, NULL::attribution_method, NULL, NULL::real, NULL, NULL::json,
       NULL::bigint[], a.published_at, a.title, a.source, a.byline, a.credit, a.url, a.language,
       a.body, to_json(a.sections), rfc3339(a.created_at), rfc3339(a.updated_at), d.gen,
       (SELECT names FROM speakers_state)
  FROM articles a
  LEFT JOIN article_docs d ON d.article_id = a.id
 WHERE a.id = ANY (ARRAY(SELECT i FROM unnest($1::bigint[]) i
               WHERE NOT EXISTS (SELECT FROM article_docs k WHERE k.article_id = i AND k.doc IS NOT NULL
                  AND k.names = (SELECT names FROM speakers_state))))
  ORDER BY a.id)
UNION ALL
(SELECT 'm', m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::text, NULL::text,
       NULL::bigint, NULL::bigint
  FROM speakers m
 WHERE m.id = ANY (ARRAY(SELECT unnest(s.mention_ids) FROM statements s
                          WHERE s.article_id = ANY (ARRAY(SELECT i FROM unnest($1::bigint[]) i
               WHERE NOT EXISTS (SELECT FROM article_docs k WHERE k.article_id = i AND k.doc IS NOT NULL
                  AND k.names = (SELECT names FROM speakers_state))))))
  ORDER BY id)
UNION ALL
(SELECT 's', st.id, st.article_id, st.seq, st.section, st.text, st.start_offset,
       st.end_offset, sp.id, sp.slug, sp.name, st.method, st.cue,
       st.confidence, st.evidence,
       CASE WHEN st.quotes <> '{}' THEN to_json(st.quotes) END, st.mention_ids, st.published_at,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL::bigint,
       NULL::bigint
  FROM statements st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
 WHERE st.article_id = ANY (ARRAY(SELECT i FROM unnest($1::bigint[]) i
               WHERE NOT EXISTS (SELECT FROM article_docs k WHERE k.article_id = i AND k.doc IS NOT NULL
                  AND k.names = (SELECT names FROM speakers_state))))
  ORDER BY st.article_id, st.seq)
