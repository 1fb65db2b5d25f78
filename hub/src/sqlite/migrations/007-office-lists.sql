-- The office's lists of alarms and feedback cases cost the same with a thousand rows stored or a million
-- (bench/hub-lists.bench.ts): the newest page with its summary, a station's or a status's page, and the page
-- after any cursor.

-- The whole hub's feedback counts by category and status, so the all-time summary reads a few dozen rows,
-- not one per station, category and status (15,000 at 500 stations). Kept by triggers on feedback_counts:
-- whatever moves a station's counts moves the hub's by the same amount, in the same statement.

CREATE TABLE feedback_totals (
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  cases INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  resolve_hours REAL NOT NULL,
  PRIMARY KEY (category, status)
) STRICT, WITHOUT ROWID;

INSERT INTO feedback_totals (category, status, cases, resolved, resolve_hours)
SELECT category, status, sum(cases), sum(resolved), sum(resolve_hours) FROM feedback_counts GROUP BY category, status;

CREATE TRIGGER feedback_totals_insert AFTER INSERT ON feedback_counts BEGIN
  INSERT INTO feedback_totals (category, status, cases, resolved, resolve_hours)
  VALUES (NEW.category, NEW.status, NEW.cases, NEW.resolved, NEW.resolve_hours)
  ON CONFLICT (category, status) DO UPDATE SET cases = cases + excluded.cases,
    resolved = resolved + excluded.resolved, resolve_hours = resolve_hours + excluded.resolve_hours;
END;

CREATE TRIGGER feedback_totals_update AFTER UPDATE ON feedback_counts BEGIN
  INSERT INTO feedback_totals (category, status, cases, resolved, resolve_hours)
  VALUES (NEW.category, NEW.status, NEW.cases - OLD.cases, NEW.resolved - OLD.resolved,
    NEW.resolve_hours - OLD.resolve_hours)
  ON CONFLICT (category, status) DO UPDATE SET cases = cases + excluded.cases,
    resolved = resolved + excluded.resolved, resolve_hours = resolve_hours + excluded.resolve_hours;
END;

-- Pages newest first (sqlite/newest-first.ts) seek these for a station's rows, open and acknowledged alarms,
-- and cases by status; time, range and cursor seek alarms_raised and feedback_created (since 002). Each
-- carries the rest of its table's key, so a page ends where its LIMIT does.
CREATE INDEX alarms_station_raised ON alarms (station_id, raised_at);
CREATE INDEX alarms_unresolved ON alarms (raised_at) WHERE cleared_at IS NULL;
CREATE INDEX feedback_station_created ON feedback_cases (station_id, created_at);
CREATE INDEX feedback_status_created ON feedback_cases (status, created_at);
