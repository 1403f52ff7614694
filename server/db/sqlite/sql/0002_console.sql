-- 0002_console.sql — the staff console and the public side:
-- staff accounts and sessions, the audit log, consultation topics (议题),
-- triage results on opinions, members' coverage, kiosk health, ratings.
-- Times are UTC unix seconds. Never edit once released; add a new number.

-- Console accounts. role: admin (the whole district), street (one street
-- group: studio), member (what is addressed or assigned to member).
-- pw_hash is libsodium's crypto_pwhash_str (argon2id).
CREATE TABLE staff (
  username   TEXT PRIMARY KEY,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'street', 'member')),
  studio     TEXT REFERENCES studios(id),
  member     TEXT REFERENCES members(key),
  pw_hash    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK ((role = 'street') = (studio IS NOT NULL)),
  CHECK ((role = 'member') = (member IS NOT NULL))
);

-- Console sessions. id is the SHA-256 (hex) of the cookie's secret, so a
-- copy of the database opens no session. csrf goes into every form.
CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  username   TEXT NOT NULL REFERENCES staff(username) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Failed logins, for rate limiting (forgotten after a successful login).
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);

-- Every change made through the console: who, when, what, before/after (JSON).
CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  studio   TEXT,                 -- the street it concerns, for scoping; NULL = district
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  before   TEXT,
  after    TEXT
);
CREATE INDEX audit_log_studio ON audit_log(studio, id);

-- 议题: consultation topics made by triage. stage: research (调研走访),
-- consult (协商办理), feedback (督查反馈), closed.
CREATE TABLE topics (
  id            TEXT PRIMARY KEY,  -- UUID
  no            INTEGER NOT NULL UNIQUE,  -- shown as 议题 #no
  studio        TEXT NOT NULL REFERENCES studios(id),
  title         TEXT NOT NULL,
  stage         TEXT NOT NULL DEFAULT 'research'
                CHECK (stage IN ('research', 'consult', 'feedback', 'closed')),
  created_at    INTEGER NOT NULL,
  created_by    TEXT NOT NULL,
  visits_planned INTEGER NOT NULL DEFAULT 0,
  visits_done   INTEGER NOT NULL DEFAULT 0,
  research_note TEXT NOT NULL DEFAULT '',
  consult_form  TEXT CHECK (consult_form IN ('meeting', 'inspection', 'deliberation',
                                             'evaluation', 'mediation')),
  consult_date  TEXT,             -- YYYY-MM-DD
  participants  TEXT NOT NULL DEFAULT '',
  outcome       TEXT NOT NULL DEFAULT '',
  result        TEXT NOT NULL DEFAULT '',   -- the published result (public)
  published_at  INTEGER,
  followup_due  TEXT,             -- YYYY-MM-DD
  supervision   TEXT NOT NULL DEFAULT '',
  closed_at     INTEGER
);
CREATE INDEX topics_studio ON topics(studio, created_at);

-- Members involved in a topic (调研走访).
CREATE TABLE topic_members (
  topic  TEXT NOT NULL REFERENCES topics(id),
  member TEXT NOT NULL REFERENCES members(key),
  PRIMARY KEY (topic, member)
) WITHOUT ROWID;

-- Triage (分析研判) of an opinion. disposition: topic (made or joined a
-- topic), answered (answered directly), referred (to department), duplicate
-- (of duplicate_of), rejected (not accepted; the public note says why).
ALTER TABLE opinions ADD COLUMN disposition TEXT
  CHECK (disposition IN ('topic', 'answered', 'referred', 'duplicate', 'rejected'));
ALTER TABLE opinions ADD COLUMN topic TEXT REFERENCES topics(id);
ALTER TABLE opinions ADD COLUMN department TEXT;
ALTER TABLE opinions ADD COLUMN duplicate_of TEXT REFERENCES opinions(id);
ALTER TABLE opinions ADD COLUMN assigned_member TEXT REFERENCES members(key);
ALTER TABLE opinions ADD COLUMN closed_at INTEGER;
CREATE INDEX opinions_topic ON opinions(topic);

-- Communities a member covers (委员联系社区).
CREATE TABLE member_communities (
  member    TEXT NOT NULL REFERENCES members(key),
  studio    TEXT NOT NULL,
  community TEXT NOT NULL,
  PRIMARY KEY (member, community),
  FOREIGN KEY (studio, community) REFERENCES communities(studio, key)
) WITHOUT ROWID;

-- The latest heartbeat of each kiosk (POST /api/v1/heartbeat).
CREATE TABLE kiosk_health (
  device              TEXT PRIMARY KEY REFERENCES devices(id),
  at                  INTEGER NOT NULL,
  version             TEXT NOT NULL,
  uptime_s            INTEGER NOT NULL,
  queue_depth         INTEGER NOT NULL,
  oldest_queued_age_s INTEGER NOT NULL,
  disk_free_bytes     INTEGER NOT NULL,
  last_error          TEXT
);

-- Residents' satisfaction (1..5), once per opinion, from the tracking page
-- (channel web) or a kiosk (kind rating, channel kiosk).
CREATE TABLE ratings (
  opinion    TEXT PRIMARY KEY REFERENCES opinions(id),
  stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment    TEXT NOT NULL DEFAULT '',
  at         INTEGER NOT NULL,
  channel    TEXT NOT NULL CHECK (channel IN ('web', 'kiosk'))
);

-- Open311 API keys (POST /open311/v2/requests). Each key files web opinions
-- for one studio through its own row in devices (records need a device);
-- that device's HMAC key is random and never handed out.
CREATE TABLE open311_keys (
  key_hash   TEXT PRIMARY KEY,     -- SHA-256 hex of the API key
  studio     TEXT NOT NULL REFERENCES studios(id),
  device     TEXT NOT NULL REFERENCES devices(id),
  label      TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
