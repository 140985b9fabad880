-- load-saywho.sql - the benchmark reference's data (reference/load.sql) in saywho's own schema,
-- after saywho's migrations: the same N articles x 40 statements, the same texts, speakers,
-- sections and cues, the same ids (article g, statement (g - 1) * 40 + s), so the reference's
-- wrk scripts ask saywho for exactly the rows they ask the peer for.
--   psql -v n_articles=N -f load-saywho.sql      (default 20000)
-- What saywho has and the reference does not: method 'name' and confidence 0.9 for attributed
-- statements, offsets, and a mention of anna-berger in one attributed statement of ten.
\set ON_ERROR_STOP on
\if :{?n_articles}
\else
\set n_articles 20000
\endif

BEGIN;
TRUNCATE attribution_history, statements, articles RESTART IDENTITY CASCADE;
DELETE FROM speakers WHERE slug IN ('anna-berger', 'juergen-mueller', 'lena-fischer', 'paul-wagner',
                                    'mia-becker', 'felix-hoffmann', 'sophie-schulz', 'tobias-krueger');

-- The reference's speaker n (1..8) is saywho's speaker with slug bench_speakers[n].
CREATE TEMP TABLE bench_speakers (n int PRIMARY KEY, id bigint NOT NULL) ON COMMIT DROP;
WITH ins AS (
  INSERT INTO speakers (slug, name) VALUES
      ('anna-berger',      'Anna Berger'),
      ('juergen-mueller',  'Jürgen Müller'),
      ('lena-fischer',     'Lena Fischer'),
      ('paul-wagner',      'Paul Wagner'),
      ('mia-becker',       'Mia Becker'),
      ('felix-hoffmann',   'Felix Hoffmann'),
      ('sophie-schulz',    'Sophie Schulz'),
      ('tobias-krueger',   'Tobias Krüger')
  RETURNING id, slug)
INSERT INTO bench_speakers
SELECT array_position(ARRAY['anna-berger', 'juergen-mueller', 'lena-fischer', 'paul-wagner',
                            'mia-becker', 'felix-hoffmann', 'sophie-schulz', 'tobias-krueger'], slug),
       id
FROM ins;

INSERT INTO articles (id, title, source, published_at, body, body_hash)
SELECT g, title, source, published_at, body, sha256(convert_to(body, 'UTF8'))
FROM (
  SELECT g,
         'Article ' || g || ': ' || left(md5(g::text), 24) AS title,
         (ARRAY['dpa', 'Reuters', 'AFP', 'Der Spiegel', 'Die Zeit', 'taz'])[1 + g % 6] AS source,
         date '2015-01-01' + ((g::bigint * 3650) / :n_articles)::int AS published_at,
         (SELECT string_agg(md5((g::bigint * 100 + k)::text), ' ') FROM generate_series(1, 90) k) AS body
  FROM generate_series(1, :n_articles) g
) a;

INSERT INTO statements (id, article_id, seq, text, section, start_offset, end_offset, speaker_id,
                        method, cue, confidence, mention_ids, published_at)
SELECT (a - 1) * 40 + s, a, s,
       left('„Wir müssen ' || md5(h1::text) || ' ' || md5(h2::text) || ' "sofort" ' ||
            md5((h1 # h2)::text) || ' ' || md5((a * 64 + s)::text) || ' handeln.“', 150),
       (ARRAY['intro', 'body', 'body', 'body', 'quote', 'closing'])[1 + (h2 % 6)],
       (s - 1) * 150, s * 150,
       sp.id,
       CASE WHEN sp.id IS NOT NULL THEN 'name'::attribution_method END,
       CASE WHEN r < 8000 THEN (ARRAY['sagte', 'erklärte', 'betonte', 'kritisierte', 'forderte'])[1 + (h1 % 5)]
            ELSE NULL END,
       CASE WHEN sp.id IS NOT NULL THEN 0.9 END,
       CASE WHEN sp.id IS NOT NULL AND h2 % 10 = 0 THEN ARRAY[(SELECT id FROM bench_speakers WHERE n = 1)]
            ELSE '{}' END,
       date '2015-01-01' + ((a::bigint * 3650) / :n_articles)::int
FROM generate_series(1, :n_articles) a
CROSS JOIN generate_series(1, 40) s
CROSS JOIN LATERAL (
    SELECT (hashint8(a::bigint * 64 + s) & 2147483647)               AS h1,
           (hashint8(a::bigint * 64 + s + 4000000000) & 2147483647) AS h2
) h
CROSS JOIN LATERAL (SELECT h1 % 10000 AS r) rr
CROSS JOIN LATERAL (
    SELECT CASE WHEN r < 3500 THEN 1
                WHEN r < 6500 THEN 2
                WHEN r < 8000 THEN 3 + ((h2 / 7) % 6)
                ELSE NULL END AS n
) ref
LEFT JOIN bench_speakers sp ON sp.n = ref.n
ORDER BY a, s;

-- Later inserts (POST /articles in the benchmark) take ids after the loaded ones.
SELECT setval(pg_get_serial_sequence('articles', 'id'), :n_articles);
SELECT setval(pg_get_serial_sequence('statements', 'id'), :n_articles * 40);
COMMIT;

VACUUM (ANALYZE) speakers, articles, statements;
CHECKPOINT;
