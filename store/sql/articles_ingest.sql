-- articles_ingest: a new article ($1 title .. $7 language, $8 body, $9 sections) with its
-- extraction ($10..$20: one array per column, one element per statement, in order) and the
-- engine's history entries, in one statement, answered with the rows it wrote in the shape of
-- articles_get.sql (kinds 'a', 'm', 's'; rows for the C JSON writer, store/statement_json.h):
-- no transaction around it, no merge against rows that cannot exist yet, no second query to
-- read the article back. No row when an article with the same source and body exists (a
-- concurrent post won): the caller answers with that one.
-- New statements carry the article's source and search configuration (as articles_merge does,
-- so the per-row trigger of 008/011 stays out); language_config runs once, in RETURNING.
WITH a AS (INSERT INTO articles (title, source, byline, credit, published_at, url, language, body, sections, body_hash)
  VALUES ($1, $2, $3, $4, $5::date, $6, coalesce($7, 'en'), $8::text, $9::text[], sha256(convert_to($8::text, 'UTF8')))
  ON CONFLICT ON CONSTRAINT articles_same_text DO NOTHING
  RETURNING id, title, source, byline, credit, published_at, url, language, body, sections,
            created_at, updated_at, language_config(language) AS search_config),
n AS (SELECT *
  FROM unnest($10::text[], $11::text[], $12::int[], $13::int[], $14::bigint[], $15::attribution_method[], $16::text[], $17::real[], $18::text[], $19::text[], $20::text[]) WITH ORDINALITY AS n(section, text, s, e, speaker_id, method, cue, confidence, evidence, quotes, mentions, idx)),
ins AS (INSERT INTO statements (article_id, seq, section, text, start_offset, end_offset, speaker_id, method, cue, confidence, evidence, quotes, mention_ids, published_at, source, search_config)
  SELECT a.id, (n.idx - 1)::int, n.section, n.text, n.s, n.e, n.speaker_id, n.method, n.cue, n.confidence, n.evidence, n.quotes::text[], n.mentions::bigint[], a.published_at, a.source, a.search_config
  FROM n CROSS
  JOIN a
  RETURNING id, article_id, seq, section, text, start_offset, end_offset, speaker_id, method, cue,
            confidence, evidence, quotes, mention_ids, published_at),
hist AS (INSERT INTO attribution_history (statement_id, speaker_id, method, cue, confidence, changed_by)
  SELECT id, speaker_id, method, cue, confidence, 'engine'
  FROM ins
  WHERE method IS NOT NULL)
SELECT 'a' AS kind, a.id, NULL::bigint AS article_id, NULL::integer AS seq, NULL AS section,
       NULL AS text, NULL::integer AS start_offset, NULL::integer AS end_offset,
       NULL::bigint AS speaker_id, NULL AS slug, NULL AS name, NULL::attribution_method AS method,
       NULL AS cue, NULL::real AS confidence, NULL AS evidence, NULL::json AS quotes,
       NULL::bigint[] AS mention_ids, a.published_at, a.title, a.source, a.byline, a.credit,
       a.url, a.language, a.body, to_json(a.sections) AS sections,
       rfc3339(a.created_at) AS created_at, rfc3339(a.updated_at) AS updated_at
  FROM a
UNION ALL
(SELECT 'm' AS kind, m.id, NULL::bigint, NULL::integer, NULL::text, NULL::text, NULL::integer,
       NULL::integer, NULL::bigint, m.slug, m.name, NULL::attribution_method, NULL::text,
       NULL::real, NULL::text, NULL::json, NULL::bigint[], NULL::date, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::text, NULL::text
  FROM speakers m
 WHERE m.id IN (SELECT unnest(mention_ids) FROM ins)
  ORDER BY id)
UNION ALL
(SELECT 's', st.id, st.article_id, st.seq, st.section, st.text, st.start_offset,
       st.end_offset, sp.id, sp.slug, sp.name, st.method, st.cue,
       st.confidence, st.evidence,
       CASE WHEN st.quotes <> '{}' THEN to_json(st.quotes) END, st.mention_ids, st.published_at,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM ins st
  LEFT JOIN speakers sp ON sp.id = st.speaker_id
  ORDER BY st.seq)
