/** Query and path pieces the office's routes share. */
import { stationId } from '@yizhan/shared';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import type { Operator } from '../operators/schema.ts';
import type { StationRecord } from '../stations/schema.ts';
import type { HubStore } from '../store.ts';
import { assertCanView } from './principals.ts';

export const calendarDate = z.iso.date();

/** Reports cover at most a year plus a day (a leap year from Jan 1 to Jan 1). */
const MAX_RANGE_DAYS = 367;

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`, both inclusive local days. */
export const dayRangeQuery = z
  .object({ from: calendarDate, to: calendarDate })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_RANGE_DAYS * 86_400_000, {
    message: `at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

export const stationParams = z.object({ id: stationId });

/** A district, city or province name in a query: no control characters (PostgreSQL refuses NUL). */
export const areaName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters');

/** `?from=&to=` that may be left out, but only both together, and from not after to. */
export const optionalDayRange = <T extends { from?: string; to?: string }>(query: z.ZodType<T>) =>
  query
    .refine((q) => (q.from === undefined) === (q.to === undefined), {
      message: 'give both from and to, or neither',
      path: ['to'],
    })
    .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
      message: 'from must not be after to',
      path: ['to'],
    });

export async function existingStation(store: HubStore, id: string): Promise<StationRecord> {
  const station = await store.stations.get(id);
  if (!station) throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
  return station;
}

/** The station if it exists and the operator may see it. */
export async function viewableStation(store: HubStore, operator: Operator, id: string): Promise<StationRecord> {
  const station = await existingStation(store, id);
  assertCanView(operator, station);
  return station;
}
