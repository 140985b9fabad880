-- 005_speaker_facts: statement counts per speaker, and per speaker by month, section,
-- cue and co-mentioned speaker, kept by triggers on statements so that GET /speakers
-- and GET /speakers/{id}/stats read a few rows instead of counting statements.
--
-- Each attributed statement adds 1 to its speaker's ('all', NULL) row, to one row of
-- each of 'month' (YYYY-MM of published_at, NULL undated), 'section' and 'cue' (NULL
-- when it has none), and to one 'mention' row per other speaker it names. Triggers are
-- per statement with transition tables, so a bulk write costs one grouped upsert; the
-- upsert adds under the row lock (n = n + delta), so concurrent writers never lose a
-- change, and takes its rows in key order, so two writers lock them in the same order.
CREATE TABLE speaker_facts (
  speaker_id  bigint NOT NULL,
  facet       text NOT NULL CHECK (facet IN ('all', 'month', 'section', 'cue', 'mention')),
  key         text,
  n           bigint NOT NULL, -- no CHECK (n >= 0): the upsert proposes negative deltas
  CONSTRAINT speaker_facts_key UNIQUE NULLS NOT DISTINCT (speaker_id, facet, key)
);
-- No foreign key: a deleted speaker's statements are set to NULL first (their rows go
-- to zero and are removed), and a key to a speaker row that is going would make the
-- order of the cascades matter.

-- The (facet, key) rows one statement of speaker adds to.
CREATE FUNCTION speaker_facets(speaker bigint, day date, section text, cue text, mentions bigint[])
RETURNS TABLE (facet text, key text) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT 'all', NULL::text
  UNION ALL SELECT 'month', to_char(day, 'YYYY-MM')
  UNION ALL SELECT 'section', section
  UNION ALL SELECT 'cue', cue
  UNION ALL SELECT DISTINCT 'mention', m::text FROM unnest(mentions) m WHERE m <> speaker
$$;

-- Adds delta d[i] to row (speaker s[i], facet f[i], key k[i]) for every i, in key
-- order; rows that reach zero go.
CREATE FUNCTION speaker_facts_add(s bigint[], f text[], k text[], d bigint[])
RETURNS void LANGUAGE sql VOLATILE AS $$
  INSERT INTO speaker_facts AS t (speaker_id, facet, key, n)
    SELECT * FROM unnest(s, f, k, d) u ORDER BY 1, 2, 3 NULLS FIRST
    ON CONFLICT ON CONSTRAINT speaker_facts_key DO UPDATE SET n = t.n + excluded.n;
  DELETE FROM speaker_facts t USING unnest(s, f, k) u(s, f, k)
    WHERE t.n = 0 AND t.speaker_id = u.s AND t.facet = u.f AND t.key IS NOT DISTINCT FROM u.k;
$$;

-- The statements' attributed rows of new_rows count +1, of old_rows -1.
CREATE FUNCTION speaker_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One query per operation: a transition table exists only where the trigger has it.
  IF TG_OP = 'INSERT' THEN
    PERFORM speaker_facts_add(array_agg(speaker_id), array_agg(facet), array_agg(key),
                              array_agg(d))
    FROM (SELECT s.speaker_id, f.facet, f.key, count(*) AS d FROM new_rows s,
            speaker_facets(s.speaker_id, s.published_at, s.section, s.cue, s.mention_ids) f
          WHERE s.speaker_id IS NOT NULL GROUP BY 1, 2, 3) x;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM speaker_facts_add(array_agg(speaker_id), array_agg(facet), array_agg(key),
                              array_agg(d))
    FROM (SELECT s.speaker_id, f.facet, f.key, -count(*) AS d FROM old_rows s,
            speaker_facets(s.speaker_id, s.published_at, s.section, s.cue, s.mention_ids) f
          WHERE s.speaker_id IS NOT NULL GROUP BY 1, 2, 3) x;
  ELSE
    PERFORM speaker_facts_add(array_agg(speaker_id), array_agg(facet), array_agg(key),
                              array_agg(d))
    FROM (SELECT c.speaker_id, f.facet, f.key, sum(c.sign) AS d FROM (
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
          WHERE c.speaker_id IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(c.sign) <> 0) x;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER speaker_facts_insert AFTER INSERT ON statements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION speaker_facts_changed();
CREATE TRIGGER speaker_facts_update AFTER UPDATE ON statements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION speaker_facts_changed();
CREATE TRIGGER speaker_facts_delete AFTER DELETE ON statements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION speaker_facts_changed();

CREATE FUNCTION speaker_facts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE speaker_facts;
  RETURN NULL;
END $$;
CREATE TRIGGER speaker_facts_truncate AFTER TRUNCATE ON statements
  FOR EACH STATEMENT EXECUTE FUNCTION speaker_facts_truncated();

-- The statements already stored.
INSERT INTO speaker_facts (speaker_id, facet, key, n)
SELECT s.speaker_id, f.facet, f.key, count(*) FROM statements s,
  speaker_facets(s.speaker_id, s.published_at, s.section, s.cue, s.mention_ids) f
WHERE s.speaker_id IS NOT NULL GROUP BY 1, 2, 3;
