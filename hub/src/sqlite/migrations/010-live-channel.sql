-- The live channel between the hub and its stations, the phone at the door and the office's remote controls
-- (DESIGN.md, "The live channel", "The door QR").

-- Which hub process holds each connected station's socket. A row counts only while its holder is alive
-- (channel_holders), so a process that dies takes its stations offline within seconds without a word.
CREATE TABLE station_channels (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  holder TEXT NOT NULL,
  connected_at TEXT NOT NULL,
  -- The appliances the station says the office may switch (JSON), as it said them on connecting.
  appliances TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE channel_holders (
  holder TEXT PRIMARY KEY,
  alive_until TEXT NOT NULL
) STRICT;

-- What the station says of its kiosk page (alive, or "screen not responding").
CREATE TABLE station_kiosks (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  status TEXT NOT NULL CHECK (status IN ('ok', 'not-responding', 'absent')),
  since TEXT NOT NULL,
  reported_at TEXT NOT NULL
) STRICT;

-- The last picture of each station's kiosk screen the office asked for.
CREATE TABLE station_screens (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  png BLOB NOT NULL,
  taken_at TEXT NOT NULL,
  asked_by TEXT NOT NULL
) STRICT;

-- Moves in the same transaction as anything a station's bundle is made of (keys, revocations, schedules,
-- notices, the registry, feedback replies): each hub process watches it and tells its connected stations.
CREATE TABLE bundle_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
) STRICT;
INSERT INTO bundle_generation (id, n) VALUES (1, 0);

CREATE TRIGGER bundle_keys_insert AFTER INSERT ON member_keys BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_keys_update AFTER UPDATE ON member_keys BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_revoked_insert AFTER INSERT ON revoked_members BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_revoked_delete AFTER DELETE ON revoked_members BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_schedules_insert AFTER INSERT ON schedules BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_schedules_update AFTER UPDATE ON schedules BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_schedules_delete AFTER DELETE ON schedules BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_notices_insert AFTER INSERT ON announcements BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_notices_update AFTER UPDATE ON announcements BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_notices_delete AFTER DELETE ON announcements BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_stations_insert AFTER INSERT ON stations BEGIN UPDATE bundle_generation SET n = n + 1; END;
-- Not on last_seen_at or the token: those change all the time and are in no bundle.
CREATE TRIGGER bundle_stations_update
  AFTER UPDATE OF name, district, capacity, lat, lng, services, open_24h, hours, retired_at ON stations
  BEGIN UPDATE bundle_generation SET n = n + 1; END;
CREATE TRIGGER bundle_replies_update AFTER UPDATE OF status, reply ON feedback_cases
  BEGIN UPDATE bundle_generation SET n = n + 1; END;

-- The public half of each station's door key: door QR codes are checked with it.
CREATE TABLE station_door_keys (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  public_key TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Each door QR code admits a member once (its window and nonce); rows go once the window has passed.
CREATE TABLE door_code_uses (
  station_id TEXT NOT NULL,
  win INTEGER NOT NULL,
  nonce TEXT NOT NULL,
  member TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (station_id, win, nonce, member)
) STRICT, WITHOUT ROWID;
CREATE INDEX door_code_uses_win ON door_code_uses (win);

-- Phones that scanned a door QR: sha256 of the cookie, the pseudonym and the category chosen on the first visit.
CREATE TABLE phone_members (
  token_hash TEXT PRIMARY KEY,
  member TEXT NOT NULL,
  category TEXT NOT NULL,
  consent_at TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Every switch of an appliance's plug the office asked for: who, when, and what the station answered.
CREATE TABLE appliance_power_log (
  id INTEGER PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations (id),
  device TEXT NOT NULL,
  power_on INTEGER NOT NULL CHECK (power_on IN (0, 1)),
  asked_by TEXT NOT NULL,
  at TEXT NOT NULL,
  outcome TEXT NOT NULL
) STRICT;
CREATE INDEX appliance_power_log_station ON appliance_power_log (station_id, at);
