-- articles_defer_seq: lets a renumbering pass through duplicate seqs until commit.
SET CONSTRAINTS statements_seq DEFERRED
