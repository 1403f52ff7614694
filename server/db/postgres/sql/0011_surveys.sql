-- 0011_surveys.sql — questionnaires (问卷调查): staff define a short survey
-- for one studio or a whole street with a date range (inclusive, Asia/
-- Shanghai); residents answer it once each at the kiosk (records of kind
-- survey_response) and from their phones (once per browser). Same tables
-- in both plugins. Never edit once released; add a new number.

-- questions: the questions as defined, JSON [{text, kind, options}] (at
-- most 10 of at most 8 options), written once and always read whole.
CREATE TABLE surveys (
  id          BIGSERIAL PRIMARY KEY,
  street      TEXT NOT NULL REFERENCES streets(key),
  studio      TEXT REFERENCES studios(id),   -- NULL: every studio of the street
  title       TEXT NOT NULL,
  starts      TEXT NOT NULL,                 -- YYYY-MM-DD, first day (Asia/Shanghai)
  ends        TEXT NOT NULL,                 -- YYYY-MM-DD, last day
  questions   TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX surveys_street ON surveys (street, ends);

-- One response: voter is the kiosk record's id, or a digest of the phone
-- browser's cookie; the key makes a second response by the same voter a
-- conflict, never a second count.
CREATE TABLE survey_responses (
  id          BIGSERIAL PRIMARY KEY,
  survey      BIGINT NOT NULL REFERENCES surveys(id),
  channel     TEXT NOT NULL CHECK (channel IN ('kiosk', 'phone')),
  voter       TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  UNIQUE (survey, voter)
);

-- One answer of a response: a chosen option (q, k) or the text of a text
-- question (q, text); staff may hide a text (moderation), never delete it.
CREATE TABLE survey_answers (
  id          BIGSERIAL PRIMARY KEY,
  response    BIGINT NOT NULL REFERENCES survey_responses(id),
  q           BIGINT NOT NULL,
  k           BIGINT,
  text        TEXT,
  hidden      BIGINT NOT NULL DEFAULT 0,
  CHECK ((k IS NULL) <> (text IS NULL))
);
CREATE INDEX survey_answers_response ON survey_answers (response);
