import { floatingMs, type ZoneClock } from '../schedules/occurrences.ts';

/** Local days [from, to] (inclusive) as the UTC instants [fromIso, toIso). */
export function instantRange(zone: ZoneClock, from: string, to: string): { fromIso: string; toIso: string } {
  return {
    fromIso: new Date(zone.toInstant(floatingMs(`${from}T00:00`))).toISOString(),
    toIso: new Date(zone.toInstant(floatingMs(`${to}T00:00`) + 86_400_000)).toISOString(),
  };
}
