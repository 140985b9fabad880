-- store_wal_lsn: the primary's WAL write position, read after a write's COMMIT
-- (Saywho-Commit-LSN) and by the replica monitor and the cache's listener.
-- With synchronous_commit on (the default) COMMIT returns once its record is
-- flushed, so this is at or past the end of every transaction committed before.
SELECT pg_current_wal_lsn()::text
