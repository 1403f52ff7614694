-- 0008_reserved.sql — PLACEHOLDER, NOT A MIGRATION: number 0008 belongs to
-- the phone forms' migration on another branch; the runner needs numbers
-- without gaps, so this branch holds the number with an empty file until
-- that migration is merged. DELETE THIS FILE WHEN MERGING 0008 (two 0008
-- files make every database refuse to open: "out of sequence", on purpose).
SELECT 1;
