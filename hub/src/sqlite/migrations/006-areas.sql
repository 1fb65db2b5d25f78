-- The levels above the district, for a hub that serves a province or the country (a city hub needs
-- neither), and whether each station counts as online in the kept totals: set when it is heard from, cleared
-- by the silent-station sweep (live/presence-watch.ts), so totals need no pass over every station.
ALTER TABLE stations ADD COLUMN city TEXT;
ALTER TABLE stations ADD COLUMN province TEXT;
ALTER TABLE station_live ADD COLUMN online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1));
CREATE INDEX stations_areas ON stations (province, city, district);

-- Visits per area (province, city, district; '' where a level is not set) and local day or year, counted as
-- batches are ingested, under the area the station was in then: the totals of a province or the country are
-- read from these rows, not from every station's.
CREATE TABLE area_days (
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  district TEXT NOT NULL,
  day TEXT NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (day, province, city, district)
) STRICT, WITHOUT ROWID;

CREATE TABLE area_years (
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  district TEXT NOT NULL,
  year TEXT NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (year, province, city, district)
) STRICT, WITHOUT ROWID;
