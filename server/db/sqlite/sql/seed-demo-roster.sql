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

-- Candidate topics of 湖滨 (议题遴选) around today: two still open for
-- residents to back, one closed three days ago and not yet promoted (the
-- street group's ranking), with backings. Added once: a second seed-demo
-- finds them by title.
INSERT INTO candidates (studio, title, description, closes, created_by, created_at)
SELECT 'hubin', v.title, v.description, date('now', '+8 hours', v.days || ' days'),
       'seed-demo', CAST(strftime('%s', 'now') AS INTEGER) - 5 * 86400
FROM (SELECT '湖滨步行街共享单车乱停放' AS title,
             '步行街两头共享单车堆满人行道，老人推轮椅过不去。' AS description, 7 AS days
      UNION ALL SELECT '社区老年活动室晚上开放', '活动室下午5点就关门，上班的子女没法陪老人去。', 10
      UNION ALL SELECT '东坡路口增设公交候车亭', '东坡路口的公交站没有遮挡，下雨天老人只能站着淋雨。', -3) v
WHERE NOT EXISTS (SELECT 1 FROM candidates c WHERE c.created_by = 'seed-demo'
                  AND c.title = v.title);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 18)
INSERT OR IGNORE INTO candidate_supports (candidate, channel, voter, created_at)
SELECT c.id, CASE WHEN n.i % 2 = 0 THEN 'phone' ELSE 'kiosk' END, 'seed-demo-' || n.i,
       c.created_at + n.i * 3600
FROM candidates c, n
WHERE c.created_by = 'seed-demo' AND c.topic IS NULL
  AND n.i <= CASE c.title WHEN '湖滨步行街共享单车乱停放' THEN 12
                          WHEN '社区老年活动室晚上开放' THEN 7 ELSE 18 END;
