-- Times are ISO-8601 UTC strings from Date.toISOString(), so they compare correctly as text.

CREATE TABLE stations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  district TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  address TEXT,
  lat REAL,
  lng REAL,
  -- sha256 (hex) of the current bearer token; the token itself is shown once and never stored.
  token_hash TEXT UNIQUE,
  token_issued_at TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT
) STRICT;

CREATE INDEX stations_district ON stations (district);

CREATE TABLE operators (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'district-viewer')),
  district TEXT,
  created_at TEXT NOT NULL,
  CHECK ((role = 'admin' AND district IS NULL) OR (role = 'district-viewer' AND district IS NOT NULL))
) STRICT;

CREATE TABLE sessions (
  -- sha256 (hex) of the cookie value.
  id_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES operators (username) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE member_keys (
  kid TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  public_key TEXT NOT NULL,
  private_key_pem TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;

-- Secrets the hub makes for itself once, e.g. the key of the member pseudonym HMAC.
CREATE TABLE hub_secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT;

INSERT INTO hub_secrets (name, value) VALUES ('member-pseudonym', randomblob(32));

CREATE TABLE revoked_members (
  member TEXT PRIMARY KEY,
  revoked_at TEXT NOT NULL
) STRICT;

-- Every synced outbox event, once: (station, epoch, seq) is the station's own idempotency key.
CREATE TABLE events (
  station_id TEXT NOT NULL REFERENCES stations (id),
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (station_id, epoch, seq)
) STRICT, WITHOUT ROWID;

-- ack_seq: the highest seq of (station, epoch) held with no gap from 1.
CREATE TABLE sync_cursors (
  station_id TEXT NOT NULL REFERENCES stations (id),
  epoch TEXT NOT NULL,
  ack_seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (station_id, epoch)
) STRICT, WITHOUT ROWID;

-- day: the local date (hub time zone) of the event's `at`.
CREATE TABLE daily_visits (
  station_id TEXT NOT NULL REFERENCES stations (id),
  day TEXT NOT NULL,
  category TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('code', 'walk-in')),
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, day, category, method)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_rejections (
  station_id TEXT NOT NULL REFERENCES stations (id),
  day TEXT NOT NULL,
  reason TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (station_id, day, reason)
) STRICT, WITHOUT ROWID;
