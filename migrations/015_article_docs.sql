-- 015_article_docs: every article's JSON as GET /articles/{id} sends it, kept in the database, so
-- that a read of an article is one row instead of forty statements turned into JSON again.
-- PostgreSQL alone spent about 250 us of CPU on each article read from its tables (20,000
-- articles of 40 statements; bench/RESULTS.md, issue 10, stop 22), more than the rest of the
-- request; a kept document is one index probe and one detoasted value.
--
-- Coherent by construction: every write to an article or its statements empties the article's
-- doc and moves its gen on, in the writing transaction (the triggers below); a write that renames
-- or removes a speaker moves speakers_state.names on, which sets every doc rendered before it
-- aside. A read takes the doc, or renders the article from its tables (store/sql/articles_get.sql)
-- with the gen and names it saw in the same snapshot; saywho keeps that rendering only while gen
-- is still the one it saw (store/sql/articles_doc_keep.sql), with the names it saw: a rendering
-- older than a committed write is never kept, nor read. One row per article, made with it;
-- removed with it.
--
-- Cost on a big table: one row per article (gen only: docs fill as articles are read), written
-- here in one pass; a kept doc takes about half of its JSON (lz4: 10 of 20 KB on the bench data).
CREATE TABLE article_docs (
  article_id  bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  gen         bigint NOT NULL DEFAULT 0,
  doc         text COMPRESSION lz4,
  names       bigint  -- speakers_state.names when doc was rendered
);
INSERT INTO article_docs (article_id) SELECT id FROM articles;

CREATE FUNCTION article_docs_made() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO article_docs (article_id) SELECT id FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER articles_docs_made AFTER INSERT ON articles
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_docs_made();

-- The articles of the rows in the transition tables this trigger was given (statements'
-- article_id, or articles' id) lose their docs. One UPDATE per case, joined to the transition
-- table: a helper taking the ids as an array cost POST 5-10 % (three alternated pairs).
CREATE FUNCTION article_docs_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'articles' THEN
    UPDATE article_docs d SET doc = NULL, gen = d.gen + 1
      FROM (SELECT DISTINCT id FROM new_rows) n WHERE d.article_id = n.id;
  ELSIF TG_OP = 'INSERT' THEN
    UPDATE article_docs d SET doc = NULL, gen = d.gen + 1
      FROM (SELECT DISTINCT article_id FROM new_rows) n WHERE d.article_id = n.article_id;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE article_docs d SET doc = NULL, gen = d.gen + 1
      FROM (SELECT article_id FROM new_rows UNION SELECT article_id FROM old_rows) n
     WHERE d.article_id = n.article_id;
  ELSE
    UPDATE article_docs d SET doc = NULL, gen = d.gen + 1
      FROM (SELECT DISTINCT article_id FROM old_rows) n WHERE d.article_id = n.article_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER articles_docs_stale AFTER UPDATE ON articles
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_docs_stale();
CREATE TRIGGER statements_docs_stale_insert AFTER INSERT ON statements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_docs_stale();
CREATE TRIGGER statements_docs_stale_update AFTER UPDATE ON statements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION article_docs_stale();
CREATE TRIGGER statements_docs_stale_delete AFTER DELETE ON statements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION article_docs_stale();

-- TRUNCATE of the statements (or of what cascades to them) has no transition table: every copy goes.
CREATE FUNCTION article_docs_all_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE article_docs SET doc = NULL, gen = gen + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER statements_docs_truncated AFTER TRUNCATE ON statements
  FOR EACH STATEMENT EXECUTE FUNCTION article_docs_all_stale();

-- A speaker renamed, re-slugged or removed changes every article whose statements it speaks or
-- mentions: rather than find them (the mentions have no index, 013), such a write moves
-- speakers_state.names on, and a doc counts only while the names it was rendered with are the
-- current ones. Speakers' inserts and their facts change no kept doc.
ALTER TABLE speakers_state ADD COLUMN names bigint NOT NULL DEFAULT 1;

CREATE FUNCTION speakers_names_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Two IFs: PL/pgSQL plans a whole condition, and a DELETE trigger has no new_rows.
  IF TG_OP = 'DELETE' THEN
    UPDATE speakers_state SET names = names + 1;
  ELSIF EXISTS (SELECT FROM new_rows n JOIN old_rows o USING (id)
                 WHERE (n.slug, n.name) IS DISTINCT FROM (o.slug, o.name)) THEN
    UPDATE speakers_state SET names = names + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER speakers_names_update AFTER UPDATE ON speakers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION speakers_names_bump();
CREATE TRIGGER speakers_names_delete AFTER DELETE ON speakers
  FOR EACH STATEMENT EXECUTE FUNCTION speakers_names_bump();
