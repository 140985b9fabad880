-- articles_get: article $1 as rows for the C JSON writer (store/statement_json.h): its kept
-- document (kind 'd': id, and the JSON in the text column; migrations/015_article_docs.sql) or,
-- when it has none, the rows it is rendered from: the article (kind 'a': id, published_at and
-- its own columns after the statement columns, last its doc's gen and the speakers' names
-- version), the speakers its
-- statements mention (kind 'm', by id) and its statements (kind 's', by seq). One query, no
-- sub-select per row; no row when the article does not exist (its statements and doc go with
-- it: ON DELETE CASCADE). statement_count is the number of 's' rows.
-- A kept document stops the other branches before they read a row: their "no doc" condition
-- depends on no row of theirs, so it is a one-time filter (an InitPlan run once).
-- Each branch reads its rows by index on its own: CTEs of the article and its statements, read
-- once and scanned again, cost more (materialised, and a hashed IN over them) than the second
-- index scan of the statements (pgbench -M prepared, 20,000 articles of 40: 9.1-9.5k against
-- 10.7-11.3k tps).
-- The mentioned ids come as one array (an InitPlan) that the speakers are filtered by: an IN
-- over the unnested ids built a hashed aggregate and a hash join per execution, whose set-up
-- cost more than the rest of the branch (pgbench -M prepared, 20,000 articles of 40, four
-- alternated pairs: 4.7-7.3k against 6.6-8.8k tps).
-- The branches are concatenated in the order written (UNION ALL is an Append, and these plans
-- are never parallel), each sorted on its own: sorting the whole result instead cost a third of
-- the time (measured on the speaker page).
SELECT 'd' AS kind, d.article_id AS id, NULL::bigint AS article_id, NULL::integer AS seq,
       NULL AS section, d.doc AS text, NULL::integer AS start_offset, NULL::integer AS end_offset,
       NULL::bigint AS speaker_id, NULL AS slug, NULL AS name, NULL::attribution_method AS method,
       NULL AS cue, NULL::real AS confidence, NULL AS evidence, NULL::json AS quotes,
       NULL::bigint[] AS mention_ids, NULL::date AS published_at, NULL AS title, NULL AS source,
       NULL AS byline, NULL AS credit, NULL AS url, NULL AS language, NULL AS body,
       NULL::json AS sections, NULL AS created_at, NULL AS updated_at, NULL::bigint AS gen,
       NULL::bigint AS names
  FROM article_docs d
 WHERE d.article_id = $1::bigint AND d.doc IS NOT NULL
   AND d.names = (SELECT names FROM speakers_state)
UNION ALL
SELECT 'a', a.id, NULL::bigint, NULL::integer, NULL, NULL, NULL::integer, NULL::integer,
       NULL::bigint, NULL, NULL, NULL::attribution_method, NULL, NULL::real, NULL, NULL::json,
       NULL::bigint[], a.published_at, a.title, a.source, a.byline, a.credit, a.url, a.language,
       a.body, to_json(a.sections), rfc3339(a.created_at), rfc3339(a.updated_at), d.gen,
       (SELECT names FROM speakers_state)
  FROM articles a
  LEFT JOIN article_docs d ON d.article_id = a.id
 WHERE a.id = $1::bigint
   AND NOT EXISTS (SELECT FROM article_docs k WHERE k.article_id = $1::bigint AND k.doc IS NOT NULL
                                AND k.names = (SELECT names FROM speakers_state))
UNION ALL
(SELECT 'm', m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::text, NULL::text,
       NULL::bigint, NULL::bigint
  FROM speakers m
 WHERE m.id = ANY (ARRAY(SELECT unnest(s.mention_ids) FROM statements s
                          WHERE s.article_id = $1::bigint))
   AND NOT EXISTS (SELECT FROM article_docs k WHERE k.article_id = $1::bigint AND k.doc IS NOT NULL
                                AND k.names = (SELECT names FROM speakers_state))
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
 WHERE st.article_id = $1::bigint
   AND NOT EXISTS (SELECT FROM article_docs k WHERE k.article_id = $1::bigint AND k.doc IS NOT NULL
                                AND k.names = (SELECT names FROM speakers_state))
  ORDER BY st.seq)
