-- store_replay_lsn: how far a streaming replica has replayed the primary's WAL;
-- every transaction whose commit record ends at or before it is visible there.
-- NULL on a server that is not in recovery (a primary, a promoted replica).
SELECT pg_last_wal_replay_lsn()::text
