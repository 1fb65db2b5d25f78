-- The hub's schema on PostgreSQL: the same tables, columns and meanings as the SQLite engine
-- (hub/src/sqlite/migrations), so both engines pass the same store contract suites. Times are ISO-8601 UTC
-- text from Date.toISOString(), as on SQLite: they compare correctly as text and a month is a text range.
-- Text sorts by code point (COLLATE "C"), as SQLite's does, so lists and cursors agree across engines.

CREATE TABLE stations (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C",
  province TEXT COLLATE "C",
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  address TEXT COLLATE "C",
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION,
  -- sha256 (hex) of the current bearer token; the token itself is shown once and never stored.
  token_hash TEXT COLLATE "C" UNIQUE,
  token_issued_at TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  last_seen_at TEXT COLLATE "C",
  retired_at TEXT COLLATE "C",
  services TEXT COLLATE "C" NOT NULL DEFAULT '[]',
  open_24h BOOLEAN NOT NULL DEFAULT TRUE,
  hours TEXT COLLATE "C"
);
CREATE INDEX stations_district ON stations (district, id);
CREATE INDEX stations_seen ON stations (last_seen_at) WHERE retired_at IS NULL;
CREATE INDEX stations_location ON stations (lat, lng) WHERE lat IS NOT NULL AND lng IS NOT NULL;

CREATE TABLE operators (
  username TEXT COLLATE "C" PRIMARY KEY,
  password_hash TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL CHECK (role IN ('admin', 'district-viewer')),
  district TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  CHECK ((role = 'admin' AND district IS NULL) OR (role = 'district-viewer' AND district IS NOT NULL))
);

CREATE TABLE sessions (
  id_hash TEXT COLLATE "C" PRIMARY KEY,
  username TEXT COLLATE "C" NOT NULL REFERENCES operators (username),
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE member_keys (
  kid TEXT COLLATE "C" PRIMARY KEY,
  alg TEXT COLLATE "C" NOT NULL,
  public_key TEXT COLLATE "C" NOT NULL,
  private_key_pem TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  retired_at TEXT COLLATE "C",
  -- Insertion order breaks ties between keys made in the same millisecond.
  ord BIGSERIAL NOT NULL
);

CREATE TABLE hub_secrets (
  name TEXT COLLATE "C" PRIMARY KEY,
  value BYTEA NOT NULL
);
-- The member pseudonym secret is made by postgres/migrate.ts (Node's CSPRNG), with the first migration.

CREATE TABLE revoked_members (
  member TEXT COLLATE "C" PRIMARY KEY,
  revoked_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE integration_keys (
  name TEXT COLLATE "C" PRIMARY KEY,
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);

CREATE TABLE member_links (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  member TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);
CREATE INDEX member_links_member ON member_links (member);

-- The outbox events as stations sent them, one partition per month of `at`: retention drops whole
-- partitions (postgres/partitions.ts). A re-sent event carries the same `at`, so the key finds it.
CREATE TABLE events (
  station_id TEXT COLLATE "C" NOT NULL,
  epoch TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  body TEXT COLLATE "C" NOT NULL,
  received_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (station_id, epoch, seq, at)
) PARTITION BY RANGE (at);
-- Events dated outside the months made ahead (a station with a broken clock) are kept here.
CREATE TABLE events_default PARTITION OF events DEFAULT;

CREATE TABLE sync_cursors (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  epoch TEXT COLLATE "C" NOT NULL,
  ack_seq BIGINT NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (station_id, epoch)
);

CREATE TABLE daily_visits (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  day TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  method TEXT COLLATE "C" NOT NULL CHECK (method IN ('code', 'walk-in')),
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, day, category, method)
);

CREATE TABLE hourly_visits (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  hour TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  method TEXT COLLATE "C" NOT NULL CHECK (method IN ('code', 'walk-in')),
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, hour, category, method)
);

CREATE TABLE daily_rejections (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  day TEXT COLLATE "C" NOT NULL,
  reason TEXT COLLATE "C" NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, day, reason)
);

CREATE TABLE member_days (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  day TEXT COLLATE "C" NOT NULL,
  member TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (station_id, day, member)
);

