-- Problems reported on the kiosk ("report a problem"); each goes to the hub as a feedback.created event.
CREATE TABLE feedback (
  id       TEXT PRIMARY KEY,
  at       TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('signage', 'gate', 'no-signal', 'unsafe', 'broken', 'other')),
  place    TEXT            -- where, in the reporter's words; NULL when not given
) STRICT;
CREATE INDEX feedback_at ON feedback (at);
