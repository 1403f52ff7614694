-- Kiosk store, version 2: visit bookings and duty members' attendance.

-- Bookings made at this kiosk, as the resident and the duty member see them
-- here: the name only masked (王**); the name and phone themselves live only
-- in the outbox entry, wiped once acknowledged.
CREATE TABLE bookings (
  id          TEXT PRIMARY KEY REFERENCES outbox (id),
  token       TEXT NOT NULL UNIQUE,
  short_code  TEXT NOT NULL,
  slot        TEXT NOT NULL,
  name_masked TEXT NOT NULL,
  topic       TEXT,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'booked', 'refused', 'cancelled')),
  created_at  TEXT NOT NULL
);
CREATE INDEX bookings_slot ON bookings (slot, status);

-- Check-ins and check-outs of duty members at this kiosk.
CREATE TABLE attendance (
  id      TEXT PRIMARY KEY REFERENCES outbox (id),
  kind    TEXT NOT NULL CHECK (kind IN ('checkin', 'checkout')),
  member  TEXT NOT NULL,
  method  TEXT NOT NULL CHECK (method IN ('badge', 'pin')),
  at      TEXT NOT NULL
);
CREATE INDEX attendance_member ON attendance (member, at);
