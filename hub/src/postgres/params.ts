import type { DayRange, StationScope } from '../scope.ts';

/** Collects a statement's values and hands out their `$n` placeholders, so SQL fragments can be shared. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Stations (joined as `s`) in scope: a NULL district or station means "any". */
export function scopeSql(p: Params, scope: StationScope): string {
  const district = p.add(scope.district ?? null);
  const station = p.add(scope.stationId ?? null);
  const city = p.add(scope.city ?? null);
  const province = p.add(scope.province ?? null);
  return `(${district}::text IS NULL OR s.district = ${district}) AND (${station}::text IS NULL OR s.id = ${station})
    AND (${city}::text IS NULL OR coalesce(s.city, '') = ${city})
    AND (${province}::text IS NULL OR coalesce(s.province, '') = ${province})`;
}

/** Scope and a range of local days over a `day` column. */
export function rangeSql(p: Params, range: DayRange, day = 'day'): string {
  return `${scopeSql(p, range)} AND ${day} BETWEEN ${p.add(range.from)} AND ${p.add(range.to)}`;
}
