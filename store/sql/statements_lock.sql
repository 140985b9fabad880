-- statements_lock: locks statement $1's row until the transaction ends (If-Match checks
-- and the write it guards run under it).
SELECT id FROM statements WHERE id = $1::bigint FOR UPDATE
