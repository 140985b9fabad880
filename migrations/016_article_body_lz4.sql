-- 016_article_body_lz4: article bodies compressed with lz4 instead of pglz, PostgreSQL's default.
-- A body is past the TOAST threshold (the seed article's is 5 KB), so every ingest compresses
-- it: pglz_compress was 2 % of all CPU samples of POST /articles (perf, 8 connections), where
-- lz4 compresses about ten times faster and decompresses faster for every read of a body.
-- Bodies written before stay as they are (PostgreSQL reads both); no table is rewritten.
ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4;