CREATE TABLE station_live (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  last_sync_at TEXT COLLATE "C",
  last_heartbeat_at TEXT COLLATE "C",
  inside INTEGER,
  inside_at TEXT COLLATE "C",
  today TEXT COLLATE "C",
  today_visits INTEGER NOT NULL DEFAULT 0,
  year TEXT COLLATE "C",
  year_visits INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE daily_appliance_use (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  day TEXT COLLATE "C" NOT NULL,
  device TEXT COLLATE "C" NOT NULL,
  sessions INTEGER NOT NULL,
  seconds DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (station_id, day, device)
);

CREATE TABLE daily_occupancy (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  day TEXT COLLATE "C" NOT NULL,
  samples INTEGER NOT NULL,
  inside_sum BIGINT NOT NULL,
  peak INTEGER NOT NULL,
  PRIMARY KEY (station_id, day)
);

CREATE TABLE alarms (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  alarm_id TEXT COLLATE "C" NOT NULL,
  rule TEXT COLLATE "C" NOT NULL,
  device TEXT COLLATE "C",
  detail TEXT COLLATE "C" NOT NULL,
  raised_at TEXT COLLATE "C" NOT NULL,
  acked_at TEXT COLLATE "C",
  acked_by TEXT COLLATE "C",
  cleared_at TEXT COLLATE "C",
  PRIMARY KEY (station_id, alarm_id)
);
CREATE INDEX alarms_raised ON alarms (raised_at DESC, station_id DESC, alarm_id DESC);

CREATE TABLE alarm_counts (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  open INTEGER NOT NULL DEFAULT 0,
  acknowledged INTEGER NOT NULL DEFAULT 0,
  cleared INTEGER NOT NULL DEFAULT 0,
  acked INTEGER NOT NULL DEFAULT 0,
  ack_minutes DOUBLE PRECISION NOT NULL DEFAULT 0,
  clear_minutes DOUBLE PRECISION NOT NULL DEFAULT 0
);

CREATE TABLE feedback_cases (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  feedback_id TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  place TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('new', 'assessing', 'assigned', 'follow-up', 'resolved')),
  assignee TEXT COLLATE "C",
  reply TEXT COLLATE "C",
  updated_at TEXT COLLATE "C" NOT NULL,
  resolved_at TEXT COLLATE "C",
  PRIMARY KEY (station_id, feedback_id)
);
CREATE INDEX feedback_created ON feedback_cases (created_at DESC, station_id DESC, feedback_id DESC);

CREATE TABLE feedback_counts (
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  category TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  cases INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  resolve_hours DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (station_id, category, status)
);

CREATE TABLE schedules (
  id TEXT COLLATE "C" PRIMARY KEY,
  content TEXT COLLATE "C" NOT NULL,
  target_kind TEXT COLLATE "C" NOT NULL CHECK (target_kind IN ('all', 'district', 'station')),
  target TEXT COLLATE "C",
  starts_local TEXT COLLATE "C" NOT NULL,
  ends_local TEXT COLLATE "C" NOT NULL,
  rrule TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  CHECK ((target_kind = 'all') = (target IS NULL))
);
CREATE INDEX schedules_start ON schedules (starts_local, id);

CREATE TABLE announcements (
  id TEXT COLLATE "C" PRIMARY KEY,
  text_zh TEXT COLLATE "C" NOT NULL,
  text_en TEXT COLLATE "C" NOT NULL,
  target_kind TEXT COLLATE "C" NOT NULL CHECK (target_kind IN ('all', 'district', 'station')),
  target TEXT COLLATE "C",
  starts_at TEXT COLLATE "C" NOT NULL,
  ends_at TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  CHECK ((target_kind = 'all') = (target IS NULL))
);
CREATE INDEX announcements_start ON announcements (starts_at, id);

-- Work one hub process of several does at a time (the check for stations going silent): the holder
-- renews its lease; another process takes it once it has expired.
CREATE TABLE hub_leases (
  name TEXT COLLATE "C" PRIMARY KEY,
  holder TEXT COLLATE "C" NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
