-- seed-demo-roster.sql (PostgreSQL) — the demo district's duty rosters,
-- loaded after the shared server/db/sqlite/sql/seed-demo.sql; the same rows
-- as server/db/sqlite/sql/seed-demo-roster.sql makes on SQLite.
--
-- Duty shifts for today and the next 14 days (Asia/Shanghai), weekdays only:
-- 09:00-11:30 and 14:30-17:00 in every studio, 30-minute slots of 2 places,
-- the street's five members in turn. Ids as roster-import makes them, so a
-- second seed-demo (even on another day) adds only the days not there yet.
WITH d AS (SELECT n, (now() AT TIME ZONE 'Asia/Shanghai')::date + n AS day
           FROM generate_series(0, 14) AS n),
  p(start_min, end_min, half) AS (VALUES (540, 690, 0), (870, 1020, 1))
INSERT INTO duty_shifts (id, studio, member, start_at, end_at, slot_minutes, capacity, source)
SELECT s.id || '-' || to_char(d.day, 'YYYYMMDD') || '-'
         || lpad((p.start_min / 60)::text, 2, '0') || lpad((p.start_min % 60)::text, 2, '0')
         || '-' || lpad((p.end_min / 60)::text, 2, '0') || lpad((p.end_min % 60)::text, 2, '0'),
       s.id,
       s.id || '-0' || ((d.n * 2 + p.half) % 5 + 1),
       extract(epoch FROM d.day::timestamp)::bigint + p.start_min * 60 - 28800,
       extract(epoch FROM d.day::timestamp)::bigint + p.end_min * 60 - 28800,
       30, 2, 'seed'
FROM studios s, d, p
WHERE extract(dow FROM d.day) NOT IN (0, 6)
  AND NOT EXISTS (SELECT 1 FROM studio_closures c
                  WHERE c.day = to_char(d.day, 'YYYY-MM-DD') AND c.studio IN (s.id, '*'))
ON CONFLICT DO NOTHING;

INSERT INTO duty_slots (id, shift, start_at, end_at, capacity)
SELECT t.studio || '-' || to_char(to_timestamp(t.start_at + k.i * 1800 + 28800) AT TIME ZONE 'UTC',
                                  'YYYYMMDD-HH24MI'),
       t.id, t.start_at + k.i * 1800, t.start_at + (k.i + 1) * 1800, t.capacity
FROM duty_shifts t, generate_series(0, 4) AS k(i)
WHERE t.source = 'seed' AND t.start_at + (k.i + 1) * 1800 <= t.end_at
ON CONFLICT DO NOTHING;
