-- Device readings, minute rollups, device state and alarms.

-- Raw readings, kept briefly (retention.rawHours, retention.maxRawRows). `at` is epoch ms.
CREATE TABLE readings (
  id          INTEGER PRIMARY KEY,
  device      TEXT NOT NULL,
  at          INTEGER NOT NULL,
  values_json TEXT NOT NULL
) STRICT;
CREATE INDEX readings_at ON readings (at);

-- One row per device, value and minute (`minute` = epoch minutes), kept long (retention.rollupDays).
-- Booleans are rolled up as 1/0, so `total / n` is the share of the minute they were true.
CREATE TABLE reading_rollups (
  device TEXT NOT NULL,
  field  TEXT NOT NULL,
  minute INTEGER NOT NULL,
  n      INTEGER NOT NULL,
  total  REAL NOT NULL,
  lo     REAL NOT NULL,
  hi     REAL NOT NULL,
  last   REAL NOT NULL,
  PRIMARY KEY (device, field, minute)
) STRICT, WITHOUT ROWID; -- the key is the row: no second copy of it in an index
CREATE INDEX reading_rollups_minute ON reading_rollups (minute);

-- The last availability told to the hub, so a restart does not repeat or miss a change.
CREATE TABLE device_availability (
  device TEXT PRIMARY KEY,
  online INTEGER NOT NULL CHECK (online IN (0, 1)),
  at     TEXT NOT NULL
) STRICT;

-- Alarms: open while cleared_at is NULL; open ones are taken up again after a restart.
CREATE TABLE alarms (
  id         TEXT PRIMARY KEY,
  rule       TEXT NOT NULL,
  device     TEXT,
  detail     TEXT NOT NULL,
  raised_at  TEXT NOT NULL,
  cleared_at TEXT
) STRICT;
CREATE INDEX alarms_open ON alarms (rule, device) WHERE cleared_at IS NULL;
