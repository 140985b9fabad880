-- gen-corpus.sql - builds the benchmark corpus in saywho's own schema from the
-- sentences, speakers and sections that bench/gen-corpus copied into the bench_gen
-- schema. Set-based and deterministic: every choice is a hash of a row number and a
-- salt (hashint8), so the same inputs give the same corpus. Run by bench/gen-corpus
-- with psql variables articles (how many) and years (how many, ending 2025-12-31).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '512MB';
SET work_mem = '256MB';
SET synchronous_commit = off;

-- A number in [0, 1) drawn from row i with salt k; the same on every run.
CREATE FUNCTION bench_gen.u(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (hashint8(i * 131 + k)::bigint + 2147483648) / 4294967296.0 $$;
-- An integer in [0, n) drawn the same way.
CREATE FUNCTION bench_gen.pick(i bigint, k int, n int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT least(floor(bench_gen.u(i, k) * n)::int, n - 1) $$;

\echo 'speakers'
-- 198 speakers beside the two of the first migration: those the labelled articles
-- name, then generated names, each with a surname alias, a titled alias and a role noun.
CREATE UNLOGGED TABLE bench_gen.new_speakers AS
WITH labelled AS (
  SELECT row_number() OVER (ORDER BY slug) AS n, slug, name, aliases
  FROM bench_gen.label_speakers WHERE slug NOT IN (SELECT slug FROM speakers)),
firsts AS (SELECT row_number() OVER () AS f, x FROM unnest(ARRAY['Anna', 'Boris', 'Carla', 'Dmitri',
  'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Marco', 'Nadia', 'Omar',
  'Priya']) x),
lasts AS (SELECT row_number() OVER () AS l, x FROM unnest(ARRAY['Abbott', 'Brandt', 'Castillo',
  'Dufour', 'Eriksen', 'Fischer', 'Galeano', 'Haddad', 'Ivanova', 'Jansen', 'Kovac', 'Laurent',
  'Moreau', 'Novak', 'Okonkwo', 'Petrov']) x),
made AS (
  SELECT row_number() OVER (ORDER BY l.l, f.f) AS n, f.x || ' ' || l.x AS name, l.x AS surname
  FROM firsts f CROSS JOIN lasts l),
roles AS (SELECT ARRAY['minister', 'spokesperson', 'governor', 'senator', 'envoy', 'chief executive',
  'mayor', 'ambassador', 'economist', 'commissioner'] AS r)
SELECT slug, name, aliases, NULL::text AS title FROM labelled
UNION ALL
SELECT lower(replace(m.name, ' ', '-')), m.name,
       ARRAY[m.surname, 'Dr. ' || m.surname,
             'the ' || (SELECT r[1 + bench_gen.pick(m.n, 1, 10)] FROM roles)],
       initcap((SELECT r[1 + bench_gen.pick(m.n, 1, 10)] FROM roles))
FROM made m
ORDER BY 1
LIMIT 200 - (SELECT count(*) FROM speakers);

INSERT INTO speakers (slug, name, aliases, title)
SELECT slug, name, aliases, title FROM bench_gen.new_speakers ORDER BY slug;

-- Who speaks how often: Zipf (s = 0.9) over rank, Putin first and Xi second, so
-- one speaker has the tens of thousands of statements that page 1,000 needs.
CREATE UNLOGGED TABLE bench_gen.weights AS
WITH ranked AS (
  SELECT id, name, aliases,
         row_number() OVER (ORDER BY CASE slug WHEN 'vladimir-putin' THEN 0
                                               WHEN 'xi-jinping' THEN 1 ELSE 2 END,
                                     bench_gen.u(id, 2)) AS rank
  FROM speakers),
w AS (SELECT *, power(rank, -0.9) AS w FROM ranked)
SELECT rank::int, id, name, aliases,
       coalesce(sum(w) OVER (ORDER BY rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
         / sum(w) OVER () AS lo,
       sum(w) OVER (ORDER BY rank) / sum(w) OVER () AS hi
FROM w;
CREATE INDEX ON bench_gen.weights (hi);
CREATE UNIQUE INDEX ON bench_gen.weights (rank);
ANALYZE bench_gen.weights;

\echo 'sentences'
-- Each labelled sentence cut at the middle word: a corpus sentence is the head of one
-- and the tail of another, so the vocabulary is the articles' own.
CREATE UNLOGGED TABLE bench_gen.parts AS
WITH s AS (SELECT row_number() OVER () - 1 AS i, regexp_split_to_array(text, ' ') AS w, text
           FROM bench_gen.sentences)
SELECT i::int,
       CASE WHEN cardinality(w) < 6 THEN text
            ELSE array_to_string(w[1:cardinality(w) / 2], ' ') END AS head,
       CASE WHEN cardinality(w) < 6 THEN ''
            ELSE array_to_string(w[cardinality(w) / 2 + 1:], ' ') END AS tail
FROM s;
CREATE UNIQUE INDEX ON bench_gen.parts (i);
ANALYZE bench_gen.parts;
SELECT count(*) AS n_parts FROM bench_gen.parts \gset
-- Cues as often as the labels use them.
CREATE UNLOGGED TABLE bench_gen.cues AS
SELECT row_number() OVER (ORDER BY cue) - 1 AS i, cue FROM bench_gen.sentences WHERE cue IS NOT NULL;
CREATE UNIQUE INDEX ON bench_gen.cues (i);
SELECT count(*) AS n_cues FROM bench_gen.cues \gset
CREATE UNLOGGED TABLE bench_gen.all_sections AS
SELECT row_number() OVER () - 1 AS i, name FROM (
  SELECT name FROM bench_gen.sections
  UNION ALL SELECT unnest(ARRAY['Politics', 'Economy', 'World', 'Diplomacy', 'Security', 'Climate',
    'Health', 'Technology', 'Business', 'Markets', 'Elections', 'Europe', 'Asia', 'Americas',
    'Middle East', 'Africa', 'Defence', 'Education', 'Justice', 'Culture', 'Science'])) x;
CREATE UNIQUE INDEX ON bench_gen.all_sections (i);
SELECT count(*) AS n_sections FROM bench_gen.all_sections \gset

\echo 'articles'
-- 20-60 statements each (40 on average), 0-4 sections, a date in the last :years years.
CREATE UNLOGGED TABLE bench_gen.arts AS
SELECT a::bigint AS id,
       (date '2025-12-31' - bench_gen.pick(a, 1, 365 * :years + :years / 4)) AS published_at,
       (ARRAY['China Daily', 'Reuters', 'AFP', 'AP', 'TASS', 'The Daily Ledger', 'BBC News',
              'Xinhua', 'The Guardian', 'Deutsche Welle', 'Kyodo', 'Al Jazeera'])
         [1 + bench_gen.pick(a, 2, 12)] AS source,
       20 + bench_gen.pick(a, 3, 41) AS n,
       ARRAY(SELECT name FROM bench_gen.all_sections
             WHERE i IN (SELECT bench_gen.pick(a * 8 + k, 4, :n_sections)
                         FROM generate_series(1, bench_gen.pick(a, 5, 5)) k)
             ORDER BY i) AS sections
FROM generate_series(1, :articles) a;

\echo 'statements'
CREATE UNLOGGED TABLE bench_gen.sts AS
WITH raw AS (
  SELECT a.id AS article_id, s.seq, a.published_at, a.sections,
         (a.id * 64 + s.seq) AS r, a.n
  FROM bench_gen.arts a, generate_series(0, a.n - 1) AS s(seq)),
drawn AS (
  SELECT r.*,
         ph.head || CASE WHEN pt.tail = '' THEN '' ELSE ' ' || pt.tail END AS base,
         CASE WHEN cardinality(r.sections) = 0 THEN NULL
              ELSE r.sections[1 + r.seq * cardinality(r.sections) / r.n] END AS section,
         bench_gen.u(r.r, 6) AS attributed,
         bench_gen.u(r.r, 7) AS how,
         (SELECT w.id FROM bench_gen.weights w WHERE w.hi >= bench_gen.u(r.r, 8)
          ORDER BY w.hi LIMIT 1) AS speaker_id,
         (SELECT cue FROM bench_gen.cues c WHERE c.i = bench_gen.pick(r.r, 9, :n_cues)) AS cue0,
         bench_gen.u(r.r, 10) AS mentioned
  FROM raw r
  JOIN bench_gen.parts ph ON ph.i = bench_gen.pick(r.r, 11, :n_parts)
  JOIN bench_gen.parts pt ON pt.i = bench_gen.pick(r.r, 12, :n_parts)),
attributed AS (
  SELECT d.*,
         CASE WHEN d.attributed >= 0.55 THEN NULL
              WHEN d.how < 0.40 THEN 'name' WHEN d.how < 0.55 THEN 'alias'
              WHEN d.how < 0.65 THEN 'role' WHEN d.how < 0.85 THEN 'pronoun'
              ELSE 'continuation' END::attribution_method AS method
  FROM drawn d),
spoken AS (
  SELECT t.*, w.name, w.aliases,
         CASE WHEN t.method IS NULL OR t.method = 'continuation' THEN NULL ELSE t.cue0 END AS cue,
         CASE t.method WHEN 'name' THEN w.name WHEN 'alias' THEN coalesce(w.aliases[1], w.name)
              WHEN 'role' THEN coalesce(w.aliases[cardinality(w.aliases)], w.name)
              WHEN 'pronoun' THEN 'he' END AS subject
  FROM attributed t LEFT JOIN bench_gen.weights w ON w.id = t.speaker_id AND t.method IS NOT NULL)
SELECT row_number() OVER (ORDER BY article_id, seq) AS id, article_id, seq, section, published_at,
       CASE WHEN cue IS NULL THEN base
            ELSE regexp_replace(base, '[.!?]*$', '') || ', ' || subject || ' ' || cue || '.' END AS text,
       CASE WHEN method IS NULL THEN NULL ELSE speaker_id END AS speaker_id,
       method, cue,
       CASE method WHEN 'name' THEN 1.0 WHEN 'alias' THEN 0.95 WHEN 'role' THEN 0.9
                   WHEN 'pronoun' THEN 0.8 WHEN 'continuation' THEN 0.6 END::real AS confidence,
       CASE WHEN cue IS NULL THEN NULL ELSE subject || ' ' || cue END AS evidence,
       CASE WHEN mentioned < 0.12 THEN ARRAY[(SELECT w.id FROM bench_gen.weights w
              WHERE w.hi >= bench_gen.u(r, 13) ORDER BY w.hi LIMIT 1)]
            WHEN mentioned < 0.15 THEN ARRAY(SELECT DISTINCT w.id FROM bench_gen.weights w
              WHERE w.rank IN (1 + bench_gen.pick(r, 14, 40), 1 + bench_gen.pick(r, 15, 200)))
            ELSE '{}' END::bigint[] AS mention_ids
FROM spoken;

\echo 'bodies and offsets'
-- The body is the statements in order, a section heading on a line of its own where a
-- section starts; start/end are code-point offsets of each statement in it.
CREATE UNLOGGED TABLE bench_gen.placed AS
WITH sep AS (
  SELECT s.*,
         CASE WHEN s.section IS DISTINCT FROM lag(s.section) OVER w AND s.section IS NOT NULL
              THEN CASE WHEN s.seq = 0 THEN '' ELSE E'\n' END || s.section || E'\n'
              WHEN s.seq = 0 THEN '' ELSE ' ' END AS lead
  FROM bench_gen.sts s WINDOW w AS (PARTITION BY s.article_id ORDER BY s.seq))
SELECT sep.*,
       (sum(char_length(lead) + char_length(text)) OVER w)::int AS end_offset
FROM sep WINDOW w AS (PARTITION BY article_id ORDER BY seq);

BEGIN;
\echo 'loading articles'
-- The secondary indexes of statements are built once, after the load.
CREATE TEMP TABLE saved_indexes AS
SELECT indexdef FROM pg_indexes i
WHERE schemaname = 'public' AND tablename = 'statements'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname);
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM pg_indexes i WHERE schemaname = 'public' AND tablename = 'statements'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) LOOP
    EXECUTE format('DROP INDEX %I', r.indexname);
  END LOOP; END $$;

INSERT INTO articles (id, title, source, byline, credit, published_at, url, language, body,
                      sections, body_hash)
SELECT a.id,
       (SELECT head FROM bench_gen.parts p WHERE p.i = bench_gen.pick(a.id, 16, :n_parts)),
       a.source,
       CASE WHEN bench_gen.u(a.id, 17) < 0.5 THEN 'Staff reporter' END,
       CASE WHEN bench_gen.u(a.id, 18) < 0.2 THEN 'With Xinhua inputs' END,
       a.published_at,
       'https://news.example/' || a.id,
       'en', b.body, a.sections, sha256(convert_to(b.body, 'UTF8'))
FROM bench_gen.arts a
JOIN (SELECT article_id, string_agg(lead || text, '' ORDER BY seq) AS body
      FROM bench_gen.placed GROUP BY article_id) b ON b.article_id = a.id
ORDER BY a.id;

\echo 'loading statements'
INSERT INTO statements (id, article_id, seq, section, text, start_offset, end_offset, speaker_id,
                        method, cue, confidence, evidence, quotes, mention_ids, published_at)
SELECT id, article_id, seq, section, text, end_offset - char_length(text), end_offset, speaker_id,
       method, cue, confidence, evidence,
       ARRAY(SELECT m[1] FROM regexp_matches(text, '[“"]([^”"]+)[”"]', 'g') m),
       mention_ids, published_at
FROM bench_gen.placed ORDER BY id;

INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by,
                                 changed_at)
SELECT id, speaker_id, method, cue, confidence, 'engine', published_at::timestamptz
FROM bench_gen.placed WHERE method IS NOT NULL ORDER BY id;

SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles));
SELECT setval(pg_get_serial_sequence('statements', 'id'), (SELECT max(id) FROM statements));

\echo 'indexes'
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexdef FROM saved_indexes LOOP EXECUTE r.indexdef; END LOOP; END $$;
COMMIT;

DROP SCHEMA bench_gen CASCADE;
