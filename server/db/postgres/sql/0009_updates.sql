-- 0009_updates.sql — system updates of the kiosks (RAUC bundles), rolled
-- out from the console: the bundles uploaded (verified against the
-- district's keyring on upload; the file itself lives in [server]
-- bundle_dir under its SHA-256), who is offered which (one kiosk as a
-- canary, a street, or all; paused or withdrawn), and each kiosk's update
-- state as its latest heartbeat reported it. Same tables in both plugins.
-- Never edit once released; add a new number.

CREATE TABLE update_bundles (
  id          BIGSERIAL PRIMARY KEY,
  version     TEXT NOT NULL,
  compatible  TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  size        BIGINT NOT NULL CHECK (size > 0),
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);

CREATE TABLE update_rollouts (
  id         BIGSERIAL PRIMARY KEY,
  bundle     BIGINT NOT NULL REFERENCES update_bundles(id),
  scope      TEXT NOT NULL CHECK (scope IN ('device', 'street', 'all')),
  target     TEXT NOT NULL,              -- a device id, a street key, '' for all
  state      TEXT NOT NULL CHECK (state IN ('active', 'paused', 'withdrawn')),
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX update_rollouts_state ON update_rollouts (state, id);

CREATE TABLE update_status (
  device      TEXT PRIMARY KEY REFERENCES devices(id),
  state       TEXT NOT NULL,             -- idle offered downloading downloaded installing
                                         -- installed booted good rolled_back failed
  running     TEXT NOT NULL,             -- the system version the kiosk booted
  version     TEXT,                      -- the bundle the state is about
  percent     BIGINT NOT NULL DEFAULT 0,
  reason      TEXT,                      -- why it failed or rolled back
  booted_slot TEXT,
  slot_a      TEXT,                      -- the versions in both root slots
  slot_b      TEXT,
  at          BIGINT NOT NULL
);
