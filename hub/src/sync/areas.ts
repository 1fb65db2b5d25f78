/** Areas as both engines key them: province, city and district, '' where a level is not set. */
import type { AreaCounts, AreaLevel, AreaTotalsRow } from './store.ts';

export type AreaKey = [province: string, city: string, district: string];

/** The SQL of the key columns at `level` over a table or alias `t` whose columns are the area's. */
export function levelKey(level: AreaLevel, t: { province: string; city: string; district: string }): string[] {
  const blank = "''";
  return [
    level === 'country' ? blank : t.province,
    level === 'country' || level === 'province' ? blank : t.city,
    level === 'district' ? t.district : blank,
  ];
}

/** A totals row from its key and counts ('' levels read as null). */
export function totalsRow(key: AreaKey, counts: AreaCounts): AreaTotalsRow {
  const [province, city, district] = key;
  return {
    province: province || null,
    city: city || null,
    district: district || null,
    ...counts,
  };
}
