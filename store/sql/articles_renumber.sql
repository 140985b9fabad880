-- articles_renumber: renumbers article $1's statements in body order, hand-added ones last.
UPDATE statements s
SET seq = r.rn - 1
FROM (SELECT id, row_number() OVER (ORDER BY start_offset IS NULL, start_offset, seq) AS rn
  FROM statements
  WHERE article_id = $1) r
WHERE s.id = r.id AND s.seq <> r.rn - 1
