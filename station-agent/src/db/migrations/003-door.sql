-- Door: lock answers, visit ends, the held-open alarm.

-- A member's open visit is looked up on every scan (exit scans end it).
CREATE INDEX visits_open_member ON visits (member, started_at) WHERE ended_at IS NULL;
CREATE INDEX visits_open ON visits (started_at) WHERE ended_at IS NULL;

-- Each unlock command sent, and what the lock and the door contact said after it.
-- Written only after the visit has committed; one row per unlock, never two for one code.
CREATE TABLE door_unlocks (
  id           INTEGER PRIMARY KEY,
  visit_id     TEXT NOT NULL,
  direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  commanded_at TEXT NOT NULL,
  lock_answer  TEXT CHECK (lock_answer IN ('confirmed', 'no-answer')),
  answered_at  TEXT,
  opened_at    TEXT              -- the door contact reported open after this unlock
) STRICT;
CREATE INDEX door_unlocks_visit ON door_unlocks (visit_id);

-- The door held open too long; cleared_at NULL while it still is. Survives restarts.
CREATE TABLE door_alarms (
  id         TEXT PRIMARY KEY,
  device     TEXT NOT NULL,
  raised_at  TEXT NOT NULL,
  cleared_at TEXT
) STRICT;
