-- 004_roster_cap: at most 100,000 speakers, the text engine's roster limit
-- (ROSTER_MAX_SPEAKERS in text/roster.h; tests/integration/test_roster_cap.c
-- checks that the two agree). Past it the engine cannot compile the roster and
-- every ingest failed; now the insert that would pass it fails instead, with
-- SQLSTATE 54000 (program_limit_exceeded), which the API answers with 422.
-- The speakers_state row is locked first, so concurrent inserts count one
-- after the other (each plpgsql statement sees what committed before it).
CREATE FUNCTION speakers_cap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM speakers_state FOR UPDATE;
  IF (SELECT count(*) FROM speakers) >= 100000 THEN
    RAISE EXCEPTION 'the roster is full: at most 100000 speakers; delete one first'
      USING ERRCODE = 'program_limit_exceeded';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER speakers_cap BEFORE INSERT ON speakers
  FOR EACH ROW EXECUTE FUNCTION speakers_cap();
