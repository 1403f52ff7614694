-- Kiosk store, version 1. Applied by mq_store_open when user_version < 1.

-- Every record a resident or member makes at this kiosk, as it goes on the wire.
-- A row is written in the same transaction as the record it queues.
CREATE TABLE outbox (
  id          TEXT PRIMARY KEY,            -- record id, UUIDv4 made here
  kind        TEXT NOT NULL,               -- opinion, booking, checkin, ...
  created_at  TEXT NOT NULL,               -- RFC 3339 UTC
  data        TEXT NOT NULL,               -- wire "data" object; contact wiped once acked
  state       TEXT NOT NULL DEFAULT 'queued'
              CHECK (state IN ('queued', 'acked', 'rejected')),
  queued_at   INTEGER NOT NULL,            -- unix seconds
  attempts    INTEGER NOT NULL DEFAULT 0,  -- uploads tried
  result      TEXT,                        -- the server's word: stored/duplicate/conflict/invalid
  error       TEXT,                        -- the server's message for a rejected record
  settled_at  INTEGER                      -- when acked or rejected
);
CREATE INDEX outbox_queue ON outbox (state, queued_at);

-- What the kiosk shows about opinions filed here (no personal data).
CREATE TABLE opinions (
  id          TEXT PRIMARY KEY REFERENCES outbox (id),
  token       TEXT NOT NULL UNIQUE,
  short_code  TEXT NOT NULL,
  category    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  stage       TEXT NOT NULL DEFAULT 'collected'
);
CREATE INDEX opinions_short_code ON opinions (short_code);

-- Small bookkeeping: last sync, last error, state cache, ETag, cursor, clock offset.
CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
