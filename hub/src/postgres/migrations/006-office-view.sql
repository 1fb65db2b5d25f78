-- The office's command view: alarms in the office's own words, devices by the stations' own names.

-- What the station measured when it raised the alarm (JSON of shared/src/sync.ts alarmFacts); NULL when it said
-- nothing beyond its English detail. Text, as on SQLite: the hub parses it.
ALTER TABLE alarms ADD COLUMN facts TEXT;

-- Each station's devices as its config names them (a station.devices event): JSON [{id, kind, label?}].
-- described_at is the event's time; an older list arriving late changes nothing.
CREATE TABLE station_devices (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  described_at TEXT COLLATE "C" NOT NULL,
  devices TEXT NOT NULL
);

-- Alarms left unacknowledged for alarms.escalateMinutes are escalated once (the alarm watch).
ALTER TABLE alarms ADD COLUMN escalated_at TEXT COLLATE "C";

-- Notices of alarms to the union's group (alarms.webhook): one per alarm raised and one per escalation, sent by
-- the alarm watch, retried with a growing wait up to five times. Only queued while a webhook is configured.
CREATE TABLE alarm_notices (
  station_id TEXT COLLATE "C" NOT NULL,
  alarm_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('raised', 'escalated')),
  due_at TEXT COLLATE "C" NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at TEXT COLLATE "C",
  last_error TEXT,
  PRIMARY KEY (station_id, alarm_id, kind),
  FOREIGN KEY (station_id, alarm_id) REFERENCES alarms (station_id, alarm_id)
);
CREATE INDEX alarm_notices_due ON alarm_notices (due_at) WHERE sent_at IS NULL;

-- What the big screen and the trends read per area, kept as batches are ingested (as area_days): visits per local
-- day by worker category (the occupation mix), and visits per local hour ('YYYY-MM-DDTHH').
CREATE TABLE area_category_days (
  province TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C" NOT NULL,
  day TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (day, province, city, district, category)
);

CREATE TABLE area_hours (
  province TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C" NOT NULL,
  hour TEXT COLLATE "C" NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (hour, province, city, district)
);

-- Read-only links for the office's big screen (/screen): only the hash of each token is kept; revoked ones stay
-- listed with when. A district, when set, narrows the screen to it.
CREATE TABLE screen_tokens (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  district TEXT COLLATE "C",
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT COLLATE "C"
);

-- Sign-ins at events (event.attended), per station, local day, occurrence, method and worker category.
CREATE TABLE attendance_counts (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  day TEXT COLLATE "C" NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  method TEXT COLLATE "C" NOT NULL CHECK (method IN ('code', 'tap')),
  category TEXT COLLATE "C" NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, day, event_id, method, category)
);
CREATE INDEX attendance_day ON attendance_counts (day);
