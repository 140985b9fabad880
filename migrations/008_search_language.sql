-- 008_search_language: full-text search in each article's language, and the section and
-- source filters without regard to case.
--
-- language_config(language) maps an article's language tag ("de", "pt-BR", "ru") by its
-- primary subtag to the PostgreSQL text search configuration of that language, 'simple'
-- (no stemming, no stop words) for a language PostgreSQL has none for. Each statement
-- keeps the configuration of its article (an article's language never changes) and its
-- tsv is built with it. A query q matches a statement when the statement's tsv matches q
-- as the statement's own configuration parses it: "Haus" finds a German "Häuser" and
-- "cooperate" an English "cooperation" in one query, and "-trade" excludes an English
-- "trade" (a French parse of q, "!trad", would not). The GIN index is asked the parses in
-- every configuration OR'ed (search_any), and each row found is checked against its own
-- (search_own): one index scan, exact per row.
--
-- statements.source is a copy of the article's source, as published_at is, so that a
-- source filter pages on one index; articles_update.sql keeps it. The section and source
-- indexes are on lower(...), which the filters compare. Both copies are taken from the
-- article by a trigger on every insert, whoever inserts (the store, bench loaders, tests):
-- one primary-key probe per row.
--
-- At one million statements this rewrites the table twice (the copies, then the tsv) and
-- rebuilds its indexes: minutes, under an ACCESS EXCLUSIVE lock.

CREATE FUNCTION language_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(language, '-', 1))
    WHEN 'ar' THEN 'arabic' WHEN 'hy' THEN 'armenian' WHEN 'eu' THEN 'basque'
    WHEN 'ca' THEN 'catalan' WHEN 'da' THEN 'danish' WHEN 'nl' THEN 'dutch'
    WHEN 'en' THEN 'english' WHEN 'fi' THEN 'finnish' WHEN 'fr' THEN 'french'
    WHEN 'de' THEN 'german' WHEN 'el' THEN 'greek' WHEN 'hi' THEN 'hindi'
    WHEN 'hu' THEN 'hungarian' WHEN 'id' THEN 'indonesian' WHEN 'ga' THEN 'irish'
    WHEN 'it' THEN 'italian' WHEN 'lt' THEN 'lithuanian' WHEN 'ne' THEN 'nepali'
    WHEN 'no' THEN 'norwegian' WHEN 'nb' THEN 'norwegian' WHEN 'nn' THEN 'norwegian'
    WHEN 'pt' THEN 'portuguese' WHEN 'ro' THEN 'romanian' WHEN 'ru' THEN 'russian'
    WHEN 'sr' THEN 'serbian' WHEN 'es' THEN 'spanish' WHEN 'sv' THEN 'swedish'
    WHEN 'ta' THEN 'tamil' WHEN 'tr' THEN 'turkish' WHEN 'yi' THEN 'yiddish'
    ELSE 'simple' END::regconfig
$$;

-- The configurations language_config gives, in a fixed order.
CREATE FUNCTION search_configs() RETURNS regconfig[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '{arabic,armenian,basque,catalan,danish,dutch,english,finnish,french,german,greek,
           hindi,hungarian,indonesian,irish,italian,lithuanian,nepali,norwegian,portuguese,
           romanian,russian,serbian,simple,spanish,swedish,tamil,turkish,yiddish}'::regconfig[]
$$;

-- q (websearch syntax) parsed in each of search_configs(), in their order.
CREATE FUNCTION search_parses(q text) RETURNS tsquery[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(websearch_to_tsquery(c, q) ORDER BY i)
    FROM unnest(search_configs()) WITH ORDINALITY AS u(c, i)
$$;

-- The parses OR'ed (each distinct one once): what the GIN index is asked; NULL (matching
-- nothing) when no parse has a lexeme. numnode, not <> '': that literal raises a NOTICE.
CREATE FUNCTION search_any(parses tsquery[]) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(DISTINCT '(' || p::text || ')', ' | ')::tsquery
    FROM unnest(parses) AS p
   WHERE numnode(p) > 0
$$;

-- The parse of configuration config: what a statement stored in config must match.
CREATE FUNCTION search_own(parses tsquery[], config regconfig) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT parses[array_position(search_configs(), config)]
$$;

DROP INDEX statements_search;
ALTER TABLE statements
  DROP COLUMN tsv,
  ADD COLUMN search_config regconfig NOT NULL DEFAULT 'english',
  ADD COLUMN source text;

UPDATE statements st
   SET search_config = language_config(a.language), source = a.source
  FROM articles a
 WHERE a.id = st.article_id AND (a.source IS NOT NULL OR language_config(a.language) <> 'english'::regconfig);

ALTER TABLE statements
  ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector(search_config, text)) STORED;
CREATE INDEX statements_search ON statements USING gin (tsv);

DROP INDEX statements_by_section;
CREATE INDEX statements_by_section ON statements
  (lower(section), (coalesce(published_at, '-infinity'::date)) DESC, article_id DESC, seq);
CREATE INDEX statements_by_source ON statements
  (lower(source), (coalesce(published_at, '-infinity'::date)) DESC, article_id DESC, seq);
DROP INDEX articles_source;
CREATE INDEX articles_source ON articles
  (lower(source), (coalesce(published_at, '-infinity'::date)) DESC, id DESC);

CREATE FUNCTION statements_from_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.source, language_config(a.language) INTO NEW.source, NEW.search_config
    FROM articles a WHERE a.id = NEW.article_id;
  RETURN NEW;
END $$;

CREATE TRIGGER statements_from_article BEFORE INSERT ON statements
  FOR EACH ROW EXECUTE FUNCTION statements_from_article();
