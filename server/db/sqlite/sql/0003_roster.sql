-- 0003_roster.sql — duty rosters, visit bookings and member attendance.
-- Times are UTC unix seconds; dates of closures are Asia/Shanghai
-- calendar dates. The invariants a kiosk record or an import could break
-- are enforced here, by the database, not by checks before an insert.

-- 值班: one member on duty in a studio from start_at to end_at, cut into
-- slots of slot_minutes with capacity residents each. The id is the studio
-- and the local start and end ("hubin-20261120-0900-1100"), so re-importing
-- a roster finds the shifts it made before. A shift is cancelled, never deleted
-- (closures, holidays, per-date exceptions), so its bookings keep a shift.
CREATE TABLE duty_shifts (
  id           TEXT PRIMARY KEY,
  studio       TEXT NOT NULL REFERENCES studios(id),
  member       TEXT NOT NULL REFERENCES members(key),
  start_at     INTEGER NOT NULL,
  end_at       INTEGER NOT NULL,
  slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
  capacity     INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 50),
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  note         TEXT NOT NULL DEFAULT '',   -- why it was cancelled, shown to residents
  source       TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'weekly', 'seed')),
  CHECK (end_at > start_at),
  CHECK ((end_at - start_at) % (slot_minutes * 60) = 0)
);
CREATE INDEX duty_shifts_studio ON duty_shifts(studio, start_at);
CREATE INDEX duty_shifts_member ON duty_shifts(member, start_at);

-- A studio has one reception desk: its active shifts never overlap.
CREATE TRIGGER duty_shifts_no_overlap BEFORE INSERT ON duty_shifts
WHEN NEW.status = 'active' AND EXISTS (
  SELECT 1 FROM duty_shifts s
  WHERE s.studio = NEW.studio AND s.status = 'active' AND s.id <> NEW.id
    AND s.start_at < NEW.end_at AND NEW.start_at < s.end_at)
BEGIN
  SELECT RAISE(ABORT, 'duty shift overlaps another shift of the studio');
END;

-- Members take duty in their own street's studio.
CREATE TRIGGER duty_shifts_member_of_studio BEFORE INSERT ON duty_shifts
WHEN NOT EXISTS (SELECT 1 FROM members m WHERE m.key = NEW.member AND m.studio = NEW.studio)
BEGIN
  SELECT RAISE(ABORT, 'the member does not belong to the studio');
END;

-- Shifts only move to cancelled; times and capacity are fixed once made.
CREATE TRIGGER duty_shifts_fixed BEFORE UPDATE ON duty_shifts
WHEN NEW.start_at <> OLD.start_at OR NEW.end_at <> OLD.end_at OR NEW.studio <> OLD.studio
  OR NEW.member <> OLD.member OR NEW.capacity <> OLD.capacity
  OR NEW.slot_minutes <> OLD.slot_minutes OR (OLD.status = 'cancelled' AND NEW.status <> 'cancelled')
BEGIN
  SELECT RAISE(ABORT, 'a duty shift can only be cancelled');
END;

