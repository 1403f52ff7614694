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

-- Candidate topics of 湖滨 (议题遴选) around today, as SQLite's
-- seed-demo-roster.sql makes them: two open, one closed three days ago.
INSERT INTO candidates (studio, title, description, closes, created_by, created_at)
SELECT 'hubin', v.title, v.description,
       to_char((now() AT TIME ZONE 'Asia/Shanghai')::date + v.days, 'YYYY-MM-DD'),
       'seed-demo', extract(epoch FROM now())::bigint - 5 * 86400
FROM (VALUES ('湖滨步行街共享单车乱停放', '步行街两头共享单车堆满人行道，老人推轮椅过不去。', 7),
             ('社区老年活动室晚上开放', '活动室下午5点就关门，上班的子女没法陪老人去。', 10),
             ('东坡路口增设公交候车亭', '东坡路口的公交站没有遮挡，下雨天老人只能站着淋雨。', -3))
     AS v(title, description, days)
WHERE NOT EXISTS (SELECT 1 FROM candidates c WHERE c.created_by = 'seed-demo'
                  AND c.title = v.title);

INSERT INTO candidate_supports (candidate, channel, voter, created_at)
SELECT c.id, CASE WHEN n.i % 2 = 0 THEN 'phone' ELSE 'kiosk' END, 'seed-demo-' || n.i,
       c.created_at + n.i * 3600
FROM candidates c, generate_series(1, 18) AS n(i)
WHERE c.created_by = 'seed-demo' AND c.topic IS NULL
  AND n.i <= CASE c.title WHEN '湖滨步行街共享单车乱停放' THEN 12
                          WHEN '社区老年活动室晚上开放' THEN 7 ELSE 18 END
ON CONFLICT DO NOTHING;
