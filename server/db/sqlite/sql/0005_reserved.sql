-- 0005_reserved.sql — number 0005 belongs to the security work, developed in
-- parallel; this empty step only keeps the migrations in sequence on this
-- branch. When both are merged, delete this file: two 0005 files make the
-- migration runner refuse to start ("out of sequence"), so it cannot be missed.
SELECT 1;
