-- 0005_security.sql — what an attack review asked for, as
-- server/db/sqlite/sql/0005_security.sql: kiosks and Open311 keys can be
-- revoked; failed attempts (logins, enrollment) are throttled by purpose,
-- account and address with growing delays instead of locking an account or
-- a whole address; the server keeps random secrets of its own. Like the
-- nonces and sessions, the throttle and the secrets are tables every
-- server instance shares: a failure counted on one instance delays the
-- next attempt on every other, and all instances derive the same badge
-- keys. Times are UTC unix seconds. Never edit once released; add a new
-- number.

-- A revoked device (a stolen kiosk, a withdrawn Open311 key) gets 401
-- "revoked" on every signed route; its rows stay for the records it sent.
ALTER TABLE devices ADD COLUMN revoked_at BIGINT;
ALTER TABLE open311_keys ADD COLUMN revoked_at BIGINT;

-- Failures per purpose ('login', 'enroll', ...), subject (an account name;
-- '' when only the address counts) and address group (an IPv4 address or an
-- IPv6 /64). A success deletes its row; rows quiet for a day are purged.
-- Each failure is one upsert (failures + 1 under the row's lock), so
-- failures counted at once on several instances are all counted.
CREATE TABLE throttle (
  purpose  TEXT NOT NULL,
  subject  TEXT NOT NULL,
  address  TEXT NOT NULL,
  failures BIGINT NOT NULL CHECK (failures > 0),
  last_at  BIGINT NOT NULL,
  PRIMARY KEY (purpose, subject, address)
);
CREATE INDEX throttle_last ON throttle(last_at);

-- The login limits of 0002 (a name locked from everywhere, an address locked
-- for everyone behind it) are replaced by the throttle above.
DROP TABLE login_failures;

-- Random secrets made once on first use: 'badge' derives each studio's
-- badge key (HMAC-SHA-256 of the studio id), which only its kiosks get.
-- The first instance to make one wins (INSERT ... ON CONFLICT DO NOTHING);
-- the others read its value.
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value BYTEA NOT NULL CHECK (octet_length(value) = 32)
);
