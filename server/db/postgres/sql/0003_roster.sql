-- 0003_roster.sql — duty rosters, visit bookings and member attendance, as
-- server/db/sqlite/sql/0003_roster.sql. Times are UTC unix seconds; dates
-- of closures are Asia/Shanghai calendar dates. The invariants a kiosk
-- record or an import could break are enforced here, by the database, for
-- every server instance at once: the triggers that count take a lock first
-- (the slot's row, or an advisory lock on the studio), so two transactions
-- on two instances cannot both pass the same count.

-- 值班: one member on duty in a studio from start_at to end_at, cut into
-- slots of slot_minutes with capacity residents each. A shift is cancelled,
-- never deleted, so its bookings keep a shift.
CREATE TABLE duty_shifts (
  id           TEXT PRIMARY KEY,
  studio       TEXT NOT NULL REFERENCES studios(id),
  member       TEXT NOT NULL REFERENCES members(key),
  start_at     BIGINT NOT NULL,
  end_at       BIGINT NOT NULL,
  slot_minutes BIGINT NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
  capacity     BIGINT NOT NULL CHECK (capacity BETWEEN 1 AND 50),
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  note         TEXT NOT NULL DEFAULT '',   -- why it was cancelled, shown to residents
  source       TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'weekly', 'seed')),
  CHECK (end_at > start_at),
  CHECK ((end_at - start_at) % (slot_minutes * 60) = 0)
);
CREATE INDEX duty_shifts_studio ON duty_shifts(studio, start_at);
CREATE INDEX duty_shifts_member ON duty_shifts(member, start_at);

-- A studio has one reception desk: its active shifts never overlap.
-- Members take duty in their own street's studio.
CREATE FUNCTION duty_shifts_insert_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM members m WHERE m.key = NEW.member AND m.studio = NEW.studio) THEN
    RAISE EXCEPTION 'the member does not belong to the studio' USING ERRCODE = '23000';
  END IF;
  IF NEW.status = 'active' THEN
    PERFORM pg_advisory_xact_lock(hashtext('minqing.duty_shifts.' || NEW.studio));
    IF EXISTS (SELECT 1 FROM duty_shifts s
               WHERE s.studio = NEW.studio AND s.status = 'active' AND s.id <> NEW.id
                 AND s.start_at < NEW.end_at AND NEW.start_at < s.end_at) THEN
      RAISE EXCEPTION 'duty shift overlaps another shift of the studio' USING ERRCODE = '23000';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER duty_shifts_insert_rules BEFORE INSERT ON duty_shifts
  FOR EACH ROW EXECUTE FUNCTION duty_shifts_insert_rules();

-- Shifts only move to cancelled; times and capacity are fixed once made.
CREATE FUNCTION duty_shifts_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.start_at <> OLD.start_at OR NEW.end_at <> OLD.end_at OR NEW.studio <> OLD.studio
     OR NEW.member <> OLD.member OR NEW.capacity <> OLD.capacity
     OR NEW.slot_minutes <> OLD.slot_minutes
     OR (OLD.status = 'cancelled' AND NEW.status <> 'cancelled') THEN
    RAISE EXCEPTION 'a duty shift can only be cancelled' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER duty_shifts_fixed BEFORE UPDATE ON duty_shifts
  FOR EACH ROW EXECUTE FUNCTION duty_shifts_fixed();

-- 预约时段: the bookable parts of a shift.
CREATE TABLE duty_slots (
  id       TEXT PRIMARY KEY,
  shift    TEXT NOT NULL REFERENCES duty_shifts(id),
  start_at BIGINT NOT NULL,
  end_at   BIGINT NOT NULL,
  capacity BIGINT NOT NULL CHECK (capacity >= 1),
  CHECK (end_at > start_at)
);
CREATE INDEX duty_slots_shift ON duty_slots(shift, start_at);

