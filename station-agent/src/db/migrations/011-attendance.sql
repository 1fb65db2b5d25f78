-- Sign-ins at events that ask for them (an occurrence's id from the hub's bundle): with the member code at the
-- door, once per member and occurrence; or by a tap on the kiosk, with no member. Each goes to the hub as an
-- event.attended outbox event in the same transaction.
CREATE TABLE attendance (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  method   TEXT NOT NULL CHECK (method IN ('code', 'tap')),
  category TEXT NOT NULL,
  member   TEXT,            -- the opaque pseudonym for a code; NULL for a tap
  at       TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX attendance_once ON attendance (event_id, member) WHERE member IS NOT NULL;
