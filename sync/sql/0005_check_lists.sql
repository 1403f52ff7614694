-- Kiosk store, version 5: the outbox's state CHECK as comparisons instead
-- of an IN list. For `x IN (three or more constants)` SQLite builds an
-- ephemeral table each time a statement runs, and settling a batch runs
-- one UPDATE per record (a fifth of the kiosk's instructions in a drain).
-- `x = 'a' OR ...` accepts and refuses exactly the same values, in place.
-- No stored row changes, so the CREATE text is edited in sqlite_schema
-- (https://sqlite.org/lang_altertable.html, "making other kinds of table
-- schema changes"); RESET makes this connection reload the schema, and the
-- table made and dropped at the end changes the schema cookie for other
-- connections — and refuses the migration when the text did not match.
-- An older kiosk build (after a rollback) reads this schema as it is.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (state IN (''queued'', ''acked'', ''rejected''))',
                     'CHECK (state = ''queued'' OR state = ''acked'' OR state = ''rejected'')')
 WHERE type = 'table' AND name = 'outbox';
PRAGMA writable_schema = RESET;

CREATE TABLE migration_0005 (rewritten INTEGER NOT NULL CHECK (rewritten = 1));
INSERT INTO migration_0005
  SELECT count(*) FROM sqlite_schema
   WHERE type = 'table' AND name = 'outbox' AND sql NOT LIKE '%state IN (%'
     AND sql LIKE '%state = ''rejected'')%';
DROP TABLE migration_0005;
