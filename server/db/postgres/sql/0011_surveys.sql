-- 0011_surveys.sql — a placeholder on the participation branch only: the
-- surveys branch owns migration 0011 (questionnaires), and migrations must
-- be numbered without a gap, so 0012 needs a 0011 to follow. When the two
-- branches merge, this file's add/add conflict resolves to the surveys
-- branch's file, whole.
SELECT 1;
