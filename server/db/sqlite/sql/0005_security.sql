-- 0005_security.sql — what an attack review asked for: kiosks and Open311
-- keys can be revoked; failed attempts (logins, enrollment) are throttled by
-- purpose, account and address with growing delays instead of locking an
-- account or a whole address; the server keeps random secrets of its own.
-- Times are UTC unix seconds. Never edit once released; add a new number.

-- A revoked device (a stolen kiosk, a withdrawn Open311 key) gets 401
-- "revoked" on every signed route; its rows stay for the records it sent.
ALTER TABLE devices ADD COLUMN revoked_at INTEGER;
ALTER TABLE open311_keys ADD COLUMN revoked_at INTEGER;

-- Failures per purpose ('login', 'enroll', ...), subject (an account name;
-- '' when only the address counts) and address group (an IPv4 address or an
-- IPv6 /64). A success deletes its row; rows quiet for a day are purged.
CREATE TABLE throttle (
  purpose  TEXT NOT NULL,
  subject  TEXT NOT NULL,
  address  TEXT NOT NULL,
  failures INTEGER NOT NULL CHECK (failures > 0),
  last_at  INTEGER NOT NULL,
  PRIMARY KEY (purpose, subject, address)
) WITHOUT ROWID;
CREATE INDEX throttle_last ON throttle(last_at);

-- The login limits of 0002 (a name locked from everywhere, an address locked
-- for everyone behind it) are replaced by the throttle above.
DROP TABLE login_failures;

-- Random secrets made once on first use: 'badge' derives each studio's
-- badge key (HMAC-SHA-256 of the studio id), which only its kiosks get.
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL CHECK (length(value) = 32)
);
