-- speakers_lock: locks speaker $1's row until the transaction ends (If-Match checks and the
-- write they guard run under it).
SELECT id
FROM speakers
WHERE id = $1 FOR UPDATE
