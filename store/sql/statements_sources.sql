-- statements_sources: the source of each article of $1 (an array of ids), by id; an export's
-- CSV rows carry it, and one query per chunk of statements costs less than a join per page.
SELECT id, source
FROM articles
WHERE id = ANY($1::bigint[])
ORDER BY id
