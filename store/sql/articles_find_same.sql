-- articles_find_same: the id of the stored article with source $1 (absent: no source, the
-- "nosource" shape) and body $2, or no row. Same = same source and same body hash.
SELECT id
  FROM articles
 WHERE true
   AND source = $1::text                                 -- when: source
   AND source IS NULL                                    -- when: !source
   AND body_hash = sha256(convert_to($2::text, 'UTF8'))
 LIMIT 1
