-- articles_insert: a new article ($1 title .. $7 language, $8 body, $9 sections); no row when an
-- article with the same source and body exists (a concurrent post won).
INSERT INTO articles (title, source, byline, credit, published_at, url, language, body, sections, body_hash)
VALUES ($1, $2, $3, $4, $5::date, $6, coalesce($7, 'en'), $8::text, $9::text[], sha256(convert_to($8::text, 'UTF8')))
ON CONFLICT ON CONSTRAINT articles_same_text DO NOTHING
RETURNING id
