-- What the people counters have told (the counted part of the estimate and each counter's last totals),
-- so that a restarted agent still knows who is inside. One row, replaced as it changes.
CREATE TABLE occupancy_memory (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  json     TEXT NOT NULL,
  saved_at TEXT NOT NULL
) STRICT;
