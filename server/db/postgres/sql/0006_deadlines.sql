-- 0006_deadlines.sql — 督查反馈, as server/db/sqlite/sql/0006_deadlines.sql:
-- working days, the stages' time limits, supervision orders (督办),
-- escalation to the district, and the outbox of notifications (staff group
-- robots, residents' SMS) that are never sent twice — not by two runs, and
-- not by two server instances: a message is claimed by a conditional UPDATE
-- (queued or retry → sending) that only one transaction can make, and an
-- escalation or a message is one row per key. Times are UTC unix seconds;
-- days are Asia/Shanghai dates. Never edit once released; add a new number.

-- The official calendar: for each year whose State Council notice was
-- imported, its exceptions to Monday–Friday (holidays, and the weekend days
-- that become working days, 调休上班). A year not listed is Monday–Friday.
CREATE TABLE calendar_years (
  year        BIGINT PRIMARY KEY CHECK (year BETWEEN 2000 AND 2099),
  source      TEXT NOT NULL,        -- what was imported: a file name, "shipped"
  imported_at BIGINT NOT NULL,
  imported_by TEXT NOT NULL         -- console user name, or the command line
);

CREATE TABLE calendar_days (
  day  TEXT PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$'),
  year BIGINT NOT NULL REFERENCES calendar_years(year),
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  CHECK (CAST(substr(day, 1, 4) AS BIGINT) = year)
);
CREATE INDEX calendar_days_year ON calendar_days(year);

-- 2026, from the notice of 国务院办公厅 of 2025-11-04: 元旦 Jan 1–3 (Jan 4
-- worked), 春节 Feb 15–23 (Feb 14 and 28 worked), 清明 Apr 4–6, 劳动节
-- May 1–5 (May 9 worked), 端午 Jun 19–21, 中秋 Sep 25–27, 国庆 Oct 1–7
-- (Sep 20 and Oct 10 worked). The same days as assets/calendar/cn-2026.csv.
INSERT INTO calendar_years (year, source, imported_at, imported_by)
  VALUES (2026, '国务院办公厅关于2026年部分节假日安排的通知（随软件提供）', 0, 'minqing');
INSERT INTO calendar_days (day, year, kind) VALUES
  ('2026-01-01', 2026, 'holiday'), ('2026-01-02', 2026, 'holiday'),
  ('2026-01-03', 2026, 'holiday'), ('2026-01-04', 2026, 'workday'),
  ('2026-02-14', 2026, 'workday'), ('2026-02-15', 2026, 'holiday'),
  ('2026-02-16', 2026, 'holiday'), ('2026-02-17', 2026, 'holiday'),
  ('2026-02-18', 2026, 'holiday'), ('2026-02-19', 2026, 'holiday'),
  ('2026-02-20', 2026, 'holiday'), ('2026-02-21', 2026, 'holiday'),
  ('2026-02-22', 2026, 'holiday'), ('2026-02-23', 2026, 'holiday'),
  ('2026-02-28', 2026, 'workday'),
  ('2026-04-04', 2026, 'holiday'), ('2026-04-05', 2026, 'holiday'),
  ('2026-04-06', 2026, 'holiday'),
  ('2026-05-01', 2026, 'holiday'), ('2026-05-02', 2026, 'holiday'),
  ('2026-05-03', 2026, 'holiday'), ('2026-05-04', 2026, 'holiday'),
  ('2026-05-05', 2026, 'holiday'), ('2026-05-09', 2026, 'workday'),
  ('2026-06-19', 2026, 'holiday'), ('2026-06-20', 2026, 'holiday'),
  ('2026-06-21', 2026, 'holiday'),
  ('2026-09-20', 2026, 'workday'),
  ('2026-09-25', 2026, 'holiday'), ('2026-09-26', 2026, 'holiday'),
  ('2026-09-27', 2026, 'holiday'),
  ('2026-10-01', 2026, 'holiday'), ('2026-10-02', 2026, 'holiday'),
  ('2026-10-03', 2026, 'holiday'), ('2026-10-04', 2026, 'holiday'),
  ('2026-10-05', 2026, 'holiday'), ('2026-10-06', 2026, 'holiday'),
  ('2026-10-07', 2026, 'holiday'), ('2026-10-10', 2026, 'workday');

-- The district's time limits, in working days from collection (the
-- record's created_at), and when an overdue item goes to the district:
-- escalate = working days overdue before escalation; soon = a digest's
-- "due soon" window in working days. One row.
CREATE TABLE deadline_limits (
  id         BIGINT PRIMARY KEY CHECK (id = 1),
  triage     BIGINT NOT NULL DEFAULT 5 CHECK (triage BETWEEN 1 AND 250),
  answer     BIGINT NOT NULL DEFAULT 15 CHECK (answer BETWEEN 1 AND 250),
  close      BIGINT NOT NULL DEFAULT 30 CHECK (close BETWEEN 1 AND 250),
  escalate   BIGINT NOT NULL DEFAULT 5 CHECK (escalate BETWEEN 0 AND 250),
  soon       BIGINT NOT NULL DEFAULT 2 CHECK (soon BETWEEN 0 AND 30),
  updated_at BIGINT NOT NULL DEFAULT 0,
  updated_by TEXT NOT NULL DEFAULT '',
  CHECK (triage <= answer AND answer <= close)
);
INSERT INTO deadline_limits (id) VALUES (1);

-- Where notifications go: a street group's robot (scope = its studio id),
-- the district's ('*'), or the SMS gateway ('sms', always plain JSON).
CREATE TABLE webhooks (
  scope      TEXT PRIMARY KEY,
  url        TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
  format     TEXT NOT NULL CHECK (format IN ('wecom', 'dingtalk', 'json')),
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);

-- 督办: a district admin's supervision order on a topic or an opinion, to
-- its street group, with a note and the day by which it must be answered.
-- The street group acknowledges it (签收) and answers it (答复).
CREATE TABLE supervision_orders (
  id              TEXT PRIMARY KEY,            -- UUID
  no              BIGINT NOT NULL UNIQUE,     -- shown as 督办 #no (max + 1: a
                                              -- lost race is retried)
  studio          TEXT NOT NULL REFERENCES studios(id),
  topic           TEXT REFERENCES topics(id),
  opinion         TEXT REFERENCES opinions(id),
  note            TEXT NOT NULL,
  due_day         TEXT NOT NULL,               -- YYYY-MM-DD, answer by its end
  issued_at       BIGINT NOT NULL,
  issued_by       TEXT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by TEXT,
  answer          TEXT NOT NULL DEFAULT '',
  answered_at     BIGINT,
  answered_by     TEXT,
  CHECK ((topic IS NULL) <> (opinion IS NULL)),
  CHECK (answered_at IS NULL OR acknowledged_at IS NOT NULL)
);
CREATE INDEX supervision_orders_studio ON supervision_orders(studio, issued_at);
CREATE INDEX supervision_orders_topic ON supervision_orders(topic);
CREATE INDEX supervision_orders_opinion ON supervision_orders(opinion);

