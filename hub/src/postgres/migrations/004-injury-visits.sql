-- Injury visits (工伤探视): case officers, enterprises, cases, their append-only activity log and the log of
-- every read of a case's personal fields. The same tables and meanings as SQLite's 009-injury-visits.sql.

-- A case officer works the cases of their district (or of every district when it is NULL).
ALTER TABLE operators DROP CONSTRAINT operators_role_check;
ALTER TABLE operators DROP CONSTRAINT operators_check;
ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN ('admin', 'district-viewer', 'case-officer'));
ALTER TABLE operators ADD CONSTRAINT operators_check CHECK ((role = 'admin' AND district IS NULL)
  OR (role = 'district-viewer' AND district IS NOT NULL) OR role = 'case-officer');

CREATE TABLE injury_enterprises (
  enterprise_id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  industry TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL
);

-- Only `personal` names a person (AES-256-GCM under a key from the hub's config, never in the database).
CREATE TABLE injury_cases (
  case_id TEXT COLLATE "C" PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT COLLATE "C" NOT NULL
    CHECK (status IN ('declared', 'eligible', 'visited', 'treatment', 'long-term-care', 'closed')),
  district TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C",
  province TEXT COLLATE "C",
  entry TEXT COLLATE "C" NOT NULL CHECK (entry IN ('phone', 'office', 'import')),
  found_through TEXT COLLATE "C" NOT NULL,
  via TEXT COLLATE "C",
  enterprise_id TEXT COLLATE "C" REFERENCES injury_enterprises (enterprise_id),
  enterprise_name TEXT COLLATE "C" NOT NULL,
  industry TEXT COLLATE "C" NOT NULL,
  post TEXT COLLATE "C" NOT NULL,
  cause TEXT COLLATE "C" NOT NULL,
  injured_on TEXT COLLATE "C" NOT NULL,
  place TEXT COLLATE "C",
  help TEXT COLLATE "C" NOT NULL,
  consent_at TEXT COLLATE "C",
  declared_at TEXT COLLATE "C" NOT NULL,
  screened_at TEXT COLLATE "C",
  eligible BOOLEAN,
  ineligible_reason TEXT COLLATE "C",
  first_visit_on TEXT COLLATE "C",
  last_visit_on TEXT COLLATE "C",
  visits INTEGER NOT NULL DEFAULT 0,
  first_follow_up_on TEXT COLLATE "C",
  follow_ups INTEGER NOT NULL DEFAULT 0,
  outcome TEXT COLLATE "C" CHECK (outcome IN ('recovered', 'treatment', 'disabled')),
  next_due TEXT COLLATE "C",
  closed_at TEXT COLLATE "C",
  closed_reason TEXT COLLATE "C",
  erased_at TEXT COLLATE "C",
  personal BYTEA,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (erased_at IS NULL OR personal IS NULL)
);
CREATE INDEX injury_cases_open ON injury_cases (district, next_due) WHERE closed_at IS NULL;
CREATE INDEX injury_cases_closed ON injury_cases (closed_at, case_id) WHERE closed_at IS NOT NULL;
CREATE INDEX injury_cases_injured ON injury_cases (injured_on);

-- Append-only: the one change allowed is erasing a sealed note.
CREATE TABLE injury_activity (
  case_id TEXT COLLATE "C" NOT NULL REFERENCES injury_cases (case_id),
  seq INTEGER NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  actor TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  details TEXT COLLATE "C" NOT NULL,
  note BYTEA,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE injury_access_log (
  id BIGSERIAL PRIMARY KEY,
  at TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  case_id TEXT COLLATE "C" NOT NULL,
  what TEXT COLLATE "C" NOT NULL
);

-- The activity log takes one change: a note's text erased. The access log takes none.
CREATE FUNCTION injury_activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.note IS NULL AND (NEW.case_id, NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.details)
         = (OLD.case_id, OLD.seq, OLD.at, OLD.actor, OLD.action, OLD.details) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'injury_activity is append-only';
END $$;
CREATE TRIGGER injury_activity_append_only BEFORE UPDATE OR DELETE ON injury_activity
  FOR EACH ROW EXECUTE FUNCTION injury_activity_append_only();

CREATE FUNCTION injury_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'injury_access_log is append-only';
END $$;
CREATE TRIGGER injury_access_log_append_only BEFORE UPDATE OR DELETE ON injury_access_log
  FOR EACH ROW EXECUTE FUNCTION injury_access_log_append_only();
