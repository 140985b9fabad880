-- 011_merge_carries_source: the statements_from_article trigger (008) ran once per inserted
-- row, a PL/pgSQL call and an articles lookup each: 3.0 of the 8.5 ms that merging the seed
-- article's 31 statements took (auto_explain with log_triggers). articles_merge now writes
-- source and search_config itself, from the one articles row it already reads; the trigger
-- stays for every other insert, which leaves source unset. Contract: an insert that sets
-- source sets search_config too (the column has a default, so the trigger cannot tell).
DROP TRIGGER statements_from_article ON statements;
CREATE TRIGGER statements_from_article BEFORE INSERT ON statements
  FOR EACH ROW WHEN (NEW.source IS NULL) EXECUTE FUNCTION statements_from_article();
