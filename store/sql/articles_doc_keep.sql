-- articles_doc_keep: keeps $4, article $1 as rendered from the rows articles_get.sql read with its
-- doc's gen $2 and the speakers' names version $3 (migrations/015_article_docs.sql), in place of
-- no doc or of one rendered with older names; unless a write has moved gen on since: a
-- rendering older than a committed write is never kept.
UPDATE article_docs
   SET doc = $4, names = $3
 WHERE article_id = $1 AND gen = $2 AND (doc IS NULL OR names < $3)
