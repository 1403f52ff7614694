-- 0006_reserved.sql — a placeholder on the branch that added 0007: the
-- number 0006 belongs to another change. Drop this file when that change's
-- 0006 is merged (the runner wants the numbers without gaps).
SELECT 1;
