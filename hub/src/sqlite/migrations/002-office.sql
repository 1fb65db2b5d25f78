-- The central office: station lifecycle and catalog, live status, aggregates beyond daily visits,
-- alarms, feedback cases, schedules and announcements. Local days/hours/years are in the hub's zone.

ALTER TABLE stations ADD COLUMN retired_at TEXT;
-- The service catalog as the office keeps it (JSON array of service ids); [] means "as in the station config".
ALTER TABLE stations ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
ALTER TABLE stations ADD COLUMN open_24h INTEGER NOT NULL DEFAULT 1 CHECK (open_24h IN (0, 1));
-- Opening hours when not open all day, e.g. "08:00-20:00".
ALTER TABLE stations ADD COLUMN hours TEXT;

CREATE INDEX stations_location ON stations (lat, lng) WHERE lat IS NOT NULL AND lng IS NOT NULL;

-- One row per station, kept current by sync, so the overview reads one small row per station and
-- never scans the history. today_*/year_* count only the newest local day/year seen.
CREATE TABLE station_live (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  last_sync_at TEXT,
  last_heartbeat_at TEXT,
  inside INTEGER,
  inside_at TEXT,
  today TEXT,
  today_visits INTEGER NOT NULL DEFAULT 0,
  year TEXT,
  year_visits INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- hour: local 'YYYY-MM-DDTHH'.
CREATE TABLE hourly_visits (
  station_id TEXT NOT NULL REFERENCES stations (id),
  hour TEXT NOT NULL,
  category TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('code', 'walk-in')),
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, hour, category, method)
) STRICT, WITHOUT ROWID;

-- Distinct members per period come from here; member is the opaque pseudonym, never a name or phone.
CREATE TABLE member_days (
  station_id TEXT NOT NULL REFERENCES stations (id),
  day TEXT NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (station_id, day, member)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_appliance_use (
  station_id TEXT NOT NULL REFERENCES stations (id),
  day TEXT NOT NULL,
  device TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  seconds REAL NOT NULL,
  PRIMARY KEY (station_id, day, device)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_occupancy (
  station_id TEXT NOT NULL REFERENCES stations (id),
  day TEXT NOT NULL,
  samples INTEGER NOT NULL,
  inside_sum INTEGER NOT NULL,
  peak INTEGER NOT NULL,
  PRIMARY KEY (station_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE alarms (
  station_id TEXT NOT NULL REFERENCES stations (id),
  alarm_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  device TEXT,
  detail TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  acked_at TEXT,
  acked_by TEXT,
  cleared_at TEXT,
  PRIMARY KEY (station_id, alarm_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX alarms_open ON alarms (station_id) WHERE cleared_at IS NULL;
CREATE INDEX alarms_raised ON alarms (raised_at);

-- The union's loop: new (collected) → assessing (on site) → assigned → follow-up → resolved.
CREATE TABLE feedback_cases (
  station_id TEXT NOT NULL REFERENCES stations (id),
  feedback_id TEXT NOT NULL,
  category TEXT NOT NULL,
  place TEXT,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('new', 'assessing', 'assigned', 'follow-up', 'resolved')),
  assignee TEXT,
  reply TEXT,
  updated_at TEXT NOT NULL,
  resolved_at TEXT,
  PRIMARY KEY (station_id, feedback_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX feedback_created ON feedback_cases (created_at);

-- Events on the stations' schedules. starts_local/ends_local are wall-clock 'YYYY-MM-DDTHH:MM' in the
-- hub's zone; rrule (RFC 5545 RRULE without DTSTART) repeats them. target_kind: all | district | station.
CREATE TABLE schedules (
  id TEXT PRIMARY KEY,
  content TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('all', 'district', 'station')),
  target TEXT,
  starts_local TEXT NOT NULL,
  ends_local TEXT NOT NULL,
  rrule TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((target_kind = 'all') = (target IS NULL))
) STRICT;

CREATE TABLE announcements (
  id TEXT PRIMARY KEY,
  text_zh TEXT NOT NULL,
  text_en TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('all', 'district', 'station')),
  target TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT,
  created_at TEXT NOT NULL,
  CHECK ((target_kind = 'all') = (target IS NULL))
) STRICT;
