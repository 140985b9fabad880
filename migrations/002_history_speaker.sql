-- 002_history_speaker: attribution history keeps who a speaker was after the speaker is
-- deleted (speaker_id then becomes NULL through the foreign key), and deleting a speaker
-- finds their history entries by index instead of scanning the whole history.

-- {"id", "slug", "name"} of the entry's speaker, written when that speaker is deleted.
ALTER TABLE attribution_history ADD COLUMN speaker_ref json;

CREATE INDEX attribution_history_speaker ON attribution_history (speaker_id)
  WHERE speaker_id IS NOT NULL;
