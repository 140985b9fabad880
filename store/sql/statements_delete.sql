-- statements_delete: deletes statement $1 (its history goes by cascade); its id, or no row.
DELETE
FROM statements
WHERE id = $1::bigint
RETURNING id
