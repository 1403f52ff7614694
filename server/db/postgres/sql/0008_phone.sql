-- 0008_phone.sql — the phone side (民情E点通), as
-- server/db/sqlite/sql/0008_phone.sql: the channel key 'phone' (手机) on
-- opinions and bookings, and each studio's opening hours for its poster.
-- Never edit once released; add a new number.

ALTER TABLE opinions DROP CONSTRAINT opinions_channel_check,
  ADD CONSTRAINT opinions_channel_check CHECK (channel IN ('kiosk', 'web', 'member', 'phone'));
ALTER TABLE bookings DROP CONSTRAINT bookings_channel_check,
  ADD CONSTRAINT bookings_channel_check CHECK (channel IN ('kiosk', 'web', 'phone'));

-- 开放时间: a line of text; '' when the district has not said.
ALTER TABLE studios ADD COLUMN hours TEXT NOT NULL DEFAULT '';
