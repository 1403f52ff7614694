-- 0016_event_keys.sql — an opinion's stage history found by a number that
-- grows with each opinion, not by its UUID. Nothing a query or a rule sees
-- changes.
-- Never edit once released; add a new number.
--
-- stage_events_subject indexed every event by (subject, id), the subject an
-- opinion's random UUID: each stored opinion's first event landed on a
-- random leaf of that index, so a batch of 100 opinions rewrote most of its
-- leaves (75 of the ~317 pages a batch put in the WAL, measured). Opinions
-- now carry `seq`, 1, 2, 3… in the order they are stored (the insert takes
-- the largest + 1, under the write lock), and their events carry it as
-- `subject_seq`: the events of new opinions append to the end of
-- stage_events_opinion. A lookup by UUID goes through opinions' own id
-- index to the seq first. `seq` is a column, not the rowid, because VACUUM
-- may renumber the rowids of a table whose key is not an INTEGER PRIMARY
-- KEY. Topics are few and keep their events indexed by subject.
--
-- The events' no-update trigger is dropped for the one UPDATE that fills
-- the new column, then made again as 0015 made it.
--
-- PostgreSQL's 0016 adds the same columns (the copy between the two needs
-- them) and fills them from a sequence and an insert trigger; its
-- index stays on the subject.

ALTER TABLE opinions ADD COLUMN seq INTEGER;
UPDATE opinions SET seq = rowid;
CREATE UNIQUE INDEX opinions_seq ON opinions(seq);

ALTER TABLE stage_events ADD COLUMN subject_seq INTEGER;
DROP TRIGGER stage_events_no_update;
UPDATE stage_events SET subject_seq = (SELECT seq FROM opinions o WHERE o.id = stage_events.subject)
 WHERE subject_kind = 'opinion';
CREATE TRIGGER stage_events_no_update BEFORE UPDATE ON stage_events
BEGIN
  SELECT RAISE(ABORT, 'stage_events is append-only');
END;

DROP INDEX stage_events_subject;
CREATE INDEX stage_events_opinion ON stage_events(subject_seq, id) WHERE subject_kind = 'opinion';
CREATE INDEX stage_events_topic ON stage_events(subject, id) WHERE subject_kind = 'topic';
