-- speakers_free_slug: the first of base $1, $1-2, $1-3, ... that no speaker has ("none" is reserved);
-- among count(taken) + 2 candidates one is always free.
WITH taken AS (SELECT slug
  FROM speakers
  WHERE slug = $1 OR slug LIKE $1 || '-%')
SELECT c.s
FROM (SELECT $1::text AS s, 1 AS n
  UNION ALL
  SELECT $1 || '-' || g, g
  FROM generate_series(2, (SELECT count(*) FROM taken) + 2) g) c
WHERE c.s <> 'none' AND c.s NOT IN (SELECT slug
  FROM taken)
ORDER BY c.n
LIMIT 1
