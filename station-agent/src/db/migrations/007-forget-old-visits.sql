-- Visits, unlocks and refused scans are forgotten after retention.visitDays (once the hub has them): these
-- let the pruning find the old rows without reading the whole table.
CREATE INDEX door_unlocks_commanded ON door_unlocks (commanded_at);
CREATE INDEX rejected_scans_at ON rejected_scans (at);