-- Items escalated to the district's list: a topic (or an opinion in no
-- topic) whose deadline ran out by more than the escalation threshold.
-- One row per item and deadline, written once by `supervise`.
CREATE TABLE escalations (
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('topic', 'opinion')),
  subject      TEXT NOT NULL,
  deadline     TEXT NOT NULL CHECK (deadline IN ('triage', 'answer', 'close')),
  studio       TEXT NOT NULL REFERENCES studios(id),
  due_at       BIGINT NOT NULL,
  escalated_at BIGINT NOT NULL,
  PRIMARY KEY (subject, deadline)
);
CREATE INDEX escalations_studio ON escalations(studio, escalated_at);

-- The outbox of notifications. The key says what a message is about (e.g.
-- "sms-result:<opinion>", "digest:hubin:2026-10-12", "order:<id>"): a
-- message is queued once per key, ever. Like a visit reminder, a message
-- is claimed ('sending') in a transaction before its request goes out, so
-- no run, overlapping run or crash sends it twice; a failed request is
-- retried with growing delays. A resident's phone stays only until the
-- message is done. not_before holds residents' messages through the night.
CREATE TABLE notices (
  key        TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('sms_answer', 'sms_result', 'digest',
                                           'order', 'order_answer', 'escalation')),
  target     TEXT NOT NULL,          -- 'sms', a studio id, or '*' (the district)
  subject    TEXT NOT NULL DEFAULT '',
  phone      TEXT,
  body       TEXT NOT NULL,          -- the message (JSON), rendered per format when sent
  not_before BIGINT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'queued'
             CHECK (state IN ('queued', 'sending', 'retry', 'sent', 'failed')),
  attempts   BIGINT NOT NULL DEFAULT 0,
  next_at    BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  sent_at    BIGINT,
  last_error TEXT NOT NULL DEFAULT '',
  CHECK ((kind IN ('sms_answer', 'sms_result')) = (target = 'sms'))
);
CREATE INDEX notices_due ON notices(state, next_at);
CREATE INDEX notices_created ON notices(created_at);
