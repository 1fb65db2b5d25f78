import type { DayRange, StationScope } from '../scope.ts';
import type { AreaFilter } from '../sync/store.ts';

// Every scoped read joins stations as `s` and binds @district, @city, @province and @station; NULL means "any".
export const SCOPE = `(@district IS NULL OR s.district = @district) AND (@station IS NULL OR s.id = @station)
  AND (@city IS NULL OR coalesce(s.city, '') = @city) AND (@province IS NULL OR coalesce(s.province, '') = @province)`;
export const IN_RANGE = `${SCOPE} AND day BETWEEN @from AND @to`;
export const scopeParams = (s: StationScope) => ({
  district: s.district ?? null,
  city: s.city ?? null,
  province: s.province ?? null,
  station: s.stationId ?? null,
});
export const rangeParams = (r: DayRange) => ({ ...scopeParams(r), from: r.from, to: r.to });

/** Stations (`s`) in an area filter: @province, @city, @district, each NULL for "any". */
export const AREA_FILTER = `(@province IS NULL OR coalesce(s.province, '') = @province)
  AND (@city IS NULL OR coalesce(s.city, '') = @city) AND (@district IS NULL OR s.district = @district)`;
export const areaFilterParams = (f: AreaFilter) => ({
  province: f.province ?? null,
  city: f.city ?? null,
  district: f.district ?? null,
});
