-- articles_find_same: the id of the stored article with source $1 (absent: no source, the
-- "nosource" shape) and body $2, or no row. Same = same source and same body hash. The hash
-- is a sub-select so that it is computed once (an InitPlan) whatever plan is cached: a generic
-- plan built while the table was empty scans it and, with the plain expression, hashed the
-- body again for every row (3.8 ms against 1.5 ms at 3,000 articles, until ANALYZE replans).
SELECT id
  FROM articles
 WHERE true
   AND source = $1::text                                 -- when: source
   AND source IS NULL                                    -- when: !source
   AND body_hash = (SELECT sha256(convert_to($2::text, 'UTF8')))
 LIMIT 1
