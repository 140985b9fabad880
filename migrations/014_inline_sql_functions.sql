-- 014_inline_sql_functions: language_config (008) and rfc3339 (001) could not be inlined into
-- the queries that call them, so each call site ran them as SQL functions: parsed, analysed and
-- planned again on every execution of the calling statement (fmgr_sql: 3.2 % of the machine's
-- CPU under POST load, perf, mostly parsing language_config's 30-branch CASE). A function
-- declared IMMUTABLE is inlined only when its body is immutable too: language_config cast its
-- text result to regconfig at run time (regconfigin, a catalog lookup: stable), and rfc3339's
-- to_char(timestamp, text) is stable (locale-dependent patterns). Now language_config's
-- branches are regconfig constants, resolved once when a caller is planned (the same values),
-- and rfc3339 is declared STABLE, which it is; no index or generated column uses either.
-- POST /articles calls them three times (one configuration, two timestamps).
--
-- Cost on a big table: catalog changes only, instant. Prepared statements of a running saywho
-- are re-planned on their next execution (the functions changed) and get the inlined forms.
CREATE OR REPLACE FUNCTION language_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(language, '-', 1))
    WHEN 'ar' THEN 'arabic'::regconfig WHEN 'hy' THEN 'armenian'::regconfig
    WHEN 'eu' THEN 'basque'::regconfig WHEN 'ca' THEN 'catalan'::regconfig
    WHEN 'da' THEN 'danish'::regconfig WHEN 'nl' THEN 'dutch'::regconfig
    WHEN 'en' THEN 'english'::regconfig WHEN 'fi' THEN 'finnish'::regconfig
    WHEN 'fr' THEN 'french'::regconfig WHEN 'de' THEN 'german'::regconfig
    WHEN 'el' THEN 'greek'::regconfig WHEN 'hi' THEN 'hindi'::regconfig
    WHEN 'hu' THEN 'hungarian'::regconfig WHEN 'id' THEN 'indonesian'::regconfig
    WHEN 'ga' THEN 'irish'::regconfig WHEN 'it' THEN 'italian'::regconfig
    WHEN 'lt' THEN 'lithuanian'::regconfig WHEN 'ne' THEN 'nepali'::regconfig
    WHEN 'no' THEN 'norwegian'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig
    WHEN 'nn' THEN 'norwegian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig
    WHEN 'ro' THEN 'romanian'::regconfig WHEN 'ru' THEN 'russian'::regconfig
    WHEN 'sr' THEN 'serbian'::regconfig WHEN 'es' THEN 'spanish'::regconfig
    WHEN 'sv' THEN 'swedish'::regconfig WHEN 'ta' THEN 'tamil'::regconfig
    WHEN 'tr' THEN 'turkish'::regconfig WHEN 'yi' THEN 'yiddish'::regconfig
    ELSE 'simple'::regconfig END
$$;

ALTER FUNCTION rfc3339(timestamptz) STABLE;
