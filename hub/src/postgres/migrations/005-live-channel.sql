-- The live channel, the phone at the door and the office's remote controls: the same tables and meanings as
-- the SQLite engine's migration 010.

CREATE TABLE station_channels (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  holder TEXT COLLATE "C" NOT NULL,
  connected_at TEXT COLLATE "C" NOT NULL,
  -- The appliances the station says the office may switch (JSON), as it said them on connecting.
  appliances TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE channel_holders (
  holder TEXT COLLATE "C" PRIMARY KEY,
  alive_until TEXT COLLATE "C" NOT NULL
);

CREATE TABLE station_kiosks (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('ok', 'not-responding', 'absent')),
  since TEXT COLLATE "C" NOT NULL,
  reported_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE station_screens (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  png BYTEA NOT NULL,
  taken_at TEXT COLLATE "C" NOT NULL,
  asked_by TEXT COLLATE "C" NOT NULL
);

CREATE TABLE bundle_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO bundle_generation (id, n) VALUES (1, 0);

CREATE FUNCTION bump_bundle_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bundle_generation SET n = n + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER bundle_keys AFTER INSERT OR UPDATE ON member_keys
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();
CREATE TRIGGER bundle_revoked AFTER INSERT OR DELETE ON revoked_members
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();
CREATE TRIGGER bundle_schedules AFTER INSERT OR UPDATE OR DELETE ON schedules
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();
CREATE TRIGGER bundle_notices AFTER INSERT OR UPDATE OR DELETE ON announcements
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();
CREATE TRIGGER bundle_stations_insert AFTER INSERT ON stations
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();
-- Not on last_seen_at or the token: those change all the time and are in no bundle.
CREATE TRIGGER bundle_stations_update
  AFTER UPDATE OF name, district, capacity, lat, lng, services, open_24h, hours, retired_at ON stations
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();
CREATE TRIGGER bundle_replies AFTER UPDATE OF status, reply ON feedback_cases
  FOR EACH STATEMENT EXECUTE FUNCTION bump_bundle_generation();

CREATE TABLE station_door_keys (
  station_id TEXT COLLATE "C" PRIMARY KEY REFERENCES stations (id),
  public_key TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE door_code_uses (
  station_id TEXT COLLATE "C" NOT NULL,
  win BIGINT NOT NULL,
  nonce TEXT COLLATE "C" NOT NULL,
  member TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (station_id, win, nonce, member)
);
CREATE INDEX door_code_uses_win ON door_code_uses (win);

CREATE TABLE phone_members (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  member TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  consent_at TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE appliance_power_log (
  id BIGSERIAL PRIMARY KEY,
  station_id TEXT COLLATE "C" NOT NULL REFERENCES stations (id),
  device TEXT COLLATE "C" NOT NULL,
  power_on BOOLEAN NOT NULL,
  asked_by TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  outcome TEXT COLLATE "C" NOT NULL
);
CREATE INDEX appliance_power_log_station ON appliance_power_log (station_id, at, id);
