-- 010_speakers_lock_order: every write to speakers takes the speakers_state row lock before it
-- touches a speakers row. Inserts already did (speakers_cap, 004); updates and deletes took it
-- only in their AFTER trigger (003), after changing their row. So an insert holding the lock
-- that met a slug just deleted or updated by another transaction waited for that transaction,
-- which waited for the lock: a deadlock, answered 503. One lock order, no cycle.
CREATE FUNCTION speakers_lock_roster() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM speakers_state FOR UPDATE;
  RETURN NULL;
END $$;

CREATE TRIGGER speakers_lock_roster BEFORE UPDATE OR DELETE ON speakers
  FOR EACH STATEMENT EXECUTE FUNCTION speakers_lock_roster();
