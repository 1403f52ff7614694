-- 0012_outreach.sql — members and liaison officers join in, as
-- server/db/sqlite/sql/0012_outreach.sql: the role 'liaison' (民情联络员,
-- tied to a studio like a street group), the channel 'liaison' (联络员走访),
-- who filed which opinion, topics open for members to volunteer (征集) and
-- the volunteers. Never edit once released; add a new number.

ALTER TABLE opinions DROP CONSTRAINT opinions_channel_check,
  ADD CONSTRAINT opinions_channel_check
  CHECK (channel IN ('kiosk', 'web', 'member', 'phone', 'liaison'));
ALTER TABLE staff DROP CONSTRAINT staff_role_check, DROP CONSTRAINT staff_check,
  ADD CONSTRAINT staff_role_check CHECK (role IN ('admin', 'street', 'member', 'liaison')),
  ADD CONSTRAINT staff_check CHECK ((role IN ('street', 'liaison')) = (studio IS NOT NULL));

CREATE TABLE liaison_filings (
  opinion    TEXT PRIMARY KEY REFERENCES opinions(id),
  username   TEXT NOT NULL REFERENCES staff(username),
  created_at BIGINT NOT NULL
);
CREATE INDEX liaison_filings_user ON liaison_filings (username, created_at);

CREATE TABLE topic_calls (
  topic      TEXT PRIMARY KEY REFERENCES topics(id),
  note       TEXT NOT NULL DEFAULT '',
  opened_by  TEXT NOT NULL,
  opened_at  BIGINT NOT NULL,
  closed_at  BIGINT
);

CREATE TABLE topic_volunteers (
  topic      TEXT NOT NULL REFERENCES topics(id),
  member     TEXT NOT NULL REFERENCES members(key),
  created_at BIGINT NOT NULL,
  chosen_at  BIGINT,
  PRIMARY KEY (topic, member)
);
CREATE INDEX topic_volunteers_member ON topic_volunteers (member, created_at);
