-- 0012_outreach.sql — members and liaison officers join in (征集, 民情联络员):
--   * a new console role 'liaison' (民情联络员), tied to one street's studio
--     like a street group, who files opinions on behalf of the residents
--     visited (/console/file) with the new channel key 'liaison' (联络员走访);
--     liaison_filings says who filed which, so each sees only their own;
--   * a topic opened for members to volunteer (topic_calls) and the members
--     who volunteered, of whom staff choose the participants (chosen_at;
--     a chosen member also joins topic_members, as any member involved).
-- Never edit once released; add a new number.
--
-- The CHECKs are widened as 0008 widened the channel: the CREATE text in
-- sqlite_schema is edited (no stored row changes), and the temp table at
-- the end refuses the migration when a text did not match. The ALTER TABLE
-- after the edit (topic_calls.closed_at) makes this connection reload the
-- schema too (a CREATE TABLE alone would not: it keeps the old CHECKs in
-- memory), and changes the schema cookie for every other connection.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (channel IN (''kiosk'', ''web'', ''member'', ''phone''))',
                     'CHECK (channel IN (''kiosk'', ''web'', ''member'', ''phone'', ''liaison''))')
 WHERE type = 'table' AND name = 'opinions';
UPDATE sqlite_schema
   SET sql = replace(replace(sql,
                     'CHECK (role IN (''admin'', ''street'', ''member''))',
                     'CHECK (role IN (''admin'', ''street'', ''member'', ''liaison''))'),
                     'CHECK ((role = ''street'') = (studio IS NOT NULL))',
                     'CHECK ((role IN (''street'', ''liaison'')) = (studio IS NOT NULL))')
 WHERE type = 'table' AND name = 'staff';
PRAGMA writable_schema = OFF;

-- Who filed an opinion on a resident's behalf (the opinion's channel is 'liaison').
CREATE TABLE liaison_filings (
  opinion    TEXT PRIMARY KEY REFERENCES opinions(id),
  username   TEXT NOT NULL REFERENCES staff(username),
  created_at INTEGER NOT NULL
);
CREATE INDEX liaison_filings_user ON liaison_filings (username, created_at);

-- 征集: a topic open for members to volunteer (closed_at set when closed).
CREATE TABLE topic_calls (
  topic      TEXT PRIMARY KEY REFERENCES topics(id),
  note       TEXT NOT NULL DEFAULT '',
  opened_by  TEXT NOT NULL,
  opened_at  INTEGER NOT NULL
);
-- when closed; added apart: the schema reload of the note at the top
ALTER TABLE topic_calls ADD COLUMN closed_at INTEGER;

-- A member's 报名参与 for a topic; chosen_at when staff chose them.
CREATE TABLE topic_volunteers (
  topic      TEXT NOT NULL REFERENCES topics(id),
  member     TEXT NOT NULL REFERENCES members(key),
  created_at INTEGER NOT NULL,
  chosen_at  INTEGER,
  PRIMARY KEY (topic, member)
);
CREATE INDEX topic_volunteers_member ON topic_volunteers (member, created_at);

CREATE TEMP TABLE migration_0012 (widened INTEGER NOT NULL CHECK (widened = 2));
INSERT INTO migration_0012
  SELECT count(*) FROM sqlite_schema
   WHERE (type = 'table' AND name = 'opinions' AND sql LIKE '%''liaison''))%')
      OR (type = 'table' AND name = 'staff' AND sql LIKE '%''street'', ''liaison'')) = (studio%');
DROP TABLE migration_0012;
