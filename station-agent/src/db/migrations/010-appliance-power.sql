-- Remote appliance power (docs/devices.md, "Remote power"): the last switch of each appliance the office or the
-- opening hours made (what the kiosk shows as "switched off by the office"), and every switch, for the log.
CREATE TABLE appliance_power (
  device TEXT PRIMARY KEY,
  power_on INTEGER NOT NULL CHECK (power_on IN (0, 1)),
  by TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

CREATE TABLE appliance_switches (
  id INTEGER PRIMARY KEY,
  device TEXT NOT NULL,
  power_on INTEGER NOT NULL CHECK (power_on IN (0, 1)),
  by TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX appliance_switches_at ON appliance_switches (at);
