-- 0010_participation.sql — residents help choose the topics (议题遴选): a
-- street group publishes candidate topics (候选议题) for a studio with a
-- closing date; residents back them, anonymously and counted, at the kiosk
-- (records of kind topic_support) and from their phones (once per browser);
-- after closing the street group promotes one into a real topic. Same
-- tables in both plugins. Never edit once released; add a new number.

CREATE TABLE candidates (
  id          INTEGER PRIMARY KEY,
  studio      TEXT NOT NULL REFERENCES studios(id),
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  closes      TEXT NOT NULL,              -- YYYY-MM-DD, the last day (Asia/Shanghai)
  opinion     TEXT REFERENCES opinions(id),  -- the triaged opinion it came from
  topic       TEXT REFERENCES topics(id),    -- set when promoted
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX candidates_studio ON candidates (studio, closes);

-- One backing: voter is the kiosk record's id, or a digest of the phone
-- browser's cookie; the key makes a second backing by the same voter a
-- conflict, never a second count.
CREATE TABLE candidate_supports (
  id          INTEGER PRIMARY KEY,
  candidate   INTEGER NOT NULL REFERENCES candidates(id),
  channel     TEXT NOT NULL CHECK (channel IN ('kiosk', 'phone')),
  voter       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (candidate, voter)
);
