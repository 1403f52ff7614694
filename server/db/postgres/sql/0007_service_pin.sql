-- 0007_service_pin.sql — the technician PIN (维护密码) that opens a kiosk's
-- service screen, as server/db/sqlite/sql/0007_service_pin.sql. No image
-- ships a PIN: the district sets one in the console for every studio (scope
-- '*') and, where a studio should have its own, one for that studio, which
-- wins. Only the argon2id hash is kept; the state pull hands it to the
-- studio's kiosks, which check it offline as they check members' PINs. Who
-- set it and when is here and in the audit log.
-- Never edit once released; add a new number.

CREATE TABLE service_pins (
  scope    TEXT PRIMARY KEY,               -- '*' (every studio) or a studio id
  pin_hash TEXT NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
  set_at   BIGINT NOT NULL,
  set_by   TEXT NOT NULL
);
