-- 0014_check_lists.sql — the CHECKs that every stored opinion meets, as
-- comparisons instead of IN lists. For `x IN (three or more constants)`
-- SQLite builds an ephemeral table each time the statement runs, and the
-- records endpoint runs its INSERTs one row at a time: an opinion made five
-- (its channel, stage and disposition, its first stage event and the stage
-- trigger's update), which was about a third of the server's instructions
-- for a batch of records. `x = 'a' OR x = 'b' ...` accepts and refuses
-- exactly the same values (a NULL passes both), compared in place.
-- Never edit once released; add a new number.
--
-- No stored row changes, so the CREATE text is edited in sqlite_schema as
-- 0008 and 0012 did; RESET makes this connection reload the schema, and the
-- table made and dropped at the end changes the schema cookie for every
-- other connection — and refuses the migration when a text did not match.
-- PostgreSQL evaluates IN lists in place: its 0014 changes nothing.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(replace(sql,
                     'CHECK (channel IN (''kiosk'', ''web'', ''member'', ''phone'', ''liaison''))',
                     'CHECK (channel = ''kiosk'' OR channel = ''web'' OR channel = ''member'' OR channel = ''phone'' OR channel = ''liaison'')'),
                     'CHECK (stage IN (''collected'', ''triaged'', ''research'', ''consult'', ''feedback''))',
                     'CHECK (stage = ''collected'' OR stage = ''triaged'' OR stage = ''research'' OR stage = ''consult'' OR stage = ''feedback'')'),
                     'CHECK (disposition IN (''topic'', ''answered'', ''referred'', ''duplicate'', ''rejected''))',
                     'CHECK (disposition = ''topic'' OR disposition = ''answered'' OR disposition = ''referred'' OR disposition = ''duplicate'' OR disposition = ''rejected'')')
 WHERE type = 'table' AND name = 'opinions';
UPDATE sqlite_schema
   SET sql = replace(sql,
                     'CHECK (stage IN (''collected'', ''triaged'', ''research'', ''consult'', ''feedback''))',
                     'CHECK (stage = ''collected'' OR stage = ''triaged'' OR stage = ''research'' OR stage = ''consult'' OR stage = ''feedback'')')
 WHERE type = 'table' AND name = 'stage_events';
PRAGMA writable_schema = RESET;

CREATE TABLE migration_0014 (rewritten INTEGER NOT NULL CHECK (rewritten = 2));
INSERT INTO migration_0014
  SELECT count(*) FROM sqlite_schema
   WHERE type = 'table' AND name IN ('opinions', 'stage_events')
     AND sql NOT LIKE '% IN (''collected''%' AND sql NOT LIKE '% IN (''kiosk''%'
     AND sql NOT LIKE '% IN (''topic'', ''answered''%'
     AND sql LIKE '%stage = ''feedback'')%';
DROP TABLE migration_0014;
