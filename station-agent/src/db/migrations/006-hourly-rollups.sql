-- Hourly rollups: minute rollups older than retention.minuteRollupDays are folded into these (count and sum
-- added, min of lows, max of highs, the last minute's last) and deleted in the same transaction; these are
-- kept retention.rollupDays. A year of a 20-device station is then tens of MB, not gigabytes.
CREATE TABLE reading_rollups_hourly (
  device TEXT NOT NULL,
  field  TEXT NOT NULL,
  hour   INTEGER NOT NULL, -- epoch hours
  n      INTEGER NOT NULL,
  total  REAL NOT NULL,
  lo     REAL NOT NULL,
  hi     REAL NOT NULL,
  last   REAL NOT NULL,
  PRIMARY KEY (device, field, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX reading_rollups_hourly_hour ON reading_rollups_hourly (hour);
