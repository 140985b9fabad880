-- Cached GET answers (server/cache.c) are invalidated by NOTIFY: every write
-- to a table an answer is built from tells each saywho process's listener
-- (server/invalidator.c), which flushes its cache. Statement-level, so a
-- bulk write costs one notification; the payload names the table. NOTIFY is
-- delivered at commit only, and equal notifications of one transaction fold
-- into one.
CREATE FUNCTION saywho_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('saywho_cache', TG_TABLE_NAME);
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['speakers', 'articles', 'statements', 'attribution_history',
                           'speakers_state', 'speaker_facts'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION saywho_cache_notify()',
                   t || '_cache_notify', t);
  END LOOP;
END $$;
