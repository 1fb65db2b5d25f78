-- Member codes: keys for the union's member app, links to the member page.

-- An integration (the union's member app) issues codes with a bearer key; only its sha256 is kept.
CREATE TABLE integration_keys (
  name TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- A registered worker's personal link to the member page. Holds the pseudonym, never the member id;
-- the link token itself is shown once and kept only as its sha256.
CREATE TABLE member_links (
  token_hash TEXT PRIMARY KEY,
  member TEXT NOT NULL,
  category TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
CREATE INDEX member_links_member ON member_links (member);
