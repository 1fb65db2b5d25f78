-- Injury visits (工伤探视): case officers, enterprises, cases, their append-only activity log and the log of
-- every read of a case's personal fields.

-- A case officer works the cases of their district (or of every district when it is NULL). SQLite cannot
-- change a CHECK, so operators is rebuilt; dropping it would cascade to sessions, so they are put aside and back.
CREATE TEMP TABLE sessions_kept AS SELECT * FROM sessions;
CREATE TABLE operators_new (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'district-viewer', 'case-officer')),
  district TEXT,
  created_at TEXT NOT NULL,
  city TEXT,
  province TEXT,
  CHECK ((role = 'admin' AND district IS NULL) OR (role = 'district-viewer' AND district IS NOT NULL)
    OR role = 'case-officer')
) STRICT;
INSERT INTO operators_new (username, password_hash, role, district, created_at, city, province)
  SELECT username, password_hash, role, district, created_at, city, province FROM operators;
DROP TABLE operators;
ALTER TABLE operators_new RENAME TO operators;
INSERT INTO sessions SELECT * FROM temp.sessions_kept;
DROP TABLE temp.sessions_kept;

-- The office's list of enterprises, which declarations choose from.
CREATE TABLE injury_enterprises (
  enterprise_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  industry TEXT NOT NULL,
  district TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- One row per injured worker found. Only `personal` holds what names a person: name, phone and health
-- details, sealed with AES-256-GCM under a key from the hub's config (never in this file). The other
-- columns are what the analysis counts, and stay when the case is erased.
CREATE TABLE injury_cases (
  case_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('declared', 'eligible', 'visited', 'treatment', 'long-term-care', 'closed')),
  district TEXT NOT NULL,
  city TEXT,
  province TEXT,
  entry TEXT NOT NULL CHECK (entry IN ('phone', 'office', 'import')),
  found_through TEXT NOT NULL,
  via TEXT,
  enterprise_id TEXT REFERENCES injury_enterprises (enterprise_id),
  enterprise_name TEXT NOT NULL,
  industry TEXT NOT NULL,
  post TEXT NOT NULL,
  cause TEXT NOT NULL,
  injured_on TEXT NOT NULL,
  place TEXT,
  help TEXT NOT NULL,
  consent_at TEXT,
  declared_at TEXT NOT NULL,
  screened_at TEXT,
  eligible INTEGER,
  ineligible_reason TEXT,
  first_visit_on TEXT,
  last_visit_on TEXT,
  visits INTEGER NOT NULL DEFAULT 0,
  first_follow_up_on TEXT,
  follow_ups INTEGER NOT NULL DEFAULT 0,
  outcome TEXT CHECK (outcome IN ('recovered', 'treatment', 'disabled')),
  next_due TEXT,
  closed_at TEXT,
  closed_reason TEXT,
  erased_at TEXT,
  personal BLOB,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (erased_at IS NULL OR personal IS NULL)
) STRICT;
CREATE INDEX injury_cases_open ON injury_cases (district, next_due) WHERE closed_at IS NULL;
CREATE INDEX injury_cases_closed ON injury_cases (closed_at, case_id) WHERE closed_at IS NOT NULL;
CREATE INDEX injury_cases_injured ON injury_cases (injured_on);

-- Who did what to a case, when. Append-only: the one change allowed is erasing a sealed note.
CREATE TABLE injury_activity (
  case_id TEXT NOT NULL REFERENCES injury_cases (case_id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  details TEXT NOT NULL,
  note BLOB,
  PRIMARY KEY (case_id, seq)
) STRICT;
CREATE TRIGGER injury_activity_no_delete BEFORE DELETE ON injury_activity
BEGIN SELECT RAISE(ABORT, 'injury_activity is append-only'); END;
CREATE TRIGGER injury_activity_no_update BEFORE UPDATE ON injury_activity
WHEN NOT (NEW.note IS NULL AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq AND NEW.at = OLD.at
  AND NEW.actor = OLD.actor AND NEW.action = OLD.action AND NEW.details = OLD.details)
BEGIN SELECT RAISE(ABORT, 'injury_activity is append-only'); END;

-- Every read of a case's personal fields, for the admins. Append-only.
CREATE TABLE injury_access_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  case_id TEXT NOT NULL,
  what TEXT NOT NULL
) STRICT;
CREATE TRIGGER injury_access_log_no_delete BEFORE DELETE ON injury_access_log
BEGIN SELECT RAISE(ABORT, 'injury_access_log is append-only'); END;
CREATE TRIGGER injury_access_log_no_update BEFORE UPDATE ON injury_access_log
BEGIN SELECT RAISE(ABORT, 'injury_access_log is append-only'); END;
