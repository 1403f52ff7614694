-- 0008_phone.sql — the phone side (民情E点通): residents file opinions and
-- book visits from their own phones through /f/{studio}, with the channel
-- key 'phone' (shown as 手机) on opinions and bookings, and each studio's
-- opening hours, which its door poster prints beside the QR code.
-- Never edit once released; add a new number.
--
-- Widening a CHECK changes no stored row, so SQLite's own recipe for it
-- applies (https://sqlite.org/lang_altertable.html, "making other kinds of
-- table schema changes"): edit the table's CREATE text in sqlite_schema
-- instead of copying the table, which would need foreign keys off and
-- every table that references opinions or bookings rebuilt. The ALTER
-- TABLE after it changes the schema cookie, so every connection reloads
-- the schema; the check at the end refuses the migration if the text did
-- not match (a database made by something other than 0001 and 0003).

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (channel IN (''kiosk'', ''web'', ''member''))',
                     'CHECK (channel IN (''kiosk'', ''web'', ''member'', ''phone''))')
 WHERE type = 'table' AND name = 'opinions';
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (channel IN (''kiosk'', ''web''))',
                     'CHECK (channel IN (''kiosk'', ''web'', ''phone''))')
 WHERE type = 'table' AND name = 'bookings';
PRAGMA writable_schema = OFF;

-- 开放时间: a line of text such as "周一至周五 9:00–12:00、14:00–17:00";
-- '' when the district has not said (the poster then says to ask).
ALTER TABLE studios ADD COLUMN hours TEXT NOT NULL DEFAULT '';

CREATE TEMP TABLE migration_0008 (widened INTEGER NOT NULL CHECK (widened = 2));
INSERT INTO migration_0008
  SELECT count(*) FROM sqlite_schema
   WHERE type = 'table' AND name IN ('opinions', 'bookings') AND sql LIKE '%''phone''))%';
DROP TABLE migration_0008;
