-- 0013_rules_version.sql — a version number of the deadline rules: the
-- time limits (deadline_limits) and the official calendar (calendar_years,
-- calendar_days). Every change to them, by any connection of any server
-- instance, counts it up in the same transaction, so an instance that
-- keeps the rules in memory (the tracking page) reads this one row to
-- learn whether its copy is still the stored one
-- (db->deadline_rules_version). As the SQLite plugin's 0013.
-- Never edit once released; add a new number.

CREATE TABLE deadline_rules_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO deadline_rules_version (id, version) VALUES (1, 0);

CREATE FUNCTION deadline_rules_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deadline_rules_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER deadline_limits_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON deadline_limits FOR EACH STATEMENT EXECUTE FUNCTION deadline_rules_bump();
CREATE TRIGGER calendar_years_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON calendar_years FOR EACH STATEMENT EXECUTE FUNCTION deadline_rules_bump();
CREATE TRIGGER calendar_days_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON calendar_days FOR EACH STATEMENT EXECUTE FUNCTION deadline_rules_bump();
