-- 012_speaker_fact_deltas: the speaker counts of 005 as append-only deltas, rolled up lazily.
--
-- 005's triggers upserted each write's grouped deltas into speaker_facts under the rows' locks:
-- every POST of an article quoting the same speakers updated the same rows ('all', this month,
-- the cue 'said'), so concurrent POSTs waited for each other's commit, and each of the three
-- statement triggers of a merge (insert, update, delete: the last two with empty transition
-- tables) ran speaker_facts_add, a two-statement SQL function planned again on every call
-- (1.7-4 ms of a POST's 10 ms of database time, auto_explain with log_triggers).
--
-- Now a write only INSERTs its grouped deltas into speaker_fact_deltas: no unique key, no
-- conflict, no row lock, nothing to wait for. speaker_facts becomes a view, the sum of the
-- rolled-up counts (speaker_facts_rolled, 005's table renamed) and the deltas not yet rolled
-- up, without the keys whose sum is zero, so every reader (speakers_get/list/stats, tests)
-- reads exactly what it read before; a reader's filter on speaker_id/facet/key reaches both
-- tables' indexes through the GROUP BY. speaker_facts_rollup() moves the deltas into
-- speaker_facts_rolled in one statement (DELETE ... RETURNING into the upsert, in key order)
-- and drops the rolled rows that reached zero. It runs in the writing transaction after every
-- ROLLUP_EVERY-th write that added deltas, and only when no other rollup holds its advisory
-- lock (pg_try_advisory_xact_lock: a writer never waits for one); any session may also call it.
-- Atomicity: a rollup deletes deltas and adds them to the rolled rows in one transaction, so a
-- snapshot sees each delta exactly once, before (as a delta) or after (in the rolled row); two
-- rollups never both take a delta (the second's DELETE finds it gone).
--
-- Cost on a big table: catalog changes only (a rename, a view, functions, an empty table): no
-- rewrite, no scan of statements, instant at any size. It takes an ACCESS EXCLUSIVE lock on
-- speaker_facts for the rename, for as long as the migration's transaction lasts (milliseconds).
-- A running older saywho keeps working: its statements name speaker_facts, now the view.
ALTER TABLE speaker_facts RENAME TO speaker_facts_rolled;
ALTER TABLE speaker_facts_rolled RENAME CONSTRAINT speaker_facts_key TO speaker_facts_rolled_key;
-- Only rollups write it, and they change no sum: nothing for the response cache to flush.
DROP TRIGGER speaker_facts_cache_notify ON speaker_facts_rolled;
-- A rollup drops the rows it brought to zero: found by this index, not by a scan.
CREATE INDEX speaker_facts_rolled_zero ON speaker_facts_rolled (speaker_id) WHERE n = 0;

-- One row per (writing statement, speaker, facet, key): the statement's grouped delta.
CREATE TABLE speaker_fact_deltas (
  speaker_id  bigint NOT NULL,
  facet       text NOT NULL,
  key         text,
  n           bigint NOT NULL
);
CREATE INDEX speaker_fact_deltas_key ON speaker_fact_deltas (speaker_id, facet, key);
-- No cache trigger on it: deltas are written only by the statements triggers, in the same
-- statement as the statements write whose own trigger notifies.

CREATE VIEW speaker_facts AS
  SELECT speaker_id, facet, key, sum(n)::bigint AS n
    FROM (SELECT speaker_id, facet, key, n FROM speaker_facts_rolled
          UNION ALL
          SELECT speaker_id, facet, key, n FROM speaker_fact_deltas) u
   GROUP BY speaker_id, facet, key
  HAVING sum(n) <> 0;

CREATE SEQUENCE speaker_fact_writes;

-- Moves every visible delta into speaker_facts_rolled; false when another rollup holds the lock.
CREATE FUNCTION speaker_facts_rollup() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('speaker_facts_rollup')) THEN
    RETURN false;
  END IF;
  WITH d AS (DELETE FROM speaker_fact_deltas RETURNING speaker_id, facet, key, n)
  INSERT INTO speaker_facts_rolled AS t (speaker_id, facet, key, n)
    SELECT speaker_id, facet, key, sum(n)::bigint FROM d
     GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3 NULLS FIRST
    ON CONFLICT ON CONSTRAINT speaker_facts_rolled_key DO UPDATE SET n = t.n + excluded.n;
  DELETE FROM speaker_facts_rolled WHERE n = 0;
  RETURN true;
END $$;

-- The statements' attributed rows of new_rows count +1, of old_rows -1, as deltas; every
-- 32nd write that added some rolls up (32 seed-article POSTs: about 600 delta rows).
CREATE OR REPLACE FUNCTION speaker_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added bigint;
BEGIN
  -- One query per operation: a transition table exists only where the trigger has it.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO speaker_fact_deltas (speaker_id, facet, key, n)
    SELECT s.speaker_id, f.facet, f.key, count(*) FROM new_rows s,
           speaker_facets(s.speaker_id, s.published_at, s.section, s.cue, s.mention_ids) f
     WHERE s.speaker_id IS NOT NULL GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO speaker_fact_deltas (speaker_id, facet, key, n)
    SELECT s.speaker_id, f.facet, f.key, -count(*) FROM old_rows s,
           speaker_facets(s.speaker_id, s.published_at, s.section, s.cue, s.mention_ids) f
     WHERE s.speaker_id IS NOT NULL GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO speaker_fact_deltas (speaker_id, facet, key, n)
    SELECT c.speaker_id, f.facet, f.key, sum(c.sign) FROM (
             SELECT n.speaker_id, n.published_at, n.section, n.cue, n.mention_ids, 1 AS sign
               FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE (n.speaker_id, n.published_at, n.section, n.cue, n.mention_ids)
                    IS DISTINCT FROM (o.speaker_id, o.published_at, o.section, o.cue, o.mention_ids)
             UNION ALL
             SELECT o.speaker_id, o.published_at, o.section, o.cue, o.mention_ids, -1
               FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE (n.speaker_id, n.published_at, n.section, n.cue, n.mention_ids)
                    IS DISTINCT FROM (o.speaker_id, o.published_at, o.section, o.cue, o.mention_ids)
           ) c, speaker_facets(c.speaker_id, c.published_at, c.section, c.cue, c.mention_ids) f
     WHERE c.speaker_id IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(c.sign) <> 0;
  END IF;
  GET DIAGNOSTICS added = ROW_COUNT;
  IF added > 0 AND nextval('speaker_fact_writes') % 32 = 0 THEN
    PERFORM speaker_facts_rollup();
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION speaker_facts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE speaker_facts_rolled, speaker_fact_deltas;
  RETURN NULL;
END $$;

-- 005's upsert has no caller left.
DROP FUNCTION speaker_facts_add(bigint[], text[], text[], bigint[]);
