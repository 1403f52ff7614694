-- seed-demo-roster.sql (SQLite) — the demo district's duty rosters, loaded
-- after seed-demo.sql; postgres/sql/seed-demo-roster.sql makes the same rows.
--
-- Duty shifts for today and the next 14 days (Asia/Shanghai), weekdays only:
-- 09:00-11:30 and 14:30-17:00 in every studio, 30-minute slots of 2 places,
-- the street's five members in turn. Ids as roster-import makes them, so a
-- second seed-demo (even on another day) adds only the days not there yet.
WITH RECURSIVE days(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM days WHERE n < 14),
  d AS (SELECT n, date('now', '+8 hours', '+' || n || ' days') AS day FROM days),
  p(start_min, end_min, half) AS (VALUES (540, 690, 0), (870, 1020, 1))
INSERT OR IGNORE INTO duty_shifts (id, studio, member, start_at, end_at, slot_minutes,
                                   capacity, source)
SELECT s.id || '-' || replace(d.day, '-', '') || '-'
         || printf('%02d%02d-%02d%02d', p.start_min / 60, p.start_min % 60,
                   p.end_min / 60, p.end_min % 60),
       s.id,
       s.id || '-0' || ((d.n * 2 + p.half) % 5 + 1),
       CAST(strftime('%s', d.day) AS INTEGER) + p.start_min * 60 - 28800,
       CAST(strftime('%s', d.day) AS INTEGER) + p.end_min * 60 - 28800,
       30, 2, 'seed'
FROM studios s, d, p
WHERE strftime('%w', d.day) NOT IN ('0', '6')
  AND NOT EXISTS (SELECT 1 FROM studio_closures c
                  WHERE c.day = d.day AND c.studio IN (s.id, '*'));

WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 4)
INSERT OR IGNORE INTO duty_slots (id, shift, start_at, end_at, capacity)
SELECT t.studio || '-' || strftime('%Y%m%d-%H%M', t.start_at + k.i * 1800 + 28800, 'unixepoch'),
       t.id, t.start_at + k.i * 1800, t.start_at + (k.i + 1) * 1800, t.capacity
FROM duty_shifts t, k
WHERE t.source = 'seed' AND t.start_at + (k.i + 1) * 1800 <= t.end_at;
