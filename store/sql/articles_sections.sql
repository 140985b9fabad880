-- articles_sections: article $1's sections become $2 (updated_at moves only when they change).
UPDATE articles
SET sections = $2::text[], updated_at = now()
WHERE id = $1 AND sections IS DISTINCT
FROM $2::text[]
