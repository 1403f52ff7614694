-- 0001_init.sql — the district server's first schema for PostgreSQL: the
-- same tables, keys and rules as server/db/sqlite/sql/0001_init.sql, number
-- for number. Times are UTC unix seconds (BIGINT). Applied by the PostgreSQL
-- plugin (conn.c) when mq_schema_version says < 1; never edit a released
-- migration, add 0002_*.sql. Rules SQLite keeps with RAISE(ABORT) triggers
-- raise SQLSTATE 23000 here, which the plugin answers as a conflict, as the
-- SQLite plugin does for SQLITE_CONSTRAINT.

-- 街道: the district's streets.
CREATE TABLE streets (
  key   TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  sort  BIGINT NOT NULL DEFAULT 0
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
  sort   BIGINT NOT NULL DEFAULT 0,
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
  sort       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX members_studio ON members(studio, sort);

-- Opinion categories, district-wide.
CREATE TABLE categories (
  key  TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sort BIGINT NOT NULL DEFAULT 0
);

-- Enrolled kiosks and their HMAC-SHA256 keys.
CREATE TABLE devices (
  id         TEXT PRIMARY KEY,
  key        BYTEA NOT NULL CHECK (length(key) = 32),
  studio     TEXT NOT NULL REFERENCES studios(id),
  created_at BIGINT NOT NULL,
  last_seen  BIGINT
);

-- One-time enrollment codes (minqing-server kiosk-code).
CREATE TABLE enroll_codes (
  code       TEXT PRIMARY KEY,
  studio     TEXT NOT NULL REFERENCES studios(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);

-- Signature nonces seen within the replay window: one table for every
-- server instance, so a nonce used through one is refused by the others.
CREATE TABLE nonces (
  keyid      TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (keyid, nonce)
);
CREATE INDEX nonces_created ON nonces(created_at);

-- Every record a kiosk delivered: what idempotency compares. The content is
-- kept as a SHA-256 of its canonical JSON so no personal data is copied here.
CREATE TABLE records (
  id             TEXT PRIMARY KEY,   -- UUID, lowercase
  device         TEXT NOT NULL REFERENCES devices(id),
  kind           TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  content_sha256 TEXT NOT NULL,
  received_at    BIGINT NOT NULL
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
  created_at    BIGINT NOT NULL,
  stage         TEXT NOT NULL DEFAULT 'collected'
                CHECK (stage IN ('collected', 'triaged', 'research', 'consult', 'feedback')),
  FOREIGN KEY (studio, community) REFERENCES communities(studio, key)
);
CREATE INDEX opinions_studio ON opinions(studio, created_at);

-- The stage history of opinions and topics. Append-only: the triggers
-- below refuse UPDATE and DELETE; the newest event sets the current stage.
--
-- Kiosks read a studio's changes by ascending id "since" the last one they
-- saw, so ids must become visible in order. With several writers a lower id
-- could commit after a higher one and be skipped; so the id is drawn by the
-- insert trigger after an advisory lock on the opinion's studio, held to
-- the end of the transaction: within a studio ids commit in order.
CREATE TABLE stage_events (
  id            BIGINT PRIMARY KEY,
  subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('opinion', 'topic')),
  subject       TEXT NOT NULL,
  stage         TEXT NOT NULL
                CHECK (stage IN ('collected', 'triaged', 'research', 'consult', 'feedback')),
  at            BIGINT NOT NULL,
  actor_role    TEXT NOT NULL,
  public_note   TEXT,
  internal_note TEXT
);
CREATE SEQUENCE stage_events_id_seq OWNED BY stage_events.id;
CREATE INDEX stage_events_subject ON stage_events(subject, id);

CREATE FUNCTION stage_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stage_events is append-only' USING ERRCODE = '23000';
END $$;

CREATE TRIGGER stage_events_no_update BEFORE UPDATE ON stage_events
  FOR EACH ROW EXECUTE FUNCTION stage_events_append_only();
CREATE TRIGGER stage_events_no_delete BEFORE DELETE ON stage_events
  FOR EACH ROW EXECUTE FUNCTION stage_events_append_only();

CREATE FUNCTION stage_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st TEXT;
BEGIN
  IF NEW.subject_kind = 'opinion' THEN
    SELECT studio INTO st FROM opinions WHERE id = NEW.subject;
    PERFORM pg_advisory_xact_lock(hashtext('minqing.stage_events.' || coalesce(st, '')));
  END IF;
  IF NEW.id IS NULL THEN
    NEW.id := nextval('stage_events_id_seq');
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER stage_events_number BEFORE INSERT ON stage_events
  FOR EACH ROW EXECUTE FUNCTION stage_events_number();

CREATE FUNCTION stage_events_move_opinion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE opinions SET stage = NEW.stage WHERE id = NEW.subject;
  RETURN NULL;
END $$;

CREATE TRIGGER stage_events_move_opinion AFTER INSERT ON stage_events
  FOR EACH ROW WHEN (NEW.subject_kind = 'opinion')
  EXECUTE FUNCTION stage_events_move_opinion();
