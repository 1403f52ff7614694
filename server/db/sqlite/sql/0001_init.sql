-- 0001_init.sql — the district server's first schema (DESIGN.md §3).
-- Times are UTC unix seconds (INTEGER). Applied by the SQLite plugin (conn.c) when
-- PRAGMA user_version < 1; never edit a released migration, add 0002_*.sql.

-- 街道: the district's streets.
CREATE TABLE streets (
  key   TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  sort  INTEGER NOT NULL DEFAULT 0
);

-- 委员工作室: one per street; its id is the street key (e.g. hubin).
CREATE TABLE studios (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  street  TEXT NOT NULL REFERENCES streets(key),
  address TEXT
);

-- 社区: communities of a studio's street; keys are unique per studio.
CREATE TABLE communities (
  studio TEXT NOT NULL REFERENCES studios(id),
  key    TEXT NOT NULL,
  name   TEXT NOT NULL,
  sort   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (studio, key)
);

-- 委员: members, grouped by street (studio). pin_hash is argon2id or NULL.
CREATE TABLE members (
  key        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  sector     TEXT NOT NULL,          -- 界别
  expertise  TEXT NOT NULL DEFAULT '',
  studio     TEXT NOT NULL REFERENCES studios(id),
  badge_code TEXT UNIQUE,
  pin_hash   TEXT,
  sort       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX members_studio ON members(studio, sort);

-- Opinion categories, district-wide.
CREATE TABLE categories (
  key  TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0
);

-- Enrolled kiosks and their HMAC-SHA256 keys.
CREATE TABLE devices (
  id         TEXT PRIMARY KEY,
  key        BLOB NOT NULL CHECK (length(key) = 32),
  studio     TEXT NOT NULL REFERENCES studios(id),
  created_at INTEGER NOT NULL,
  last_seen  INTEGER
);

-- One-time enrollment codes (minqing-server kiosk-code).
CREATE TABLE enroll_codes (
  code       TEXT PRIMARY KEY,
  studio     TEXT NOT NULL REFERENCES studios(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);

-- Signature nonces seen within the replay window.
CREATE TABLE nonces (
  keyid      TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (keyid, nonce)
) WITHOUT ROWID;
CREATE INDEX nonces_created ON nonces(created_at);

-- Every record a kiosk delivered: what idempotency compares. The content is
-- kept as a SHA-256 of its canonical JSON so no personal data is copied here.
CREATE TABLE records (
  id             TEXT PRIMARY KEY,   -- UUID, lowercase
  device         TEXT NOT NULL REFERENCES devices(id),
  kind           TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  content_sha256 TEXT NOT NULL,
  received_at    INTEGER NOT NULL
);

-- 社情民意: residents' opinions.
CREATE TABLE opinions (
  id            TEXT PRIMARY KEY REFERENCES records(id),
  token         TEXT NOT NULL UNIQUE,
  short_code    TEXT NOT NULL,
  studio        TEXT NOT NULL REFERENCES studios(id),
  community     TEXT,
  category      TEXT NOT NULL REFERENCES categories(key),
  text          TEXT NOT NULL,
  member        TEXT REFERENCES members(key),
  contact_name  TEXT,
  contact_phone TEXT,
  channel       TEXT NOT NULL CHECK (channel IN ('kiosk', 'web', 'member')),
  created_at    INTEGER NOT NULL,
  stage         TEXT NOT NULL DEFAULT 'collected'
                CHECK (stage IN ('collected', 'triaged', 'research', 'consult', 'feedback')),
  FOREIGN KEY (studio, community) REFERENCES communities(studio, key)
);
CREATE INDEX opinions_studio ON opinions(studio, created_at);

-- The stage history of opinions and topics. Append-only: the triggers
-- below refuse UPDATE and DELETE; the newest event sets the current stage.
CREATE TABLE stage_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('opinion', 'topic')),
  subject       TEXT NOT NULL,
  stage         TEXT NOT NULL
                CHECK (stage IN ('collected', 'triaged', 'research', 'consult', 'feedback')),
  at            INTEGER NOT NULL,
  actor_role    TEXT NOT NULL,
  public_note   TEXT,
  internal_note TEXT
);
CREATE INDEX stage_events_subject ON stage_events(subject, id);

CREATE TRIGGER stage_events_no_update BEFORE UPDATE ON stage_events
BEGIN
  SELECT RAISE(ABORT, 'stage_events is append-only');
END;

CREATE TRIGGER stage_events_no_delete BEFORE DELETE ON stage_events
BEGIN
  SELECT RAISE(ABORT, 'stage_events is append-only');
END;

CREATE TRIGGER stage_events_move_opinion AFTER INSERT ON stage_events
WHEN NEW.subject_kind = 'opinion'
BEGIN
  UPDATE opinions SET stage = NEW.stage WHERE id = NEW.subject;
END;
