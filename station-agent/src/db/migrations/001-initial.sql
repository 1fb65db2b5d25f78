-- The station's own facts. Every fact the hub needs is appended to outbox in the same transaction.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- seq is the outbox sequence number of this database's epoch (1, 2, 3…).
CREATE TABLE outbox (
  seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  type  TEXT NOT NULL,
  at    TEXT NOT NULL,
  body  TEXT NOT NULL,
  acked_at TEXT
) STRICT;
CREATE INDEX outbox_unacked ON outbox (seq) WHERE acked_at IS NULL;

CREATE TABLE visits (
  id          TEXT PRIMARY KEY,
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  end_reason  TEXT,
  method      TEXT NOT NULL CHECK (method IN ('code', 'walk-in')),
  category    TEXT NOT NULL,
  member      TEXT,           -- an opaque pseudonym from the code; NULL for walk-ins
  code_id     TEXT UNIQUE     -- the code's jti: one visit per code
) STRICT;
CREATE INDEX visits_started ON visits (started_at);

-- Replay cache: a code's jti is kept until the code has expired (plus clock skew).
CREATE TABLE used_codes (
  jti        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE rejected_scans (
  id     INTEGER PRIMARY KEY,
  at     TEXT NOT NULL,
  reason TEXT NOT NULL
) STRICT;

CREATE TABLE appliance_sessions (
  id         INTEGER PRIMARY KEY,
  device     TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at   TEXT NOT NULL,
  seconds    REAL NOT NULL
) STRICT;

-- The last bundle from the hub, served while the hub is away.
CREATE TABLE bundle (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  version    TEXT NOT NULL,
  json       TEXT NOT NULL,
  fetched_at TEXT NOT NULL
) STRICT;
