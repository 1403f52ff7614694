-- 0015_store_cost.sql — less written for every stored opinion: the stage
-- history without AUTOINCREMENT, the stage trigger without rewriting an
-- opinion whose stage it keeps, and no topic index entry for an opinion
-- without a topic. Nothing a query or a rule sees changes.
-- Never edit once released; add a new number.
--
-- stage_events was `INTEGER PRIMARY KEY AUTOINCREMENT`: every insert read
-- and rewrote its row in sqlite_sequence. A plain INTEGER PRIMARY KEY takes
-- the largest id + 1, which is the same id here: AUTOINCREMENT differs only
-- once the largest row has been deleted (it never reuses an id), and this
-- table is append-only — its triggers refuse UPDATE and DELETE, nothing
-- else drops rows, and a rolled-back insert rolls back sqlite_sequence too,
-- so the sequence has always equalled max(id). Ids stay in insert order,
-- which the kiosks' "changes since id" relies on (one writer at a time).
--
-- SQLite cannot drop AUTOINCREMENT in place: the table is rebuilt, its rows
-- copied with their ids, then its index and three triggers made again (no
-- foreign key, view or other trigger refers to it; DROP TABLE fires no
-- trigger and removes its sqlite_sequence row).
--
-- The trigger that moves an opinion to the stage of its newest event now
-- leaves the row alone when it is at that stage already: an opinion is
-- inserted at `collected` and its first event says `collected`, so every
-- stored opinion was written twice. The stage the row holds is the same.
--
-- opinions_topic held an entry for every opinion, most of them with no
-- topic (NULL): it is now partial, WHERE topic IS NOT NULL. Every query that
-- uses it compares topic with a value (`topic = ?`, `o.topic = t.id`, the
-- foreign-key check of a topic), which implies NOT NULL, so it still does.
--
-- PostgreSQL's 0015 makes the same trigger and index; its ids come from a
-- sequence.

CREATE TABLE stage_events_0015 (
  id            INTEGER PRIMARY KEY,
  subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('opinion', 'topic')),
  subject       TEXT NOT NULL,
  stage         TEXT NOT NULL
                CHECK (stage = 'collected' OR stage = 'triaged' OR stage = 'research' OR stage = 'consult' OR stage = 'feedback'),
  at            INTEGER NOT NULL,
  actor_role    TEXT NOT NULL,
  public_note   TEXT,
  internal_note TEXT
);
INSERT INTO stage_events_0015 (id, subject_kind, subject, stage, at, actor_role,
                               public_note, internal_note)
  SELECT id, subject_kind, subject, stage, at, actor_role, public_note, internal_note
    FROM stage_events ORDER BY id;
DROP TABLE stage_events;
ALTER TABLE stage_events_0015 RENAME TO stage_events;

CREATE INDEX stage_events_subject ON stage_events(subject, id);

CREATE TRIGGER stage_events_no_update BEFORE UPDATE ON stage_events
BEGIN
  SELECT RAISE(ABORT, 'stage_events is append-only');
END;

CREATE TRIGGER stage_events_no_delete BEFORE DELETE ON stage_events
BEGIN
  SELECT RAISE(ABORT, 'stage_events is append-only');
END;

CREATE TRIGGER stage_events_move_opinion AFTER INSERT ON stage_events
WHEN NEW.subject_kind = 'opinion'
BEGIN
  UPDATE opinions SET stage = NEW.stage WHERE id = NEW.subject AND stage <> NEW.stage;
END;

DROP INDEX opinions_topic;
CREATE INDEX opinions_topic ON opinions(topic) WHERE topic IS NOT NULL;
