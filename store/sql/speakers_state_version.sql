-- speakers_state_version: the speakers version (one row by primary key).
SELECT version
FROM speakers_state
