-- 0016_event_keys.sql — SQLite's 0016 numbers opinions (`seq`) and keys an
-- opinion's stage events by that number (`subject_seq`), so that the events
-- of new opinions append to their index instead of landing on random
-- leaves. Here the columns are the same, so that a district's SQLite
-- database copies over (migrate-db copies every column): seq comes from a
-- sequence owned by the column (the copy continues it after the largest
-- value), subject_seq from an insert trigger of its own. The index stays on
-- the subject.
-- Never edit once released; add a new number.

ALTER TABLE opinions ADD COLUMN seq BIGINT;
CREATE SEQUENCE opinions_seq_seq OWNED BY opinions.seq;
UPDATE opinions o SET seq = n.seq
  FROM (SELECT id, nextval('opinions_seq_seq') AS seq
          FROM (SELECT id FROM opinions ORDER BY created_at, id) ordered) n
 WHERE n.id = o.id;
ALTER TABLE opinions ALTER COLUMN seq SET DEFAULT nextval('opinions_seq_seq');
CREATE UNIQUE INDEX opinions_seq ON opinions(seq);

ALTER TABLE stage_events ADD COLUMN subject_seq BIGINT;
ALTER TABLE stage_events DISABLE TRIGGER stage_events_no_update;
UPDATE stage_events e SET subject_seq = o.seq FROM opinions o
 WHERE e.subject_kind = 'opinion' AND o.id = e.subject;
ALTER TABLE stage_events ENABLE TRIGGER stage_events_no_update;

CREATE FUNCTION stage_events_subject_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.subject_seq := (SELECT seq FROM opinions WHERE id = NEW.subject);
  RETURN NEW;
END $$;

CREATE TRIGGER stage_events_subject_seq BEFORE INSERT ON stage_events
  FOR EACH ROW WHEN (NEW.subject_kind = 'opinion')
  EXECUTE FUNCTION stage_events_subject_seq();