-- 预约时段: the bookable parts of a shift, named by the studio and their
-- local start ("hubin-20261120-0930"; a studio's slots never overlap).
CREATE TABLE duty_slots (
  id       TEXT PRIMARY KEY,
  shift    TEXT NOT NULL REFERENCES duty_shifts(id),
  start_at INTEGER NOT NULL,
  end_at   INTEGER NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  CHECK (end_at > start_at)
);
CREATE INDEX duty_slots_shift ON duty_slots(shift, start_at);

CREATE TRIGGER duty_slots_inside_shift BEFORE INSERT ON duty_slots
WHEN NOT EXISTS (SELECT 1 FROM duty_shifts s WHERE s.id = NEW.shift
                 AND NEW.start_at >= s.start_at AND NEW.end_at <= s.end_at)
BEGIN
  SELECT RAISE(ABORT, 'a slot must lie inside its shift');
END;

-- 闭馆与节假日: no duty on these Asia/Shanghai dates. studio '*' is a
-- district-wide holiday.
CREATE TABLE studio_closures (
  studio TEXT NOT NULL,
  day    TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind   TEXT NOT NULL CHECK (kind IN ('closed', 'holiday')),
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (studio, day)
);

-- 预约: a resident's booking of a slot, from a kiosk record. A booking
-- that found no place is kept as 'refused' (its record got `conflict`) so
-- that its page can say so. sequence is the iCalendar SEQUENCE: bumped on
-- every change the resident's calendar must learn (cancellation).
CREATE TABLE bookings (
  id            TEXT PRIMARY KEY REFERENCES records(id),
  token         TEXT NOT NULL UNIQUE,
  short_code    TEXT NOT NULL,
  slot          TEXT NOT NULL REFERENCES duty_slots(id),
  studio        TEXT NOT NULL REFERENCES studios(id),
  name          TEXT NOT NULL,
  phone         TEXT NOT NULL,
  topic         TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL
                CHECK (status IN ('booked', 'refused', 'cancelled', 'attended', 'no_show')),
  channel       TEXT NOT NULL DEFAULT 'kiosk' CHECK (channel IN ('kiosk', 'web')),
  sequence      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  cancel_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX bookings_slot ON bookings(slot, status);

-- Capacity. A place is held by a booking that is booked, attended or
-- no_show; a slot of a cancelled shift has none. Both triggers raise
-- 'slot_unavailable', which the store turns into a refused booking: the
-- count and the insert are one statement inside the batch's transaction,
-- so two kiosks racing for the last place cannot both get it.
CREATE TRIGGER bookings_capacity_insert BEFORE INSERT ON bookings
WHEN NEW.status IN ('booked', 'attended', 'no_show') AND (
  (SELECT count(*) FROM bookings b
   WHERE b.slot = NEW.slot AND b.status IN ('booked', 'attended', 'no_show'))
  >= (SELECT capacity FROM duty_slots WHERE id = NEW.slot)
  OR (SELECT s.status FROM duty_slots t JOIN duty_shifts s ON s.id = t.shift
      WHERE t.id = NEW.slot) <> 'active')
BEGIN
  SELECT RAISE(ABORT, 'slot_unavailable');
END;

CREATE TRIGGER bookings_capacity_update BEFORE UPDATE OF status ON bookings
WHEN NEW.status IN ('booked', 'attended', 'no_show')
  AND OLD.status NOT IN ('booked', 'attended', 'no_show')
  AND (SELECT count(*) FROM bookings b
       WHERE b.slot = NEW.slot AND b.status IN ('booked', 'attended', 'no_show'))
      >= (SELECT capacity FROM duty_slots WHERE id = NEW.slot)
BEGIN
  SELECT RAISE(ABORT, 'slot_unavailable');
END;

-- A refused or cancelled booking stays so.
CREATE TRIGGER bookings_final BEFORE UPDATE OF status ON bookings
WHEN OLD.status IN ('refused', 'cancelled') AND NEW.status <> OLD.status
BEGIN
  SELECT RAISE(ABORT, 'a refused or cancelled booking cannot change');
END;

-- 签到/签退 of duty members, from kiosk records (method badge or PIN).
CREATE TABLE attendance (
  id     TEXT PRIMARY KEY REFERENCES records(id),
  member TEXT NOT NULL REFERENCES members(key),
  studio TEXT NOT NULL REFERENCES studios(id),
  kind   TEXT NOT NULL CHECK (kind IN ('checkin', 'checkout')),
  method TEXT NOT NULL CHECK (method IN ('badge', 'pin')),
  at     INTEGER NOT NULL
);
CREATE INDEX attendance_member ON attendance(member, at);

-- Reminders sent (or being sent) through the outbound webhook, one per
-- booking at most: a row is claimed ('sending') before the request goes
-- out, so a second run, or a crash after the request, never sends again.
CREATE TABLE reminders (
  booking    TEXT PRIMARY KEY REFERENCES bookings(id),
  state      TEXT NOT NULL CHECK (state IN ('sending', 'retry', 'sent', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  next_at    INTEGER NOT NULL DEFAULT 0,
  sent_at    INTEGER,
  last_error TEXT NOT NULL DEFAULT ''
);
