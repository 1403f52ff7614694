-- 0014_check_lists.sql — SQLite's 0014 writes the CHECKs on opinions and
-- stage_events as comparisons instead of IN lists, for which SQLite builds
-- an ephemeral table per row. PostgreSQL evaluates an IN list in place, so
-- its schema stays as it is; this file keeps both plugins at the same
-- number (migrate-db refuses databases at different numbers).
-- Never edit once released; add a new number.

SELECT 1;
