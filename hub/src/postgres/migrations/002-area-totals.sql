-- Totals by area (province, city, district; '' where a level is not set) kept as they change, so the
-- country's, a province's or a city's totals are read from a few thousand rows, never from every station.
-- `online` and `inside` follow each station's online mark: set when it is heard from, cleared by the
-- silent-station sweep; a registry change recounts the areas it touches. Visits are counted per local day
-- and year as batches are ingested, under the area the station was in then.
ALTER TABLE station_live ADD COLUMN online BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX stations_areas ON stations (province, city, district);

CREATE TABLE area_totals (
  province TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C" NOT NULL,
  stations INTEGER NOT NULL DEFAULT 0,
  online INTEGER NOT NULL DEFAULT 0,
  inside INTEGER NOT NULL DEFAULT 0,
  open_alarms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (province, city, district)
);

CREATE TABLE area_days (
  province TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C" NOT NULL,
  day TEXT COLLATE "C" NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (day, province, city, district)
);

CREATE TABLE area_years (
  province TEXT COLLATE "C" NOT NULL,
  city TEXT COLLATE "C" NOT NULL,
  district TEXT COLLATE "C" NOT NULL,
  year TEXT COLLATE "C" NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (year, province, city, district)
);
