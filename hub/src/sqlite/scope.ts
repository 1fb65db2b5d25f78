import type { DayRange, StationScope } from '../scope.ts';

// Every scoped read joins stations as `s` and binds @district and @station; NULL means "any".
export const SCOPE = '(@district IS NULL OR s.district = @district) AND (@station IS NULL OR s.id = @station)';
export const IN_RANGE = `${SCOPE} AND day BETWEEN @from AND @to`;
export const scopeParams = (s: StationScope) => ({ district: s.district ?? null, station: s.stationId ?? null });
export const rangeParams = (r: DayRange) => ({ ...scopeParams(r), from: r.from, to: r.to });

/** A mean over `count` items rounded to two decimals, as every summary shows it; null over none. */
export const roundedMean = (sum: number, count: number): number | null =>
  count === 0 ? null : Math.round((sum / count) * 100) / 100;
