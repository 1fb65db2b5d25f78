-- Work that one hub process does at a time (the check for stations going silent). A SQLite hub is one
-- process, so it always holds its leases; the table is the same as on PostgreSQL, where processes compete.
CREATE TABLE hub_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
