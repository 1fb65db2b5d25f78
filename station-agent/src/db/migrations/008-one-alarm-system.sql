-- The door held open is an alarm like every other (alarms/alarm-rules.ts): its open row moves into `alarms`,
-- where the rules take it up again after the upgrade and clear it when the door is seen closed.
INSERT INTO alarms (id, rule, device, detail, raised_at)
  SELECT id, 'door-held-open', device, 'door held open (raised before the upgrade)', raised_at
  FROM door_alarms WHERE cleared_at IS NULL;
DROP TABLE door_alarms;

-- Each device's last state as the kiosk saw it, so a restarted agent shows it (marked unconfirmed, with its
-- age) until the device speaks again. On the readings connection: a power cut may lose the last second of it.
CREATE TABLE device_last_state (
  device     TEXT PRIMARY KEY,
  json       TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- The Home Assistant discovery configs this station has published, so one for a device that has left the
-- config can be removed (an empty retained message on its topic).
CREATE TABLE home_assistant_configs (
  topic TEXT PRIMARY KEY
) STRICT;
