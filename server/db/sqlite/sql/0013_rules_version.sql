-- 0013_rules_version.sql — a version number of the deadline rules: the
-- time limits (deadline_limits) and the official calendar (calendar_years,
-- calendar_days). Every change to them, by any connection of any process,
-- counts it up in the same transaction, so a server that keeps the rules
-- in memory (the tracking page) reads this one row to learn whether its
-- copy is still the stored one (db->deadline_rules_version).
-- Never edit once released; add a new number.

CREATE TABLE deadline_rules_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO deadline_rules_version (id, version) VALUES (1, 0);

CREATE TRIGGER deadline_limits_version_u AFTER UPDATE ON deadline_limits
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER deadline_limits_version_i AFTER INSERT ON deadline_limits
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER deadline_limits_version_d AFTER DELETE ON deadline_limits
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_years_version_u AFTER UPDATE ON calendar_years
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_years_version_i AFTER INSERT ON calendar_years
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_years_version_d AFTER DELETE ON calendar_years
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_days_version_u AFTER UPDATE ON calendar_days
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_days_version_i AFTER INSERT ON calendar_days
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_days_version_d AFTER DELETE ON calendar_days
BEGIN UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1; END;
