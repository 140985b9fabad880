-- articles_body: the body of article $1.
SELECT body
FROM articles
WHERE id = $1
