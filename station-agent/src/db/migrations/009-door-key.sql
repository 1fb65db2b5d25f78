-- The station's own Ed25519 key for its door QR codes (shared/src/door-code.ts): made once with the database;
-- the hub is told its public half over the live channel.
CREATE TABLE door_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  private_key_pem TEXT NOT NULL,
  public_key TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
