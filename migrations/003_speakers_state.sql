-- 003_speakers_state: a transactional version of the speakers table for the
-- text engine's roster cache. The speakers_version sequence moves as soon as
-- a speaker write runs, before it commits (sequences ignore transactions), so
-- a cache rebuilt in that window would be labelled with the new version while
-- missing the change. This counter is a row: it moves when the write commits.
CREATE TABLE speakers_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL
);
INSERT INTO speakers_state (version) VALUES (1);

CREATE FUNCTION speakers_state_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE speakers_state SET version = version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER speakers_state_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON speakers
  FOR EACH STATEMENT EXECUTE FUNCTION speakers_state_bump();

-- speakers_state replaces the sequence of 001: one version mechanism, not two.
DROP TRIGGER speakers_changed ON speakers;
DROP FUNCTION speakers_touch();
DROP SEQUENCE speakers_version;
