-- 0015_store_cost.sql — SQLite's 0015 rebuilds stage_events without
-- AUTOINCREMENT (which rewrote sqlite_sequence on every insert); here the ids
-- come from stage_events_id_seq as before, so the table stays as it is.
-- Both plugins' trigger that moves an opinion to the stage of its newest
-- event now leaves the row alone when it is at that stage already: an
-- opinion is inserted at `collected` and its first event says `collected`,
-- and an UPDATE writes a new row version even when nothing changes. And
-- opinions_topic becomes partial (WHERE topic IS NOT NULL): most opinions
-- have no topic, and every query that uses the index compares topic with a
-- value, which implies NOT NULL.
-- Never edit once released; add a new number.

CREATE OR REPLACE FUNCTION stage_events_move_opinion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE opinions SET stage = NEW.stage WHERE id = NEW.subject AND stage <> NEW.stage;
  RETURN NULL;
END $$;

DROP INDEX opinions_topic;
CREATE INDEX opinions_topic ON opinions(topic) WHERE topic IS NOT NULL;
