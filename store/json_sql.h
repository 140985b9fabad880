/* json_sql.h - SQL fragments that build the API's JSON shapes inside PostgreSQL,
 * so every query that returns a speaker or a statement returns the same shape.
 * Each macro expands to a string literal; its argument is the table alias. */
#ifndef SAYWHO_JSON_SQL_H
#define SAYWHO_JSON_SQL_H

/* {"id","slug","name"} of speakers row sp, or null when sp.id is null. */
#define SPEAKER_REF_JSON(sp)                                                                  \
  "CASE WHEN " sp ".id IS NULL THEN NULL ELSE json_build_object('id', " sp ".id, 'slug', " sp \
  ".slug, 'name', " sp ".name) END"

/* The full statement of statements row st, whose speaker is the speakers row sp
 * (LEFT JOIN speakers sp ON sp.id = st.speaker_id). */
#define STATEMENT_JSON(st, sp)                                                                 \
  "json_build_object("                                                                         \
  "'id', " st ".id, 'article_id', " st ".article_id, 'seq', " st ".seq, "                   \
  "'section', " st ".section, 'text', " st ".text, "                                         \
  "'start', " st ".start_offset, 'end', " st ".end_offset, "                                 \
  "'speaker', " SPEAKER_REF_JSON(sp) ", "                                                      \
  "'attribution', CASE WHEN " st ".method IS NULL THEN NULL ELSE json_build_object("          \
  "'cue', " st ".cue, 'method', " st ".method, 'confidence', round(" st                       \
  ".confidence::numeric, 3), 'evidence', " st ".evidence) END, "                              \
  "'quotes', to_json(" st ".quotes), "                                                         \
  "'mentions', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'slug', m.slug, "      \
  "'name', m.name) ORDER BY array_position(" st ".mention_ids, m.id)), '[]') "                \
  "FROM speakers m WHERE m.id = ANY(" st ".mention_ids)), "                                   \
  "'published_at', " st ".published_at)"

#endif
