-- articles_lock: locks article $1 against concurrent merges and additions.
SELECT id
FROM articles
WHERE id = $1 FOR UPDATE
