-- The office's command view: alarms in the office's own words, devices by the stations' own names.

-- What the station measured when it raised the alarm (JSON of shared/src/sync.ts alarmFacts); NULL when it said
-- nothing beyond its English detail.
ALTER TABLE alarms ADD COLUMN facts TEXT;

-- Each station's devices as its config names them (a station.devices event): JSON [{id, kind, label?}].
-- described_at is the event's time; an older list arriving late changes nothing.
CREATE TABLE station_devices (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  described_at TEXT NOT NULL,
  devices TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Alarms left unacknowledged for alarms.escalateMinutes are escalated once (the alarm watch).
ALTER TABLE alarms ADD COLUMN escalated_at TEXT;

-- Notices of alarms to the union's group (alarms.webhook): one per alarm raised and one per escalation, sent by
-- the alarm watch, retried with a growing wait up to five times. Only queued while a webhook is configured.
CREATE TABLE alarm_notices (
  station_id TEXT NOT NULL,
  alarm_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('raised', 'escalated')),
  due_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at TEXT,
  last_error TEXT,
  PRIMARY KEY (station_id, alarm_id, kind),
  FOREIGN KEY (station_id, alarm_id) REFERENCES alarms (station_id, alarm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX alarm_notices_due ON alarm_notices (due_at) WHERE sent_at IS NULL;

-- What the big screen and the trends read per area, kept as batches are ingested (as area_days): visits per local
-- day by worker category (the occupation mix), and visits per local hour ('YYYY-MM-DDTHH').
CREATE TABLE area_category_days (
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  district TEXT NOT NULL,
  day TEXT NOT NULL,
  category TEXT NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (day, province, city, district, category)
) STRICT, WITHOUT ROWID;

CREATE TABLE area_hours (
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  district TEXT NOT NULL,
  hour TEXT NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (hour, province, city, district)
) STRICT, WITHOUT ROWID;

-- Read-only links for the office's big screen (/screen): only the hash of each token is kept; revoked ones stay
-- listed with when. A district, when set, narrows the screen to it.
CREATE TABLE screen_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  district TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- Sign-ins at events (event.attended), per station, local day, occurrence, method and worker category.
CREATE TABLE attendance_counts (
  station_id TEXT NOT NULL REFERENCES stations (id),
  day TEXT NOT NULL,
  event_id TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('code', 'tap')),
  category TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, day, event_id, method, category)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_day ON attendance_counts (day);
