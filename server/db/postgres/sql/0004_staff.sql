-- 0004_staff.sql — console accounts managed in the console itself, as
-- server/db/sqlite/sql/0004_staff.sql: an account can be disabled (it
-- cannot log in and its sessions end) and enabled again; it is never
-- deleted, so the audit log keeps naming someone. Last logins are read from
-- the audit log's "login" entries, which this index makes cheap to find.
-- Never edit once released; add a new number.

ALTER TABLE staff ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));

CREATE INDEX audit_log_action_actor ON audit_log(action, actor, at);
