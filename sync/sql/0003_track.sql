-- Kiosk store, version 3: what the track screen shows of an opinion filed
-- here once the state pull moved it on (stage changes arrive by record id,
-- never by token): when its stage was reached and the stage's public note.
ALTER TABLE opinions ADD COLUMN stage_at TEXT;
ALTER TABLE opinions ADD COLUMN stage_note TEXT;
