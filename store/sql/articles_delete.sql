-- articles_delete: deletes article $1 (statements and history go by cascade).
DELETE
FROM articles
WHERE id = $1
RETURNING id
