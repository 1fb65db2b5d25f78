/** How a station is laid out in a row, the same on every engine (booleans are 0/1 on SQLite). */
import type { DescribedDevice } from '@yizhan/shared';
import type { StationProfile, StationRecord } from './schema.ts';

export interface StationRow {
  id: string;
  name: string;
  district: string;
  city: string | null;
  province: string | null;
  capacity: number;
  address: string | null;
  lat: number | null;
  lng: number | null;
  created_at: string;
  last_seen_at: string | null;
  retired_at: string | null;
  services: string;
  open_24h: number | boolean;
  hours: string | null;
}

export const COLUMNS =
  'id, name, district, city, province, capacity, address, lat, lng, created_at, last_seen_at, retired_at, services, open_24h, hours';

export function toRecord(row: StationRow): StationRecord {
  const profile: StationProfile = {
    id: row.id,
    name: row.name,
    district: row.district,
    city: row.city,
    province: row.province,
    capacity: row.capacity,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
  };
  return {
    ...profile,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    retiredAt: row.retired_at,
    services: JSON.parse(row.services) as string[],
    open24h: row.open_24h === 1 || row.open_24h === true,
    hours: row.hours,
  };
}

/** The kept device lists of `ids` by station, [] for a station that has not described its devices. */
export function devicesByStation(
  ids: readonly string[],
  rows: readonly { station_id: string; devices: string }[],
): Map<string, DescribedDevice[]> {
  const byStation = new Map(ids.map((id) => [id, [] as DescribedDevice[]]));
  for (const row of rows) byStation.set(row.station_id, JSON.parse(row.devices) as DescribedDevice[]);
  return byStation;
}