CREATE FUNCTION duty_slots_inside_shift() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM duty_shifts s WHERE s.id = NEW.shift
                 AND NEW.start_at >= s.start_at AND NEW.end_at <= s.end_at) THEN
    RAISE EXCEPTION 'a slot must lie inside its shift' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER duty_slots_inside_shift BEFORE INSERT ON duty_slots
  FOR EACH ROW EXECUTE FUNCTION duty_slots_inside_shift();

-- 闭馆与节假日: no duty on these Asia/Shanghai dates. studio '*' is a
-- district-wide holiday.
CREATE TABLE studio_closures (
  studio TEXT NOT NULL,
  day    TEXT NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  kind   TEXT NOT NULL CHECK (kind IN ('closed', 'holiday')),
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (studio, day)
);

-- 预约: a resident's booking of a slot, from a kiosk record. A booking
-- that found no place is kept as 'refused'. sequence is the iCalendar
-- SEQUENCE, bumped on every change the resident's calendar must learn.
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
  sequence      BIGINT NOT NULL DEFAULT 0,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  cancel_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX bookings_slot ON bookings(slot, status);

-- Capacity. A place is held by a booking that is booked, attended or
-- no_show; a slot of a cancelled shift has none. Both checks raise
-- 'slot_unavailable' (SQLSTATE 23MQS), which the store turns into a
-- refused booking. The slot's row is locked first (FOR UPDATE), so a second
-- transaction for the same slot, on any instance, waits and then counts
-- the first one's booking (READ COMMITTED), or fails to serialise and is
-- retried (SERIALIZABLE): two kiosks racing for the last place cannot both
-- get it.
CREATE FUNCTION bookings_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap BIGINT;
  shift_status TEXT;
  held BIGINT;
BEGIN
  IF NEW.status NOT IN ('booked', 'attended', 'no_show') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status IN ('booked', 'attended', 'no_show') THEN
    RETURN NEW;
  END IF;
  SELECT t.capacity, s.status INTO cap, shift_status
    FROM duty_slots t JOIN duty_shifts s ON s.id = t.shift
    WHERE t.id = NEW.slot FOR UPDATE OF t;
  SELECT count(*) INTO held FROM bookings b
    WHERE b.slot = NEW.slot AND b.status IN ('booked', 'attended', 'no_show');
  IF held >= cap OR (TG_OP = 'INSERT' AND shift_status <> 'active') THEN
    RAISE EXCEPTION 'slot_unavailable' USING ERRCODE = '23MQS';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER bookings_capacity_insert BEFORE INSERT ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_capacity();
CREATE TRIGGER bookings_capacity_update BEFORE UPDATE OF status ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_capacity();

-- A refused or cancelled booking stays so.
CREATE FUNCTION bookings_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('refused', 'cancelled') AND NEW.status <> OLD.status THEN
    RAISE EXCEPTION 'a refused or cancelled booking cannot change' USING ERRCODE = '23000';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER bookings_final BEFORE UPDATE OF status ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_final();

-- 签到/签退 of duty members, from kiosk records (method badge or PIN).
CREATE TABLE attendance (
  id     TEXT PRIMARY KEY REFERENCES records(id),
  member TEXT NOT NULL REFERENCES members(key),
  studio TEXT NOT NULL REFERENCES studios(id),
  kind   TEXT NOT NULL CHECK (kind IN ('checkin', 'checkout')),
  method TEXT NOT NULL CHECK (method IN ('badge', 'pin')),
  at     BIGINT NOT NULL
);
CREATE INDEX attendance_member ON attendance(member, at);

-- Reminders sent (or being sent) through the outbound webhook, one per
-- booking at most: a row is claimed ('sending') before the request goes
-- out, so a second run on any instance, or a crash after the request,
-- never sends again (the claim is one INSERT ... ON CONFLICT statement).
CREATE TABLE reminders (
  booking    TEXT PRIMARY KEY REFERENCES bookings(id),
  state      TEXT NOT NULL CHECK (state IN ('sending', 'retry', 'sent', 'failed')),
  attempts   BIGINT NOT NULL DEFAULT 0,
  next_at    BIGINT NOT NULL DEFAULT 0,
  sent_at    BIGINT,
  last_error TEXT NOT NULL DEFAULT ''
);
