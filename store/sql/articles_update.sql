-- articles_update: updates the metadata of article $1 ($2, $4, ... say whether $3, $5, ... apply) and
-- the statements' copies of published_at and source; the id, or no row.
WITH a AS (UPDATE articles
  SET title = CASE WHEN $2::boolean THEN $3::text ELSE title END, source = CASE WHEN $4::boolean THEN $5::text ELSE source END, byline = CASE WHEN $6::boolean THEN $7::text ELSE byline END, credit = CASE WHEN $8::boolean THEN $9::text ELSE credit END, published_at = CASE WHEN $10::boolean THEN $11::date ELSE published_at END, url = CASE WHEN $12::boolean THEN $13::text ELSE url END, updated_at = now()
  WHERE id = $1
  RETURNING id, published_at, source),
s AS (UPDATE statements st
  SET published_at = a.published_at, source = a.source
  FROM a
  WHERE st.article_id = a.id AND (st.published_at IS DISTINCT FROM a.published_at
                                  OR st.source IS DISTINCT FROM a.source))
SELECT id
FROM a
