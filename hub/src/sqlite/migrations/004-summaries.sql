-- The alarm and feedback summaries are kept as they change, per station, so the office's all-time
-- summary costs the same with a thousand alarms stored or a million (sqlite/scope.ts, alarms/, feedback/).

CREATE TABLE alarm_counts (
  station_id TEXT PRIMARY KEY REFERENCES stations (id),
  open INTEGER NOT NULL DEFAULT 0,
  acknowledged INTEGER NOT NULL DEFAULT 0,
  cleared INTEGER NOT NULL DEFAULT 0,
  -- Alarms with an acknowledgement (cleared or not) and their minutes from raised to acknowledged.
  acked INTEGER NOT NULL DEFAULT 0,
  ack_minutes REAL NOT NULL DEFAULT 0,
  clear_minutes REAL NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

INSERT INTO alarm_counts (station_id, open, acknowledged, cleared, acked, ack_minutes, clear_minutes)
SELECT station_id,
  sum(cleared_at IS NULL AND acked_at IS NULL),
  sum(cleared_at IS NULL AND acked_at IS NOT NULL),
  sum(cleared_at IS NOT NULL),
  sum(acked_at IS NOT NULL),
  coalesce(sum((julianday(acked_at) - julianday(raised_at)) * 1440), 0),
  coalesce(sum((julianday(cleared_at) - julianday(raised_at)) * 1440), 0)
FROM alarms GROUP BY station_id;

CREATE TABLE feedback_counts (
  station_id TEXT NOT NULL REFERENCES stations (id),
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  cases INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  resolve_hours REAL NOT NULL,
  PRIMARY KEY (station_id, category, status)
) STRICT, WITHOUT ROWID;

INSERT INTO feedback_counts (station_id, category, status, cases, resolved, resolve_hours)
SELECT station_id, category, status, count(*), count(resolved_at),
  coalesce(sum((julianday(resolved_at) - julianday(created_at)) * 24), 0)
FROM feedback_cases GROUP BY station_id, category, status;

-- Keyset pages of schedules and announcements walk these (alarms and cases have theirs since 002).
CREATE INDEX schedules_start ON schedules (starts_local, id);
CREATE INDEX announcements_start ON announcements (starts_at, id);
